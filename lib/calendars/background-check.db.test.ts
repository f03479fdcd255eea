import { createServer } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import type { CurrentUser } from "@/lib/auth/session";
import { encryptSecret, sealedKeyVersion } from "@/lib/crypto/vault";
import { db } from "@/lib/db";
import { auditEvents, exchangeConnections } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { ensureQueue, type JobQueue, startJobQueue } from "@/lib/jobs/queue";
import { newOrganisation } from "@/lib/organisations/test-helpers";
import {
  CONNECTION_CHECK_QUEUE,
  type ConnectionCheckJob,
  createConnectionCheckQueues,
  enqueueDueChecks,
  registerConnectionChecks,
  runBackgroundCheck,
} from "./background-check";
import { addOrganisationCa } from "./certificate-authorities";
import { acceptPresentedCertificate, saveConnection } from "./connections";
import { connectionHealth } from "./health";
import { SIM_PASSWORD, simulatorConfig, testKeys } from "./test-helpers";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const simulator = setUpTestSimulator();
let owner: CurrentUser;
const keys = testKeys();
const config = simulatorConfig();
const OTHER_FINGERPRINT = Array.from({ length: 32 }, () => "0F").join(":");

beforeAll(async () => {
  database = await createTestDatabase();
  owner = await newOrganisation();
  await addOrganisationCa({ actor: owner, pem: simulator.caPem });
});
afterAll(async () => {
  await database?.drop();
});

async function connect(mailbox: string) {
  const result = await saveConnection({
    actor: owner,
    mailboxEmail: mailbox,
    ewsUrl: simulator.listeners.valid.url,
    username: "CONTOSO\\svc-slotbridge",
    password: SIM_PASSWORD,
    authMethod: "auto",
    impersonate: true,
    config,
    keys,
  });
  if (!result.ok) throw new Error(`save failed: ${JSON.stringify(result)}`);
  return result.connectionId;
}

