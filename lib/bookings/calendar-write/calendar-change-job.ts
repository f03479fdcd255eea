import "server-only";
import { and, isNotNull, lte } from "drizzle-orm";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { db } from "@/lib/db";
import { bookings } from "@/lib/db/schema";
import type { ExchangeOutboundConfig } from "@/lib/exchange";
import { ensureQueue, type JobQueue, runningJobQueue } from "@/lib/jobs/queue";
import { log, summarizeError } from "@/lib/log";
import { applyCalendarChange, type CalendarChangeOutcome } from "./calendar-change";
import { enqueueCalendarWrite } from "./calendar-write-job";

/** One job per booking whose Exchange item still needs a reschedule or cancel applied; ids only. */
export const CALENDAR_CHANGE_QUEUE = "booking-calendar-change";
/** Finds pending changes without a job (queued while no job queue ran, or a crash) and queues them. */
export const CALENDAR_CHANGE_SWEEP_QUEUE = "booking-calendar-change-sweep";

export interface CalendarChangeJob {
  bookingId: string;
  /** Attempts already made, so a change failing for hours is given up like a calendar write. */
  attempts: number;
}

/** A change younger than this may still be in its first, inline attempt: the sweep leaves it alone. */
const SWEEP_GRACE_MS = 2 * 60_000;

/** "stately" per booking, as for calendar writes: one queued and one running change per booking. */
export async function createCalendarChangeQueues(boss: JobQueue) {
  await ensureQueue(boss, CALENDAR_CHANGE_QUEUE, {
    policy: "stately",
    retryLimit: 3,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 300,
  });
  await ensureQueue(boss, CALENDAR_CHANGE_SWEEP_QUEUE, { policy: "singleton", retryLimit: 0 });
}

export async function enqueueCalendarChange({
  boss,
  bookingId,
  attempts = 0,
  startAfterSeconds = 0,
}: {
  boss: JobQueue;
  bookingId: string;
  attempts?: number;
  startAfterSeconds?: number;
}): Promise<string | null> {
  const job: CalendarChangeJob = { bookingId, attempts };
  return boss.send(CALENDAR_CHANGE_QUEUE, job, {
    singletonKey: bookingId,
    startAfter: Math.max(0, Math.ceil(startAfterSeconds)),
  });
}

/** What follows an attempt: another change job for a retry, a calendar write job for a new item still pending. */
async function followUp(input: {
  boss: JobQueue;
  bookingId: string;
  attempts: number;
  outcome: CalendarChangeOutcome;
}): Promise<string | null> {
  const { outcome } = input;
  if (outcome.status === "retry") {
    return enqueueCalendarChange({
      boss: input.boss,
      bookingId: input.bookingId,
      attempts: input.attempts,
      startAfterSeconds: outcome.retryAfterMs / 1000,
    });
  }
  if (outcome.status === "done" && outcome.writeRetryAfterMs !== undefined) {
    return enqueueCalendarWrite({
      boss: input.boss,
      bookingId: input.bookingId,
      startAfterSeconds: outcome.writeRetryAfterMs / 1000,
    });
  }
  return null;
}

/** One job: one attempt, and the next job when it asks for one. */
export async function runCalendarChangeJob(input: {
  boss: JobQueue;
  job: CalendarChangeJob;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
}) {
  const { bookingId, attempts } = input.job;
  const outcome = await applyCalendarChange({
    bookingId,
    attempts,
    ...(input.config ? { config: input.config } : {}),
    ...(input.keys ? { keys: input.keys } : {}),
  });
  const nextJobId = await followUp({ boss: input.boss, bookingId, attempts: attempts + 1, outcome });
  return { outcome, nextJobId };
}

/**
 * Right after a reschedule or cancel: one attempt now, so Exchange is usually in step before the customer
 * sees the answer; a transient failure goes to the durable job. Never throws: the change is committed.
 */
export async function applyCalendarChangeNow(input: {
  bookingId: string;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
}): Promise<CalendarChangeOutcome> {
  let outcome: CalendarChangeOutcome;
  try {
    outcome = await applyCalendarChange(input);
  } catch (error) {
    log.error({ bookingId: input.bookingId, err: summarizeError(error) }, "calendar change failed unexpectedly");
    outcome = { status: "retry", retryAfterMs: 10_000 };
  }
  const boss = runningJobQueue();
  if (boss) await followUp({ boss, bookingId: input.bookingId, attempts: 1, outcome });
  else if (outcome.status === "retry") {
    log.warn({ bookingId: input.bookingId }, "no job queue running: calendar change left for the start-up sweep");
  }
  return outcome;
}

export async function enqueuePendingChanges({ boss, now = new Date() }: { boss: JobQueue; now?: Date }) {
  const pending = await db()
    .select({ id: bookings.id })
    .from(bookings)
    .where(
      and(isNotNull(bookings.calendarPendingChange), lte(bookings.updatedAt, new Date(now.getTime() - SWEEP_GRACE_MS))),
    );
  let queued = 0;
  for (const { id } of pending) {
    if (await enqueueCalendarChange({ boss, bookingId: id })) queued += 1;
  }
  return queued;
}

/** Queues, this instance's workers, a sweep now and every ten minutes (as registerCalendarWrites). */
export async function registerCalendarChanges(
  boss: JobQueue,
  { workers = 2, config, keys }: { workers?: number; config?: ExchangeOutboundConfig; keys?: CredentialKeyRing } = {},
) {
  await createCalendarChangeQueues(boss);
  for (let i = 0; i < workers; i += 1) {
    await boss.work<CalendarChangeJob>(CALENDAR_CHANGE_QUEUE, { batchSize: 1 }, async ([job]) => {
      if (!job) return;
      try {
        await runCalendarChangeJob({ boss, job: job.data, config, keys });
      } catch (error) {
        log.error({ bookingId: job.data.bookingId, err: summarizeError(error) }, "calendar change job crashed");
        throw error;
      }
    });
  }
  await boss.schedule(CALENDAR_CHANGE_SWEEP_QUEUE, "*/10 * * * *");
  await boss.work(CALENDAR_CHANGE_SWEEP_QUEUE, async () => {
    await enqueuePendingChanges({ boss });
  });
  await enqueuePendingChanges({ boss }).catch((error: unknown) =>
    log.error({ err: summarizeError(error) }, "calendar change sweep failed"),
  );
}
