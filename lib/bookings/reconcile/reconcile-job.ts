import "server-only";
import { isNotNull } from "drizzle-orm";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { db } from "@/lib/db";
import { exchangeConnections } from "@/lib/db/schema";
import type { ExchangeOutboundConfig } from "@/lib/exchange";
import { ensureQueue, type JobQueue } from "@/lib/jobs/queue";
import { log, summarizeError } from "@/lib/log";
import { reconcileConnection } from "./reconcile";
import { defaultReconcileEffects } from "./reconcile-effects";

/** One job per connection; its payload is the connection id and nothing else. */
export const RECONCILE_QUEUE = "booking-reconcile";
/** Queues a reconciliation for every connection, on the interval's schedule. */
export const RECONCILE_SWEEP_QUEUE = "booking-reconcile-sweep";

export interface ReconcileJob {
  connectionId: string;
}

/**
 * "stately" with the connection id as singleton key: at most one queued and one running reconciliation per
 * mailbox, however many instances sweep. No retries: a round that failed (Exchange down) changed nothing,
 * and the next sweep comes within the interval.
 */
export async function createReconcileQueues(boss: JobQueue) {
  await ensureQueue(boss, RECONCILE_SWEEP_QUEUE, { policy: "singleton", retryLimit: 0 });
  await ensureQueue(boss, RECONCILE_QUEUE, { policy: "stately", retryLimit: 0, expireInSeconds: 300 });
}

/** A cron schedule for "every `minutes`": whole minutes below an hour, whole hours up to a day. */
export function reconcileSchedule(minutes: number): string {
  if (minutes < 60) return `*/${Math.max(1, Math.round(minutes))} * * * *`;
  const hours = Math.round(minutes / 60);
  return hours >= 24 ? "0 0 * * *" : `0 */${hours} * * *`;
}

/** Queues a reconciliation for each connection that has an owner (only an owner's bookings have items). */
export async function enqueueReconciliations({ boss }: { boss: JobQueue }): Promise<number> {
  const connections = await db()
    .select({ id: exchangeConnections.id })
    .from(exchangeConnections)
    .where(isNotNull(exchangeConnections.ownerUserId));
  let queued = 0;
  for (const { id } of connections) {
    const job: ReconcileJob = { connectionId: id };
    if (await boss.send(RECONCILE_QUEUE, job, { singletonKey: id })) queued += 1;
  }
  return queued;
}

/** Creates the queues, schedules the sweep, starts this instance's workers and sweeps once now. */
export async function registerReconciliation(
  boss: JobQueue,
  {
    intervalMinutes,
    workers = 1,
    config,
    keys,
  }: { intervalMinutes: number; workers?: number; config?: ExchangeOutboundConfig; keys?: CredentialKeyRing },
) {
  await createReconcileQueues(boss);
  await boss.schedule(RECONCILE_SWEEP_QUEUE, reconcileSchedule(intervalMinutes));
  await boss.work(RECONCILE_SWEEP_QUEUE, async () => {
    await enqueueReconciliations({ boss });
  });
  for (let i = 0; i < workers; i += 1) {
    await boss.work<ReconcileJob>(RECONCILE_QUEUE, { batchSize: 1 }, async ([job]) => {
      if (!job) return;
      try {
        await reconcileConnection({
          connectionId: job.data.connectionId,
          effects: defaultReconcileEffects({ boss }),
          ...(config ? { config } : {}),
          ...(keys ? { keys } : {}),
        });
      } catch (error) {
        log.error(
          { connectionId: job.data.connectionId, err: summarizeError(error) },
          "booking reconciliation crashed",
        );
        throw error;
      }
    });
  }
  // A failed first sweep must not stop the app starting: the scheduled one follows within the interval.
  await enqueueReconciliations({ boss }).catch((error: unknown) =>
    log.error({ err: summarizeError(error) }, "booking reconciliation sweep failed"),
  );
}
