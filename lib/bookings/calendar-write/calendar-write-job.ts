import "server-only";
import { and, eq, lte } from "drizzle-orm";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { db } from "@/lib/db";
import { bookings } from "@/lib/db/schema";
import type { ExchangeOutboundConfig } from "@/lib/exchange";
import { ensureQueue, type JobQueue } from "@/lib/jobs/queue";
import { log, summarizeError } from "@/lib/log";
import { writeBookingToCalendar } from "./calendar-write";

/** One job per pending calendar write; its payload is the booking id and nothing else. */
export const CALENDAR_WRITE_QUEUE = "booking-calendar-write";
/** Finds pending writes that have no job (e.g. queued while no job queue ran) and queues them. */
export const CALENDAR_WRITE_SWEEP_QUEUE = "booking-calendar-write-sweep";

export interface CalendarWriteJob {
  bookingId: string;
}

/**
 * A booking younger than this may still be in its first, synchronous write (finishBooking, maybe in
 * another instance); the sweep leaves it alone so two writers do not race.
 */
const SWEEP_GRACE_MS = 2 * 60_000;

/**
 * "stately" with the booking id as singleton key: at most one queued and one running write per booking,
 * however many instances, sweeps or callers there are. Retries are ours (writeBookingToCalendar decides
 * when); pg-boss's own retry only covers a worker that crashed (the database gone for a moment).
 */
export async function createCalendarWriteQueues(boss: JobQueue) {
  await ensureQueue(boss, CALENDAR_WRITE_QUEUE, {
    policy: "stately",
    retryLimit: 3,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 300,
  });
  await ensureQueue(boss, CALENDAR_WRITE_SWEEP_QUEUE, { policy: "singleton", retryLimit: 0 });
}

/** Queues a write for `bookingId`; null when one is already queued for it. */
export async function enqueueCalendarWrite({
  boss,
  bookingId,
  startAfterSeconds = 0,
}: {
  boss: JobQueue;
  bookingId: string;
  startAfterSeconds?: number;
}): Promise<string | null> {
  const job: CalendarWriteJob = { bookingId };
  return boss.send(CALENDAR_WRITE_QUEUE, job, {
    singletonKey: bookingId,
    startAfter: Math.max(0, Math.ceil(startAfterSeconds)),
  });
}

/** Queues every pending write older than the grace period; one with a job already queued is left as it is. */
export async function enqueuePendingWrites({ boss, now = new Date() }: { boss: JobQueue; now?: Date }) {
  const pending = await db()
    .select({ id: bookings.id })
    .from(bookings)
    .where(
      and(eq(bookings.status, "write_pending"), lte(bookings.updatedAt, new Date(now.getTime() - SWEEP_GRACE_MS))),
    );
  let queued = 0;
  for (const { id } of pending) {
    if (await enqueueCalendarWrite({ boss, bookingId: id })) queued += 1;
  }
  return queued;
}

/**
 * One job: one write attempt, and when it stays pending, the next job no sooner than it asks (null when a
 * job for the booking was already queued, e.g. by a sweep).
 */
export async function runCalendarWriteJob(input: {
  boss: JobQueue;
  bookingId: string;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
}) {
  const outcome = await writeBookingToCalendar({
    bookingId: input.bookingId,
    ...(input.config ? { config: input.config } : {}),
    ...(input.keys ? { keys: input.keys } : {}),
  });
  if (outcome.status !== "write_pending") return { outcome, nextJobId: null };
  const nextJobId = await enqueueCalendarWrite({
    boss: input.boss,
    bookingId: input.bookingId,
    startAfterSeconds: (outcome.retryAfterMs ?? 10_000) / 1000,
  });
  return { outcome, nextJobId };
}

/**
 * Creates the queues, starts this instance's workers, sweeps once now (jobs live in Postgres, so a restart
 * loses none; the sweep catches writes whose job was never queued) and every ten minutes after.
 */
export async function registerCalendarWrites(
  boss: JobQueue,
  { workers = 2, config, keys }: { workers?: number; config?: ExchangeOutboundConfig; keys?: CredentialKeyRing } = {},
) {
  await createCalendarWriteQueues(boss);
  for (let i = 0; i < workers; i += 1) {
    await boss.work<CalendarWriteJob>(CALENDAR_WRITE_QUEUE, { batchSize: 1 }, async ([job]) => {
      if (!job) return;
      try {
        await runCalendarWriteJob({ boss, bookingId: job.data.bookingId, config, keys });
      } catch (error) {
        log.error({ bookingId: job.data.bookingId, err: summarizeError(error) }, "calendar write job crashed");
        throw error;
      }
    });
  }
  await boss.schedule(CALENDAR_WRITE_SWEEP_QUEUE, "*/10 * * * *");
  await boss.work(CALENDAR_WRITE_SWEEP_QUEUE, async () => {
    await enqueuePendingWrites({ boss });
  });
  // A failed first sweep must not stop the app starting: the scheduled one comes within ten minutes.
  await enqueuePendingWrites({ boss }).catch((error: unknown) =>
    log.error({ err: summarizeError(error) }, "calendar write sweep failed"),
  );
}