/** A loopback port that was free a moment ago and has nothing listening now. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function row(connectionId: string) {
  const [found] = await db().select().from(exchangeConnections).where(eq(exchangeConnections.id, connectionId));
  if (!found) throw new Error("connection row is gone");
  return found;
}

async function statusAudits(connectionId: string) {
  const rows = await db()
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.targetId, connectionId))
    .orderBy(auditEvents.id);
  return rows.filter((r) => r.action === "connection.status-changed").map((r) => r.outcome);
}

describe("runBackgroundCheck", () => {
  it("records a passing check with the certificate's expiry, and audits nothing when the status holds", async () => {
    const id = await connect("alice@contoso.test");
    const later = new Date(Date.now() + 60_000);
    expect(await runBackgroundCheck({ connectionId: id, config, keys, now: later })).toEqual({
      checked: true,
      outcome: "ok",
      statusChanged: false,
    });
    const after = await row(id);
    expect(after.lastCheckedAt?.getTime()).toBe(later.getTime());
    expect(after.lastOkAt?.getTime()).toBe(later.getTime());
    expect(after.presentedFingerprint).toBe(after.certificateFingerprint);
    expect(after.certificateExpiresAt?.getTime()).toBeGreaterThan(Date.now());
    expect(connectionHealth(after, later).kind).toBe("working");
    expect(await statusAudits(id)).toEqual([]);
  });

  it("flags authentication failing (since the first failure) when Exchange refuses the stored password", async () => {
    const id = await connect("bob@contoso.test");
    const secret = encryptSecret({ plaintext: "no-longer-the-password", context: id, keys });
    await db()
      .update(exchangeConnections)
      .set({ secret, keyVersion: sealedKeyVersion(secret) })
      .where(eq(exchangeConnections.id, id));
    const first = new Date(Date.now() + 60_000);
    const second = new Date(Date.now() + 120_000);
    expect(await runBackgroundCheck({ connectionId: id, config, keys, now: first })).toMatchObject({
      outcome: "wrong-password",
      statusChanged: true,
    });
    await runBackgroundCheck({ connectionId: id, config, keys, now: second });
    const after = await row(id);
    expect(after.lastErrorReason).toBe("wrong-password");
    expect(after.failingSince?.getTime()).toBe(first.getTime());
    expect(connectionHealth(after, second)).toMatchObject({ kind: "authentication-failing", since: first });
    expect(await statusAudits(id)).toEqual(["working → authentication-failing (wrong-password)"]);
  });

  it("flags an unreachable server", async () => {
    const id = await connect("chloe@contoso.test");
    // A port nothing listens on: the certificate check cannot even connect.
    const closed = new URL(simulator.listeners.valid.url);
    closed.port = String(await closedPort());
    await db().update(exchangeConnections).set({ ewsUrl: closed.toString() }).where(eq(exchangeConnections.id, id));
    const result = await runBackgroundCheck({ connectionId: id, config, keys });
    expect(result).toMatchObject({ outcome: "unreachable", statusChanged: true });
    expect(connectionHealth(await row(id)).kind).toBe("unreachable");
  });

  it("notices a certificate other than the accepted one until an admin accepts it", async () => {
    const id = await connect("dev@contoso.test");
    const presented = (await row(id)).certificateFingerprint;
    await db()
      .update(exchangeConnections)
      // As if it had been connected while the server presented another certificate.
      .set({ certificateFingerprint: OTHER_FINGERPRINT, presentedFingerprint: OTHER_FINGERPRINT })
      .where(eq(exchangeConnections.id, id));
    expect(await runBackgroundCheck({ connectionId: id, config, keys })).toMatchObject({
      outcome: "ok",
      statusChanged: true,
    });
    const changed = await row(id);
    expect(changed.presentedFingerprint).toBe(presented);
    expect(connectionHealth(changed).kind).toBe("certificate-changed");

    expect(await acceptPresentedCertificate({ actor: owner, connectionId: id, config })).toEqual({
      ok: true,
      fingerprintSha256: presented,
    });
    expect(connectionHealth(await row(id)).kind).toBe("working");
  });

  it("does nothing for a connection disconnected before its job ran", async () => {
    expect(await runBackgroundCheck({ connectionId: "019a0000-0000-7000-8000-000000000000", config, keys })).toEqual({
      checked: false,
    });
  });
});

describe("the connection check queue (pg-boss on this database)", () => {
  let boss: JobQueue;
  beforeAll(async () => {
    boss = await startJobQueue(database.jobStore);
    await createConnectionCheckQueues(boss);
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true });
  });

  it("queues one job per due connection, carrying only its id, and never two for the same connection", async () => {
    const id = await connect("emma@contoso.test");
    const inTwoHours = new Date(Date.now() + 2 * 3_600_000);
    const all = await db().select({ id: exchangeConnections.id }).from(exchangeConnections);
    expect(await enqueueDueChecks({ boss, intervalMinutes: 60, now: new Date() })).toBe(0);
    expect(await enqueueDueChecks({ boss, intervalMinutes: 60, now: inTwoHours })).toBe(all.length);
    expect(await enqueueDueChecks({ boss, intervalMinutes: 60, now: inTwoHours })).toBe(0);

    const jobs = await boss.fetch<ConnectionCheckJob>(CONNECTION_CHECK_QUEUE, { batchSize: 100 });
    expect(jobs.map((job) => job.data.connectionId).sort()).toEqual(all.map((c) => c.id).sort());
    for (const job of jobs) expect(Object.keys(job.data)).toEqual(["connectionId"]);
    expect(jobs.some((job) => job.data.connectionId === id)).toBe(true);
    await boss.complete(
      CONNECTION_CHECK_QUEUE,
      jobs.map((job) => job.id),
    );
  });

  it("lets two instances that start at once create the same queues (pg-boss can deadlock doing so)", async () => {
    const other = await startJobQueue(database.jobStore);
    try {
      for (const name of ["race-a", "race-b", "race-c"]) {
        await Promise.all([
          ensureQueue(boss, name, { policy: "stately" }),
          ensureQueue(other, name, { policy: "stately" }),
        ]);
        expect(await boss.getQueue(name)).toMatchObject({ name, policy: "stately" });
      }
    } finally {
      await other.stop({ graceful: false, wait: true });
    }
  });

  it("runs queued checks on the registered workers", async () => {
    const id = await connect("farid@contoso.test");
    await db()
      .update(exchangeConnections)
      .set({ lastCheckedAt: new Date(Date.now() - 2 * 3_600_000) })
      .where(eq(exchangeConnections.id, id));
    await registerConnectionChecks(boss, { intervalMinutes: 60, workers: 1, config, keys });
    await enqueueDueChecks({ boss, intervalMinutes: 60 });
    await expect
      .poll(async () => (await row(id)).lastCheckedAt?.getTime() ?? 0, { timeout: 20_000, interval: 250 })
      .toBeGreaterThan(Date.now() - 60_000);
  });
});
