import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { recordAuditEvent } from "@/lib/audit/record";
import { consumeRateLimit } from "@/lib/auth/rate-limit";
import { db } from "@/lib/db";
import { organisations, users } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { log, summarizeError } from "@/lib/log";
import { type MailSettings, mailSettings } from "@/lib/mail/settings";
import { sendMail } from "@/lib/mail/transport";
import { consumeAccountToken, issueAccountToken } from "./tokens";
import { type AccountMailLanguage, composeVerificationMail } from "./verification-mail";

export interface VerificationMailOptions {
  language: AccountMailLanguage;
  settings?: MailSettings | null;
  appUrl?: string;
}

/**
 * Mails a fresh verification link to an unverified user (an earlier link stops working). Returns false when
 * there is nothing to send: the user is verified or gone, or mail is off. Throws when the SMTP server
 * refuses, so the caller can say the mail did not go.
 */
export async function sendVerificationMail(input: { userId: string } & VerificationMailOptions): Promise<boolean> {
  const settings = input.settings === undefined ? mailSettings() : input.settings;
  if (!settings) {
    log.warn("a verification mail was due but mail is off (SMTP_URL is not set)");
    return false;
  }
  const [user] = await db()
    .select({ id: users.id, name: users.name, email: users.email, organisationName: organisations.name })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(users.id, input.userId), isNull(users.emailVerifiedAt), isNull(organisations.disabledAt)))
    .limit(1);
  if (!user) return false;
  const appUrl = (input.appUrl ?? env().APP_URL).replace(/\/$/, "");
  const token = await issueAccountToken({ userId: user.id, purpose: "email-verification" });
  const mail = composeVerificationMail({
    to: { name: user.name, email: user.email },
    organisationName: user.organisationName,
    verifyUrl: `${appUrl}/verify-email/${token}`,
    appUrl,
    language: input.language,
  });
  await sendMail({ settings, mail });
  return true;
}

/**
 * "Send the mail again" from the sign-in page. The same answer whatever the address (registered, verified or
 * not): the caller says "if an account is waiting, a link is on its way". The mail is sent after this
 * returns (the returned `delivery` settles then), so the answer takes as long for an unknown address as for
 * a known one. Limited per address asked about and per client; throws RateLimitedError past either.
 */
export async function requestVerificationMail(
  input: { email: string; client: string } & VerificationMailOptions,
): Promise<{ delivery: Promise<void> }> {
  await consumeRateLimit({ policy: "verificationMailByIp", key: input.client });
  await consumeRateLimit({ policy: "verificationMailByAccount", key: input.email });
  const [user] = await db()
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.email, input.email), isNull(users.emailVerifiedAt)))
    .limit(1);
  if (!user) return { delivery: Promise.resolve() };
  const delivery = sendVerificationMail({ ...input, userId: user.id }).then(
    () => undefined,
    (error: unknown) => log.warn({ err: summarizeError(error) }, "verification mail not sent"),
  );
  return { delivery };
}

/**
 * Uses a verification link: marks the address verified, once. Signs nobody in. Returns false when the link is
 * unknown, used, expired or superseded by a newer one.
 */
export async function verifyEmailAddress(token: string): Promise<boolean> {
  return db().transaction(async (tx) => {
    const used = await consumeAccountToken({ token, purpose: "email-verification", tx });
    if (!used) return false;
    const [user] = await tx
      .update(users)
      .set({ emailVerifiedAt: new Date() })
      .where(and(eq(users.id, used.userId), isNull(users.emailVerifiedAt)))
      .returning({ id: users.id, organisationId: users.organisationId });
    if (user) {
      await recordAuditEvent({
        tx,
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: "account.email-verified",
        targetId: user.id,
      });
    }
    return true;
  });
}
