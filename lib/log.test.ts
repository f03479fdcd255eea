import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./log";

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
});
