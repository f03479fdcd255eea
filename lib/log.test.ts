import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, summarizeError } from "./log";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger(destination), lines };
}

describe("log", () => {
  it("writes JSON lines and redacts passwords, secrets, tokens and authorization headers wherever they sit", () => {
    const { logger, lines } = capture();
    logger.error(
      {
        password: "hunter2-top",
        connection: { secret: "v1.nonce.cipher.tag", password: "nested-pass" },
        request: { headers: { authorization: "NTLM TlRMTVNTUAAB", cookie: "authjs.session-token=abc" } },
        invite: { token: "invite-token-value" },
        mailbox: "alice@contoso.test",
      },
      "connection test failed",
    );
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? "";
    const entry = JSON.parse(line) as Record<string, unknown>;
    expect(entry.msg).toBe("connection test failed");
    expect(entry.mailbox).toBe("alice@contoso.test");
    for (const secret of [
      "hunter2-top",
      "nested-pass",
      "v1.nonce.cipher.tag",
      "TlRMTVNTUAAB",
      "abc",
      "invite-token-value",
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain("[redacted]");
  });

  it("logs a failed query's message and stack but never its bound parameters", () => {
    const { logger, lines } = capture();
    const queryError = Object.assign(
      new Error(
        'Failed query: insert into "exchange_connections" ("secret") values ($1)\nparams: v1.SEALED-SECRET.x.y',
      ),
      {
        name: "DrizzleQueryError",
        params: ["v1.SEALED-SECRET.x.y"],
        cause: Object.assign(new Error("duplicate key"), { code: "23505" }),
      },
    );
    logger.error({ error: summarizeError(queryError) }, "unexpected error in a server action");
    const line = lines[0] ?? "";
    expect(line).not.toContain("SEALED-SECRET");
    const entry = JSON.parse(line) as { error: { type: string; message: string; cause: { code: string } } };
    expect(entry.error.type).toBe("DrizzleQueryError");
    expect(entry.error.message).toBe('Failed query: insert into "exchange_connections" ("secret") values ($1)');
    expect(entry.error.cause.code).toBe("23505");
  });

  it("keeps a Postgres error's message only where its kind names objects, never values", () => {
    const { logger, lines } = capture();
    // What pg (pg-boss's driver) throws: the message of a data exception quotes the value.
    const badValue = Object.assign(new Error('invalid input syntax for type uuid: "SEARCH-TEXT"'), {
      code: "22P02",
      severity: "ERROR",
    });
    const taken = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), {
      code: "23505",
      severity: "ERROR",
      detail: "Key (email)=(alice@contoso.test) already exists.",
    });
    logger.error({ a: summarizeError(badValue), b: summarizeError(taken) }, "job queue error");
    const line = lines[0] ?? "";
    expect(line).not.toContain("SEARCH-TEXT");
    expect(line).not.toContain("alice@contoso.test");
    const entry = JSON.parse(line) as { a: { message: string }; b: { message: string } };
    expect(entry.a.message).toBe("SQLSTATE 22P02");
    expect(entry.b.message).toBe('duplicate key value violates unique constraint "users_email_key"');
  });

  it("summarises an error logged as it is, and keeps a summary's type", () => {
    const { logger, lines } = capture();
    const queryError = Object.assign(new Error("Failed query: select $1::uuid\nparams: RAW-CANARY"), {
      params: ["RAW-CANARY"],
    });
    logger.error({ err: queryError, error: summarizeError(new TypeError("bad")) }, "failed");
    const line = lines[0] ?? "";
    expect(line).not.toContain("RAW-CANARY");
    const entry = JSON.parse(line) as { err: { type: string; message: string }; error: { type: string } };
    expect(entry.err).toMatchObject({ type: "Error", message: "Failed query: select $1::uuid" });
    expect(entry.error.type).toBe("TypeError");
  });
});
