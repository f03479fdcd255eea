import "server-only";
import { registerCalendarChanges, registerCalendarWrites } from "@/lib/bookings/calendar-write";
import { registerReconciliation } from "@/lib/bookings/reconcile";
import { registerConnectionChecks } from "@/lib/calendars/background-check";
import type { DatabaseHandle } from "@/lib/db";
import { env } from "@/lib/env";
import { registerCustomerRetention } from "@/lib/erasure/retention";
import { registerBookingMail } from "@/lib/notifications/send-job";
import { type JobQueue, runningJobQueue, setRunningJobQueue, startJobQueue } from "./queue";

/**
 * Starts the job queue on the app's database and registers every kind of background job. Registrations
 * live here, at start-up, so the features that enqueue jobs import only the queue (lib/jobs/queue.ts).
 */
export async function startBackgroundJobs(handle: DatabaseHandle): Promise<JobQueue> {
  const running = runningJobQueue();
  if (running) return running;
  const boss = await startJobQueue(handle.jobStore);
  await registerConnectionChecks(boss, { intervalMinutes: env().CONNECTION_CHECK_INTERVAL_MINUTES });
  await registerCalendarWrites(boss);
  await registerCalendarChanges(boss);
  await registerBookingMail(boss);
  await registerReconciliation(boss, { intervalMinutes: env().RECONCILE_INTERVAL_MINUTES });
  await registerCustomerRetention(boss);
  setRunningJobQueue(boss);
  return boss;
}
