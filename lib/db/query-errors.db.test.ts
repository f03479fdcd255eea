import { randomUUID } from "node:crypto";
import { inspect } from "node:util";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { onRequestError } from "@/instrumentation";
import { toActionError } from "@/lib/actions/action-error";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { organisations, users } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { routeConsoleErrorsToLog } from "@/lib/framework-log";
import { captureLog } from "@/testing/log-capture";

// A failed query must not carry its bound values (an organisation id, a user id, search text, a password
// hash) into any log: not through the app's own error paths, not through Next.js's report of an error
// that escapes a page, route handler or action.

const CANARY = `canary-${randomUUID()}`;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let organisationId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  const [organisation] = await db().insert(organisations).values({ name: "Canary Ltd" }).returning();
  organisationId = organisation?.id ?? "";
  await db()
    .insert(users)
    .values({ organisationId, email: `taken-${CANARY}@example.com`, name: "Taken" });
  await db().execute(
    sql`create table canary_deferred (v text, constraint canary_deferred_v_key unique (v) deferrable initially deferred)`,
  );
});
afterAll(() => database.drop());

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error;
}

const failures: Record<string, { run: () => Promise<unknown>; code: string }> = {
  "a value that does not fit its column (the message quotes it)": {
    run: () => db().select().from(users).where(eq(users.id, CANARY)),
    code: "22P02",
  },
  "a unique violation (the detail names the key)": {
    run: () =>
      db()
        .insert(users)
        .values({ organisationId, email: `taken-${CANARY}@example.com`, name: "Again" }),
    code: "23505",
  },
  "a not-null violation (the detail shows the failing row)": {
    run: () =>
      db().execute(sql`insert into users (organisation_id, email, name) values (${organisationId}, null, ${CANARY})`),
    code: "23502",
  },
  "a violation inside a transaction": {
    run: () =>
      db().transaction(async (tx) => {
        await tx.insert(users).values({ organisationId, email: `taken-${CANARY}@example.com`, name: "In a tx" });
      }),
    code: "23505",
  },
  "a deferred constraint that fails at commit": {
    run: () =>
      db().transaction(async (tx) => {
        await tx.execute(sql`insert into canary_deferred values (${CANARY}), (${CANARY})`);
      }),
    code: "23505",
  },
};

describe.each(Object.entries(failures))("%s", (_name, { run, code }) => {
  it("reaches the caller without the bound value, with the SQLSTATE", async () => {
    const error = await failure(run);
    // What console.error (Next.js's report of an escaped error) prints: message, stack, cause, properties.
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(CANARY);
    expect(JSON.stringify(error)).not.toContain(CANARY);
    expect((error as { code?: string }).code).toBe(code);
  });

  it("logs no bound value through a server action's error path", async () => {
    const error = await failure(run);
    const log = captureLog();
    try {
      const result = await toActionError(error);
      expect(result).toMatchObject({ ok: false, code: "internal" });
      expect(JSON.stringify(result)).not.toContain(CANARY);
    } finally {
      log.restore();
    }
    expect(log.lines).toHaveLength(1);
    expect(log.text()).not.toContain(CANARY);
    expect(log.text()).toContain(code);
  });

  it("logs no bound value through Next.js's onRequestError and console.error", async () => {
    const error = await failure(run);
    const log = captureLog();
    const restoreConsole = routeConsoleErrorsToLog();
    vi.stubEnv("NEXT_RUNTIME", "nodejs"); // as in Next.js's Node.js server
    try {
      // What Next.js does with an error that escapes a request: prints it, then calls the hook.
      console.error(error);
      console.error(" ⨯", error);
      await onRequestError(
        error,
        {
          path: `/team?q=${CANARY}`,
          method: "POST",
          headers: { "x-request-id": "req-canary-1", cookie: `authjs.session-token=${CANARY}` },
        },
        { routerKind: "App Router", routePath: "/team", routeType: "action", revalidateReason: undefined },
      );
    } finally {
      vi.unstubAllEnvs();
      restoreConsole();
      log.restore();
    }
    expect(log.lines).toHaveLength(3);
    expect(log.text()).not.toContain(CANARY);
    const request = JSON.parse(log.lines[2] ?? "{}") as Record<string, unknown>;
    expect(request).toMatchObject({ requestId: "req-canary-1", method: "POST", path: "/team", routeType: "action" });
    expect(request.err).toMatchObject({ type: "DatabaseQueryError", code });
  });
});

it("keeps what the app and operators need: the constraint, the SQL text with placeholders", async () => {
  const error = await failure(failures["a unique violation (the detail names the key)"]?.run ?? (async () => {}));
  expect(isUniqueViolation(error, "users_email_key")).toBe(true);
  expect((error as Error).message).toMatch(/insert into "users"/);
  expect((error as Error).message).toContain("$1");
});
