import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { rateLimits, users } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { AppError } from "@/lib/errors";
import { actorFor, newOrganisation } from "@/lib/organisations/test-helpers";
import { changePassword } from "./change-password";
import { verifyPassword } from "./password";
import { consumeRateLimit, RateLimitedError, resetRateLimit } from "./rate-limit";
import { createSessionRecord, deleteSessionRecord, findActiveSession } from "./sessions";
import { countSignInAttempt, signInSucceeded } from "./sign-in-limits";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe("sessions", () => {
  it("ends when its row is deleted or has expired", async () => {
    const owner = await newOrganisation();
    const sessionId = await createSessionRecord(owner.userId);
    expect((await findActiveSession(sessionId))?.userId).toBe(owner.userId);
    await db().execute(sql`update sessions set expires_at = now() - interval '1 second' where id = ${sessionId}`);
    expect(await findActiveSession(sessionId)).toBeNull();

    const another = await createSessionRecord(owner.userId);
    await deleteSessionRecord(another);
    expect(await findActiveSession(another)).toBeNull();
  });
});

describe("changePassword", () => {
  it("signs the user out everywhere else and keeps the current session", async () => {
    const user = await newOrganisation();
    const elsewhere = await actorFor(user.userId);
    await changePassword({ user, currentPassword: "correct horse battery", newPassword: "a brand new secret" });
    expect(await findActiveSession(user.sessionId)).not.toBeNull();
    expect(await findActiveSession(elsewhere.sessionId)).toBeNull();
  });

  it("refuses a wrong current password and keeps the old one", async () => {
    const user = await newOrganisation();
    const error = await changePassword({
      user,
      currentPassword: "wrong guess",
      newPassword: "a brand new secret",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    const [row] = await db().select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.userId));
    expect(await verifyPassword({ hash: row?.hash, password: "correct horse battery" })).toBe(true);
  });
});

describe("rate limits", () => {
  it("allows the budget, refuses the next attempt with a wait, and resets", async () => {
    const key = `limit-${Math.random()}@example.com`;
    for (let i = 0; i < 5; i++) await consumeRateLimit({ policy: "signInByAccountAndIp", key });
    const error = await consumeRateLimit({ policy: "signInByAccountAndIp", key }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBeGreaterThan(14 * 60);
    await resetRateLimit({ policy: "signInByAccountAndIp", key });
    await expect(consumeRateLimit({ policy: "signInByAccountAndIp", key })).resolves.toBeUndefined();
  });

  it("counts concurrent attempts exactly", async () => {
    const key = `burst-${Math.random()}`;
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => consumeRateLimit({ policy: "signInByAccountAndIp", key })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
  });

  it("locks an account out only from the address its wrong passwords came from", async () => {
    const email = `owner-${Math.random()}@example.com`;
    const attacker = "203.0.113.66";
    const office = "198.51.100.10";
    for (let i = 0; i < 5; i++) await countSignInAttempt({ email, client: attacker });
    const locked = await countSignInAttempt({ email, client: attacker }).catch((e: unknown) => e);
    expect(locked).toBeInstanceOf(RateLimitedError);
    // The owner, from their own network, signs in as usual.
    await expect(countSignInAttempt({ email, client: office })).resolves.toBeUndefined();
    await signInSucceeded({ email, client: office });
  });

  it("stops guesses spread over many addresses at the account's ceiling of 50, for everyone", async () => {
    const email = `spread-${Math.random()}@example.com`;
    for (let address = 0; address < 10; address++) {
      for (let i = 0; i < 5; i++) await countSignInAttempt({ email, client: `203.0.113.${address}` });
    }
    const fromAnother = await countSignInAttempt({ email, client: "198.51.100.10" }).catch((e: unknown) => e);
    expect(fromAnother).toBeInstanceOf(RateLimitedError);
  });

  it("does not count a successful sign-in toward the ceiling", async () => {
    const email = `regular-${Math.random()}@example.com`;
    for (let i = 0; i < 60; i++) {
      const client = `198.51.100.${i % 3}`;
      await countSignInAttempt({ email, client });
      await signInSucceeded({ email, client });
    }
    await expect(countSignInAttempt({ email, client: "198.51.100.1" })).resolves.toBeUndefined();
  });

  it("keeps its counters in Postgres, where every app instance sees them", async () => {
    const key = `shared-${Math.random()}`;
    await consumeRateLimit({ policy: "signInByIp", key });
    const rows = await db()
      .select()
      .from(rateLimits)
      .where(eq(rateLimits.key, `signInByIp:${key}`));
    expect(rows).toEqual([expect.objectContaining({ points: 1 })]);
  });

  it("starts a new window once the old one has expired, and keeps the window's end while it runs", async () => {
    const key = `window-${Math.random()}`;
    const rowKey = `signInByIp:${key}`;
    const read = async () => (await db().select().from(rateLimits).where(eq(rateLimits.key, rowKey)))[0];
    await consumeRateLimit({ policy: "signInByIp", key });
    const first = await read();
    await consumeRateLimit({ policy: "signInByIp", key });
    expect(await read()).toEqual({ ...first, points: 2 });
    await db()
      .update(rateLimits)
      .set({ expire: new Date(Date.now() - 1000) })
      .where(eq(rateLimits.key, rowKey));
    await consumeRateLimit({ policy: "signInByIp", key });
    const renewed = await read();
    expect(renewed?.points).toBe(1);
    expect(renewed?.expire?.getTime()).toBeGreaterThan(Date.now() + 14 * 60 * 1000);
  });

  it("keeps the counters in an unlogged table: counting never waits for a WAL flush", async () => {
    const rows = await db().execute<{ persistence: string }>(
      sql`select relpersistence as persistence from pg_class where relname = 'rate_limits'`,
    );
    const list = Array.isArray(rows) ? rows : (rows as unknown as { rows: { persistence: string }[] }).rows;
    expect(list.map((row) => row.persistence)).toEqual(["u"]);
  });
});

describe("database", () => {
  it("has btree_gist, for the exclusion constraints that later prevent double bookings", async () => {
    const table = sql.identifier(`probe_${Math.random().toString(36).slice(2)}`);
    await db().execute(
      sql`create table ${table} (host uuid, during tstzrange, exclude using gist (host with =, during with &&))`,
    );
    const host = "0192f6a0-0000-7000-8000-000000000001";
    await db().execute(sql`insert into ${table} values (${host}, tstzrange('2026-01-01 10:00Z', '2026-01-01 11:00Z'))`);
    await expect(
      db().execute(sql`insert into ${table} values (${host}, tstzrange('2026-01-01 10:30Z', '2026-01-01 11:30Z'))`),
    ).rejects.toThrow();
    await db().execute(sql`drop table ${table}`);
  });
});
