import "server-only";
import { log, summarizeError } from "@/lib/log";
import { describeSmtpServer, type MailSettings, mailSettings } from "@/lib/mail/settings";
import { type OutgoingMail, sendMail } from "@/lib/mail/transport";

/** What became of an account mail: sent, mail is off (no SMTP_URL), or the server refused or was away. */
export type AccountMailOutcome = "sent" | "mail-off" | "failed";

/**
 * Sends one account mail now (invites and resets are not queued: the person waiting needs to know whether
 * it went). Failures are logged by kind, never with the link, and reported as "failed".
 */
export async function deliverAccountMail({
  mail,
  kind,
  settings = mailSettings(),
}: {
  mail: OutgoingMail;
  kind: "invite" | "password-reset";
  settings?: MailSettings | null;
}): Promise<AccountMailOutcome> {
  if (!settings) return "mail-off";
  try {
    await sendMail({ settings, mail });
    return "sent";
  } catch (error) {
    log.warn({ kind, smtp: describeSmtpServer(settings.smtpUrl), err: summarizeError(error) }, "account mail failed");
    return "failed";
  }
}

/** The absolute address of an app path (APP_URL without its trailing slash, then the path). */
export function appLink({ appUrl, path }: { appUrl: string; path: string }): string {
  return `${appUrl.replace(/\/$/, "")}${path}`;
}
