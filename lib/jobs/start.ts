import "server-only";
import { registerCalendarChanges } from "@/lib/bookings/calendar-change-job";
import { registerCalendarWrites } from "@/lib/bookings/calendar-write-job";
import { registerReconciliation } from "@/lib/bookings/reconcile-job";
import { registerConnectionChecks } from "@/lib/calendars/background-check";
import type { DatabaseHandle } from "@/lib/db";
import { env } from "@/lib/env";
import { registerBookingMail } from "@/lib/notifications/send-job";
import { type JobQueue, startJobQueue } from "./queue";

const slot = globalThis as typeof globalThis & { __slotbridgeJobs?: JobQueue };

/** Starts the job queue on the app's database and registers every kind of background job. */
export async function startBackgroundJobs(handle: DatabaseHandle): Promise<JobQueue> {
  if (slot.__slotbridgeJobs) return slot.__slotbridgeJobs;
  const boss = await startJobQueue(handle.jobStore);
  await registerConnectionChecks(boss, { intervalMinutes: env().CONNECTION_CHECK_INTERVAL_MINUTES });
  await registerCalendarWrites(boss);
  await registerCalendarChanges(boss);
  await registerBookingMail(boss);
  await registerReconciliation(boss, { intervalMinutes: env().RECONCILE_INTERVAL_MINUTES });
  slot.__slotbridgeJobs = boss;
  return boss;
}

/** The job queue this process started, or null before start-up finished (or in scripts without one). */
export function runningJobQueue(): JobQueue | null {
  return slot.__slotbridgeJobs ?? null;
}
