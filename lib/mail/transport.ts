import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import type { MailSettings } from "./settings";

const transports = new Map<string, Transporter>();

/**
 * One pooled transport per SMTP URL: smtps = TLS from the start (port 465 by default), smtp = STARTTLS
 * when the server offers it (587 by default), certificates always verified. nodemailer's own logger stays
 * off, since it would print the AUTH exchange. Short timeouts: a hung server fails the job, and the queue
 * retries it.
 */
function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    const url = new URL(smtpUrl);
    const secure = url.protocol === "smtps:";
    transport = nodemailer.createTransport({
      host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      ...(url.username
        ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
        : {}),
      pool: true,
      maxConnections: 2,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      logger: false,
      debug: false,
    });
    transports.set(smtpUrl, transport);
  }
  return transport;
}

export type OutgoingMail = Omit<Mail.Options, "from">;

/** Sends one message from the configured sender; throws when the server refuses or cannot be reached. */
export async function sendMail({ settings, mail }: { settings: MailSettings; mail: OutgoingMail }) {
  const info = await transportFor(settings.smtpUrl).sendMail({ ...mail, from: settings.from });
  return { messageId: info.messageId as string };
}

/** Closes every pooled connection (tests, shutdown). */
export function closeMailTransports() {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}
