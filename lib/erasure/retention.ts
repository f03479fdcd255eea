import "server-only";
import { and, eq, gt, isNull, lt } from "drizzle-orm";
import { recordAuditEvent } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { bookings, organisations } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { ensureQueue, type JobQueue } from "@/lib/jobs/queue";
import { log, summarizeError } from "@/lib/log";
import { erasedCustomerColumns } from "./customers";

export const CUSTOMER_RETENTION_QUEUE = "customer-retention";

/** Once a day at 03:17 (server time): an hour without traffic, off the full hour other jobs crowd. */
export const CUSTOMER_RETENTION_SCHEDULE = "17 3 * * *";

/**
 * Erases the customer details of every booking whose appointment ended more than the organisation's
 * customerRetentionDays ago (0 keeps them). One transaction and one audit line (with the count) per
 * organisation that had any. Returns the number of bookings erased per organisation id.
 */
export async function eraseExpiredCustomerDetails({ now = new Date() }: { now?: Date } = {}) {
  const keeping = await db()
    .select({ id: organisations.id, days: organisations.customerRetentionDays })
    .from(organisations)
    .where(gt(organisations.customerRetentionDays, 0));
  const erased = new Map<string, number>();
  for (const organisation of keeping) {
    const cutoff = new Date(now.getTime() - organisation.days * 86_400_000);
    const count = await db().transaction(async (tx) => {
      const rows = await tx
        .update(bookings)
        .set({ ...erasedCustomerColumns(), customerErasedAt: now })
        .where(
          and(
            eq(bookings.organisationId, organisation.id),
            isNull(bookings.customerErasedAt),
            lt(bookings.endsAt, cutoff),
          ),
        )
        .returning({ id: bookings.id });
      if (rows.length > 0) {
        await recordAuditEvent({
          tx,
          organisationId: organisation.id,
          actorUserId: null,
          action: "customer.retention-erased",
          detail: { bookings: rows.length, retentionDays: organisation.days },
        });
      }
      return rows.length;
    });
    if (count > 0) erased.set(organisation.id, count);
  }
  return erased;
}

/** Creates the queue, schedules the daily run and starts this instance's worker (one run at a time). */
export async function registerCustomerRetention(boss: JobQueue) {
  await ensureQueue(boss, CUSTOMER_RETENTION_QUEUE, { policy: "singleton", retryLimit: 2, retryDelay: 600 });
  await boss.schedule(CUSTOMER_RETENTION_QUEUE, CUSTOMER_RETENTION_SCHEDULE);
  await boss.work(CUSTOMER_RETENTION_QUEUE, async () => {
    try {
      const erased = await eraseExpiredCustomerDetails();
      const total = [...erased.values()].reduce((sum, n) => sum + n, 0);
      log.info({ organisations: erased.size, bookings: total }, "customer retention run done");
    } catch (error) {
      log.error({ err: summarizeError(error) }, "customer retention run failed");
      throw error;
    }
  });
}

/** The retention period an owner sets in Settings: whole days, 0 = keep. */
export async function updateCustomerRetention(input: { actor: CurrentUser; days: number }) {
  if (input.actor.role !== "owner")
    throw new AppError("forbidden", "Only owners set how long customer details are kept.");
  await db().transaction(async (tx) => {
    await tx
      .update(organisations)
      .set({ customerRetentionDays: input.days })
      .where(eq(organisations.id, input.actor.organisationId));
    await recordAuditEvent({
      tx,
      organisationId: input.actor.organisationId,
      actorUserId: input.actor.userId,
      action: "organisation.settings-changed",
      detail: { customerRetentionDays: input.days },
    });
  });
}

export async function getCustomerRetention(organisationId: string): Promise<number> {
  const [row] = await db()
    .select({ days: organisations.customerRetentionDays })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  return row?.days ?? 365;
}
