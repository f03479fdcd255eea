import "server-only";
import { type Env, env } from "@/lib/env";

/** Where and as whom mail is sent; null when SMTP_URL is unset (mail is off). */
export interface MailSettings {
  smtpUrl: string;
  from: string;
}

export function mailSettings(source: Pick<Env, "SMTP_URL" | "MAIL_FROM" | "APP_URL"> = env()): MailSettings | null {
  if (!source.SMTP_URL) return null;
  return {
    smtpUrl: source.SMTP_URL,
    from: source.MAIL_FROM ?? `Slotbridge <no-reply@${new URL(source.APP_URL).hostname}>`,
  };
}

/** The server as logs may name it: scheme, host and port, never the user or password in the URL. */
export function describeSmtpServer(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  return `${url.protocol}//${url.hostname}${url.port ? `:${url.port}` : ""}`;
}
