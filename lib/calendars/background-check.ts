import "server-only";
import { and, eq, isNull, lte, or } from "drizzle-orm";
import { exchangeConfigFromEnv } from "@/lib/calendars/exchange-config";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { credentialKeysFromEnv } from "@/lib/crypto/keys-from-env";
import { db } from "@/lib/db";
import { exchangeConnections } from "@/lib/db/schema";
import type { ExchangeOutboundConfig } from "@/lib/exchange";
import { ensureQueue, type JobQueue } from "@/lib/jobs/queue";
import { log, summarizeError } from "@/lib/log";
import { writeAuditEntry } from "./audit";
import { checkErrorReason, checkStoredConnection, recordCheck } from "./connection-check";
import { connectionHealth } from "./health";

/** Every minute, the sweep queues a check for each connection not checked within the interval. */
export const CONNECTION_SWEEP_QUEUE = "connection-check-sweep";
/** One job per connection; its payload is the connection id and nothing else. */
export const CONNECTION_CHECK_QUEUE = "connection-check";

export interface ConnectionCheckJob {
  connectionId: string;
}

/**
 * Creates both queues. "stately" with the connection id as singleton key keeps at most one queued and one
 * running check per connection, however many sweeps or app instances there are. A failed check is a
 * result, recorded as status, not a job failure: jobs are not retried, the next sweep comes soon enough.
 */
export async function createConnectionCheckQueues(boss: JobQueue) {
  await ensureQueue(boss, CONNECTION_SWEEP_QUEUE, { policy: "singleton", retryLimit: 0 });
  await ensureQueue(boss, CONNECTION_CHECK_QUEUE, { policy: "stately", retryLimit: 0, expireInSeconds: 120 });
}

/** Queues a check for every connection (all organisations) not checked in the last `intervalMinutes`. */
export async function enqueueDueChecks({
  boss,
  intervalMinutes,
  now = new Date(),
}: {
  boss: JobQueue;
  intervalMinutes: number;
  now?: Date;
}): Promise<number> {
  const cutoff = new Date(now.getTime() - intervalMinutes * 60_000);
  const due = await db()
    .select({ id: exchangeConnections.id })
    .from(exchangeConnections)
    .where(or(isNull(exchangeConnections.lastCheckedAt), lte(exchangeConnections.lastCheckedAt, cutoff)));
  let queued = 0;
  for (const { id } of due) {
    const job: ConnectionCheckJob = { connectionId: id };
    if (await boss.send(CONNECTION_CHECK_QUEUE, job, { singletonKey: id })) queued += 1;
  }
  return queued;
}

export type BackgroundCheckOutcome = { checked: false } | { checked: true; outcome: string; statusChanged: boolean };

/**
 * One background check: the same certificate + account check as a manual re-test, recorded as status.
 * No actor: the id comes from our own sweep, not from a request. An audit row is written only when the
 * shown status changes (working → authentication failing, …), so the log stays readable.
 */
export async function runBackgroundCheck({
  connectionId,
  config = exchangeConfigFromEnv(),
  keys = credentialKeysFromEnv(),
  now = new Date(),
}: {
  connectionId: string;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
  now?: Date;
}): Promise<BackgroundCheckOutcome> {
  const [row] = await db().select().from(exchangeConnections).where(eq(exchangeConnections.id, connectionId)).limit(1);
  if (!row) return { checked: false };
  const started = Date.now();
  const result = await checkStoredConnection({ row, config, keys });
  const outcome = checkErrorReason(result) ?? "ok";
  let statusChanged = false;
  const recorded = await db().transaction(async (tx) => {
    // Locked and read again: while Exchange answered, the connection may have been disconnected, or given a
    // new password (then this result, from the old one, is stale and the next sweep checks again).
    const [current] = await tx
      .select()
      .from(exchangeConnections)
      .where(
        and(
          eq(exchangeConnections.id, connectionId),
          row.secret === null ? isNull(exchangeConnections.secret) : eq(exchangeConnections.secret, row.secret),
        ),
      )
      .for("update");
    if (!current) return false;
    await recordCheck({ tx, row: current, result, now });
    const before = connectionHealth(current, now);
    const [after] = await tx.select().from(exchangeConnections).where(eq(exchangeConnections.id, connectionId));
    const afterHealth = after ? connectionHealth(after, now) : before;
    statusChanged = afterHealth.kind !== before.kind;
    if (statusChanged) {
      await writeAuditEntry({
        tx,
        organisationId: current.organisationId,
        connectionId,
        mailboxEmail: current.mailboxEmail,
        actorUserId: null,
        action: "connection.status-changed",
        outcome: `${before.kind} → ${afterHealth.kind}${outcome === "ok" ? "" : ` (${outcome})`}`,
      });
    }
    return true;
  });
  if (!recorded) return { checked: false };
  log.info(
    { connectionId, organisationId: row.organisationId, outcome, statusChanged, durationMs: Date.now() - started },
    "background connection check",
  );
  return { checked: true, outcome, statusChanged };
}

/** Schedules the sweep and starts this instance's check workers. */
export async function registerConnectionChecks(
  boss: JobQueue,
  {
    intervalMinutes,
    workers = 2,
    config,
    keys,
  }: { intervalMinutes: number; workers?: number; config?: ExchangeOutboundConfig; keys?: CredentialKeyRing },
) {
  await createConnectionCheckQueues(boss);
  await boss.schedule(CONNECTION_SWEEP_QUEUE, "* * * * *");
  await boss.work(CONNECTION_SWEEP_QUEUE, async () => {
    await enqueueDueChecks({ boss, intervalMinutes });
  });
  for (let i = 0; i < workers; i += 1) {
    await boss.work<ConnectionCheckJob>(CONNECTION_CHECK_QUEUE, { batchSize: 1 }, async ([job]) => {
      if (!job) return;
      try {
        await runBackgroundCheck({
          connectionId: job.data.connectionId,
          ...(config ? { config } : {}),
          ...(keys ? { keys } : {}),
        });
      } catch (error) {
        log.error({ connectionId: job.data.connectionId, err: summarizeError(error) }, "background check crashed");
        throw error;
      }
    });
  }
}
