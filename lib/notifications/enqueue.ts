import "server-only";
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { credentialKeysFromEnv } from "@/lib/crypto/keys-from-env";
import { encryptSecret } from "@/lib/crypto/vault";
import { db } from "@/lib/db";
import { bookingPages, bookings } from "@/lib/db/schema";
import { ensureQueue, type JobQueue } from "@/lib/jobs/queue";
import { type MailSettings, mailSettings } from "@/lib/mail/settings";

/** One job per mail to send (a host notice may be several messages); retried with back-off on SMTP failure. */
export const BOOKING_MAIL_QUEUE = "booking-mail";

export type BookingMailKind = "confirmation" | "host-notice" | "cancellation" | "reschedule";

/**
 * Ids and a kind, never an address or a body: the job reads the booking when it runs, so it sends what is
 * true then (a cancelled booking gets no reminder, a moved one its new time). The one exception is the
 * customer's manage token, which exists nowhere else (only its hash is stored): it travels sealed with
 * CREDENTIALS_KEY, like the Exchange passwords, bound to the booking id.
 */
export interface BookingMailJob {
  bookingId: string;
  kind: BookingMailKind | "reminder";
  sealedManageToken?: string;
  /** Reminders: the start they were planned for (ISO) and how long before it they are due. */
  plannedStart?: string;
  minutesBefore?: number;
}

/** Exponential back-off from 15 s (pg-boss doubles it with jitter each time): about a day of attempts. */
export async function createBookingMailQueue(boss: JobQueue) {
  await ensureQueue(boss, BOOKING_MAIL_QUEUE, {
    policy: "standard",
    retryLimit: 12,
    retryDelay: 15,
    retryBackoff: true,
    expireInSeconds: 120,
    retentionDays: 2,
  });
}

export function manageTokenContext(bookingId: string) {
  return `booking-mail:manage-token:${bookingId}`;
}

/**
 * Queues one mail about a booking; null when mail is off (SMTP_URL unset). `manageToken` (confirmation,
 * reschedule) puts the customer's manage link in the mail. A reschedule also plans the reminders for the
 * new time: those planned for the old one see the start moved and send nothing.
 */
export async function enqueueBookingMail({
  boss,
  bookingId,
  kind,
  manageToken,
  settings = mailSettings(),
  keys,
}: {
  boss: JobQueue;
  bookingId: string;
  kind: BookingMailKind;
  manageToken?: string;
  settings?: MailSettings | null;
  keys?: CredentialKeyRing;
}): Promise<string | null> {
  if (!settings) return null;
  const job: BookingMailJob = { bookingId, kind };
  if (manageToken && kind !== "cancellation" && kind !== "host-notice") {
    job.sealedManageToken = encryptSecret({
      plaintext: manageToken,
      context: manageTokenContext(bookingId),
      keys: keys ?? credentialKeysFromEnv(),
    });
  }
  const id = await boss.send(BOOKING_MAIL_QUEUE, job);
  if (kind === "reschedule") await scheduleReminders({ boss, bookingId, settings });
  return id;
}

/** A job id derived from what the reminder is for, so planning the same reminder twice queues it once. */
function reminderJobId(input: { bookingId: string; minutes: number; start: Date }): string {
  const hex = createHash("sha256")
    .update(`reminder|${input.bookingId}|${input.minutes}|${input.start.toISOString()}`)
    .digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * One job per entry of the page's reminderMinutes, due at start − minutes; reminders already due at `now`
 * (a booking made at short notice) are left out. Returns the ids of the jobs queued by this call.
 */
export async function scheduleReminders({
  boss,
  bookingId,
  now = new Date(),
  settings = mailSettings(),
}: {
  boss: JobQueue;
  bookingId: string;
  now?: Date;
  settings?: MailSettings | null;
}): Promise<string[]> {
  if (!settings) return [];
  const [row] = await db()
    .select({ startsAt: bookings.startsAt, status: bookings.status, reminderMinutes: bookingPages.reminderMinutes })
    .from(bookings)
    .innerJoin(bookingPages, eq(bookingPages.id, bookings.pageId))
    .where(eq(bookings.id, bookingId))
    .limit(1);
  if (!row || row.status === "cancelled") return [];
  const queued: string[] = [];
  for (const minutes of new Set(row.reminderMinutes)) {
    const due = new Date(row.startsAt.getTime() - minutes * 60_000);
    if (minutes <= 0 || due <= now) continue;
    const job: BookingMailJob = {
      bookingId,
      kind: "reminder",
      plannedStart: row.startsAt.toISOString(),
      minutesBefore: minutes,
    };
    const id = await boss.send(BOOKING_MAIL_QUEUE, job, {
      id: reminderJobId({ bookingId, minutes, start: row.startsAt }),
      startAfter: due,
    });
    if (id) queued.push(id);
  }
  return queued;
}
