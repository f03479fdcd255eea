import "server-only";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { credentialKeysFromEnv } from "@/lib/crypto/keys-from-env";
import { decryptSecret } from "@/lib/crypto/vault";
import { env } from "@/lib/env";
import type { JobQueue } from "@/lib/jobs/queue";
import { log, summarizeError } from "@/lib/log";
import { DEMO_ORGANISATION_HEADER } from "@/lib/mail/captured-mail";
import { describeSmtpServer, type MailSettings, mailSettings } from "@/lib/mail/settings";
import { sendMail } from "@/lib/mail/transport";
import { composeBookingMail } from "./compose";
import { BOOKING_MAIL_QUEUE, type BookingMailJob, createBookingMailQueue, manageTokenContext } from "./enqueue";
import { type BookingMailData, loadBookingMailData } from "./mail-data";

export type BookingMailOutcome = { sent: number } | { skipped: string };

interface RunOptions {
  settings: MailSettings;
  appUrl: string;
  /** The demo marks whose mail each message is, for its mail page (DEMO_ORGANISATION_HEADER). */
  markOrganisation?: boolean;
  keys?: CredentialKeyRing;
  now?: Date;
}

/** Why a job no longer has anything to send; null when it does. */
function reasonToSkip(job: BookingMailJob, data: BookingMailData, now: Date): string | null {
  const { booking } = data;
  // An erased customer has no address left to write to (and asked for none).
  if (booking.customerErasedAt) return "customer erased";
  if (job.kind === "cancellation") return booking.status === "cancelled" ? null : "booking not cancelled";
  if (booking.status === "cancelled") return "booking cancelled";
  if (job.kind !== "reminder") return null;
  if (!job.plannedStart || booking.startsAt.getTime() !== new Date(job.plannedStart).getTime()) {
    return "booking moved since the reminder was planned";
  }
  return booking.startsAt <= now ? "meeting already started" : null;
}

function manageUrl(job: BookingMailJob, options: RunOptions): string | null {
  if (!job.sealedManageToken) return null;
  const token = decryptSecret({
    sealed: job.sealedManageToken,
    context: manageTokenContext(job.bookingId),
    keys: options.keys ?? credentialKeysFromEnv(),
  });
  return `${options.appUrl.replace(/\/$/, "")}/manage/${token}`;
}

/**
 * Sends what one job stands for, as the booking is now. Throws when the SMTP server refuses or cannot be
 * reached, so pg-boss retries the job later; the booking itself is never touched here.
 */
export async function runBookingMailJob({ job, ...options }: RunOptions & { job: BookingMailJob }) {
  const data = await loadBookingMailData(job.bookingId);
  if (!data) return { skipped: "booking gone" } satisfies BookingMailOutcome;
  const skip = reasonToSkip(job, data, options.now ?? new Date());
  if (skip) return { skipped: skip } satisfies BookingMailOutcome;
  const messages = composeBookingMail({
    kind: job.kind,
    data,
    appUrl: options.appUrl,
    manageUrl: manageUrl(job, options),
    ...(job.minutesBefore !== undefined ? { minutesBefore: job.minutesBefore } : {}),
    fallbackOrganiser: { name: data.organisationName, email: senderAddress(options.settings.from) },
  });
  const marked = options.markOrganisation
    ? messages.map((mail) => ({
        ...mail,
        headers: {
          ...(mail.headers as Record<string, string> | undefined),
          [DEMO_ORGANISATION_HEADER]: data.booking.organisationId,
        },
      }))
    : messages;
  for (const mail of marked) await sendMail({ settings: options.settings, mail });
  return { sent: messages.length } satisfies BookingMailOutcome;
}

function senderAddress(from: string): string {
  return from.match(/<([^<>]+)>/)?.[1] ?? from;
}

/**
 * Creates the queue and starts this instance's workers; with SMTP_URL unset, says once that mail is off
 * and does neither (nothing is queued either: enqueueBookingMail checks the same setting).
 */
export async function registerBookingMail(
  boss: JobQueue,
  {
    workers = 2,
    settings = mailSettings(),
    appUrl = env().APP_URL,
    keys,
    markOrganisation = env().SLOTBRIDGE_DEMO,
  }: {
    workers?: number;
    settings?: MailSettings | null;
    appUrl?: string;
    keys?: CredentialKeyRing;
    markOrganisation?: boolean;
  } = {},
) {
  if (!settings) {
    log.info("mail is off: SMTP_URL is not set, so no confirmations, notices or reminders are sent");
    return;
  }
  log.info({ smtp: describeSmtpServer(settings.smtpUrl) }, "booking mail on");
  await createBookingMailQueue(boss);
  for (let i = 0; i < workers; i += 1) {
    await boss.work<BookingMailJob>(BOOKING_MAIL_QUEUE, { batchSize: 1, includeMetadata: true }, async ([job]) => {
      if (!job) return;
      const context = { bookingId: job.data.bookingId, kind: job.data.kind, attempt: job.retryCount + 1 };
      try {
        const outcome = await runBookingMailJob({
          job: job.data,
          settings,
          appUrl,
          markOrganisation,
          ...(keys ? { keys } : {}),
        });
        log.info({ ...context, ...outcome }, "booking mail job done");
      } catch (error) {
        const last = job.retryCount >= job.retryLimit;
        log[last ? "error" : "warn"](
          { ...context, err: summarizeError(error) },
          last ? "booking mail given up" : "booking mail failed, will retry",
        );
        throw error;
      }
    });
  }
}
