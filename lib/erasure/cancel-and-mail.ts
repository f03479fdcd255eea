import "server-only";
import { eq } from "drizzle-orm";
import { cancelBooking } from "@/lib/bookings/manage";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { db } from "@/lib/db";
import { bookingPages, bookings } from "@/lib/db/schema";
import { env } from "@/lib/env";
import type { ExchangeOutboundConfig } from "@/lib/exchange";
import { log, summarizeError } from "@/lib/log";
import { type MailSettings, mailSettings } from "@/lib/mail/settings";
import { runBookingMailJob } from "@/lib/notifications/send-job";

/** Where deletion mail goes; tests pass their capture, the app its environment. */
export interface DeletionMail {
  settings: MailSettings | null;
  appUrl: string;
  markOrganisation?: boolean;
}

export function deletionMailFromEnv(): DeletionMail {
  return { settings: mailSettings(), appUrl: env().APP_URL, markOrganisation: env().SLOTBRIDGE_DEMO };
}

/** The reason the customer reads, in each language a page's mail can be written in (English otherwise). */
export type DeletionReason = { en: string; de: string };

async function pageLanguage(bookingId: string): Promise<string> {
  const [row] = await db()
    .select({ language: bookingPages.language })
    .from(bookings)
    .innerJoin(bookingPages, eq(bookingPages.id, bookings.pageId))
    .where(eq(bookings.id, bookingId));
  return row?.language ?? "en";
}

export interface CancelledForDeletion {
  cancelled: number;
  mailed: number;
  /** Mails the SMTP server refused or could not take (counted; the deletion goes on). */
  mailFailed: number;
}

/**
 * Cancels bookings because their host or organisation is being deleted, as a host's cancel does (the
 * Exchange item per the page's cancellation setting, while the connection still exists), and mails each
 * customer at once rather than through the queue: the rows a queued job would read are about to go.
 * Each mail is tried twice; one that still fails is counted, never blocks the deletion, and is logged
 * without its address.
 */
export async function cancelAndMailNow(input: {
  bookingIds: string[];
  reason: DeletionReason;
  mail: DeletionMail;
  now?: Date;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
}): Promise<CancelledForDeletion> {
  const result: CancelledForDeletion = { cancelled: 0, mailed: 0, mailFailed: 0 };
  for (const bookingId of input.bookingIds) {
    const language = await pageLanguage(bookingId);
    const cancelled = await cancelBooking({
      bookingId,
      by: "host",
      reason: language === "de" ? input.reason.de : input.reason.en,
      queueCustomerMail: false,
      ...(input.now ? { now: input.now } : {}),
      ...(input.config ? { config: input.config } : {}),
      ...(input.keys ? { keys: input.keys } : {}),
    });
    if (!cancelled.ok) continue;
    result.cancelled += 1;
    const { settings } = input.mail;
    if (!settings) continue;
    let sent = false;
    for (let attempt = 1; attempt <= 2 && !sent; attempt += 1) {
      try {
        await runBookingMailJob({
          job: { bookingId, kind: "cancellation" },
          settings,
          appUrl: input.mail.appUrl,
          markOrganisation: input.mail.markOrganisation ?? false,
        });
        sent = true;
      } catch (error) {
        log.warn({ bookingId, attempt, err: summarizeError(error) }, "cancellation mail for a deletion failed");
      }
    }
    if (sent) result.mailed += 1;
    else result.mailFailed += 1;
  }
  return result;
}
