import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { recordAuditEvent } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import { consumeRateLimit, describeRetryAfter, RateLimitedError } from "@/lib/auth/rate-limit";
import type { CurrentUser } from "@/lib/auth/session";
import { createToken, hashToken } from "@/lib/crypto/tokens";
import { db } from "@/lib/db";
import { accountTokens, organisations, sessions, users } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { type MailSettings, mailSettings } from "@/lib/mail/settings";
import { composePasswordResetMail } from "./account-mail";
import { type AccountMailOutcome, appLink, deliverAccountMail } from "./deliver";
import type { AccountMailLanguage } from "./mail-language";
import { ACCOUNT_TOKEN_LIFETIME_MINUTES, consumeAccountToken, issueAccountToken } from "./tokens";

/** The one answer to a reset request, whether or not the address has an account. */
export const PASSWORD_RESET_ANSWER =
  "If an account exists for that address, we have mailed it a link to set a new password. The link works for 60 minutes; check your spam folder if nothing arrives.";

export const RESET_LINK_INVALID =
  "This link to set a new password does not work any more: it was used already, a newer one was sent, or it expired after 60 minutes. Ask for a new one.";

/** The page a mailed token opens. */
export const resetPasswordPath = (token: string) => `/reset-password/${token}`;

const NO_USER = "00000000-0000-0000-0000-000000000000";

interface MailOptions {
  language: AccountMailLanguage;
  appUrl?: string;
  settings?: MailSettings | null;
  now?: Date;
}

async function countResetRequest({ email, client }: { email: string; client: string }) {
  try {
    await consumeRateLimit({ policy: "passwordResetByIp", key: client });
    await consumeRateLimit({ policy: "passwordResetByAccount", key: email });
  } catch (error) {
    if (error instanceof RateLimitedError) {
      throw new AppError(
        "rate_limited",
        `Too many requests for a new password. Please wait ${describeRetryAfter(error.retryAfterSeconds)} and try again.`,
      );
    }
    throw error;
  }
}

async function findAccount(email: string) {
  const [row] = await db()
    .select({ userId: users.id, name: users.name, email: users.email, organisationId: users.organisationId })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  if (!row) return null;
  const [organisation] = await db()
    .select({ name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, row.organisationId))
    .limit(1);
  return { ...row, organisationName: organisation?.name ?? "Slotbridge" };
}

/**
 * Someone asks for a reset link for `email`. Only the counting (per address and per client, the same
 * for every address) happens before the answer, which is one constant text: the response neither takes
 * longer nor reads differently for an address with an account. Everything that depends on the address
 * is in `deliver`, which the caller runs after the response (next/server's after()); even there both
 * branches do the same work (a transaction on the token table, a token made and hashed, a mail
 * composed), and only an existing account is mailed and leaves an audit line.
 */
export async function requestPasswordReset(
  input: MailOptions & { email: string; client: string },
): Promise<{ message: string; deliver: () => Promise<AccountMailOutcome | "no-account"> }> {
  await countResetRequest(input);
  return { message: PASSWORD_RESET_ANSWER, deliver: () => issueAndMailReset(input) };
}

async function issueAndMailReset(input: MailOptions & { email: string }): Promise<AccountMailOutcome | "no-account"> {
  const now = input.now ?? new Date();
  const settings = input.settings === undefined ? mailSettings() : input.settings;
  const appUrl = input.appUrl ?? env().APP_URL;
  const account = await findAccount(input.email);
  const token = await db().transaction(async (tx) => {
    if (!account) {
      // The decoy: the same DELETE that issueAccountToken runs (matching nothing), a token hashed.
      await tx
        .delete(accountTokens)
        .where(and(eq(accountTokens.userId, NO_USER), eq(accountTokens.purpose, "password-reset")));
      await tx.execute(sql`select ${hashToken(createToken())}`);
      return createToken();
    }
    const issued = await issueAccountToken({ userId: account.userId, purpose: "password-reset", tx, now });
    await recordAuditEvent({
      tx,
      organisationId: account.organisationId,
      actorUserId: null,
      action: "account.password-reset-requested",
      targetId: account.userId,
    });
    return issued;
  });
  const mail = composePasswordResetMail({
    language: input.language,
    to: { name: account?.name ?? "", email: account?.email ?? input.email },
    organisationName: account?.organisationName ?? "Slotbridge",
    url: appLink({ appUrl, path: resetPasswordPath(token) }),
    expiresAt: new Date(now.getTime() + ACCOUNT_TOKEN_LIFETIME_MINUTES["password-reset"] * 60_000),
  });
  return account ? deliverAccountMail({ mail, kind: "password-reset", settings }) : "no-account";
}

/**
 * Sets a new password with a mailed token: the token is spent, the password replaced, and every session of
 * the user ended, in one transaction (a stolen session does not survive a reset). Using the link also
 * shows the address is the user's, so it counts as verified.
 */
export async function resetPassword(input: { token: string; password: string; now?: Date }) {
  const now = input.now ?? new Date();
  const passwordHash = await hashPassword(input.password);
  return db().transaction(async (tx) => {
    const used = await consumeAccountToken({ token: input.token, purpose: "password-reset", tx, now });
    if (!used) throw new AppError("not_found", RESET_LINK_INVALID);
    const [user] = await tx
      .update(users)
      .set({
        passwordHash,
        emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now.toISOString()}::timestamptz)`,
      })
      .where(eq(users.id, used.userId))
      .returning({ id: users.id, email: users.email, organisationId: users.organisationId });
    if (!user) throw new AppError("not_found", RESET_LINK_INVALID);
    const ended = await tx.delete(sessions).where(eq(sessions.userId, user.id)).returning({ id: sessions.id });
    await recordAuditEvent({
      tx,
      organisationId: user.organisationId,
      actorUserId: user.id,
      action: "account.password-reset",
      targetId: user.id,
      detail: { sessionsEnded: ended.length },
    });
    return { email: user.email, sessionsEnded: ended.length };
  });
}

/**
 * An owner or admin mails a member of their own organisation a reset link (admins not to owners, as they
 * may not manage owners). The member's password and sessions stay until the link is used.
 */
export async function sendMemberPasswordReset(
  input: MailOptions & { actor: CurrentUser; memberId: string },
): Promise<AccountMailOutcome> {
  const { actor } = input;
  const settings = input.settings === undefined ? mailSettings() : input.settings;
  const now = input.now ?? new Date();
  if (actor.role === "member") throw new AppError("forbidden", "Only admins and owners can do that.");
  if (input.memberId === actor.userId) {
    throw new AppError("forbidden", "To change your own password, use Settings or “Forgot password?”.");
  }
  const [member] = await db()
    .select({ id: users.id, name: users.name, email: users.email, role: users.role })
    .from(users)
    .where(and(eq(users.id, input.memberId), eq(users.organisationId, actor.organisationId)))
    .limit(1);
  if (!member) throw new AppError("not_found", "That member is not in your organisation.");
  if (member.role === "owner" && actor.role !== "owner") {
    throw new AppError("forbidden", "Only an owner can send an owner a password reset.");
  }
  if (!settings) {
    throw new AppError("conflict", "Mail is not set up on this instance (SMTP_URL), so no reset link can be mailed.");
  }
  const token = await db().transaction(async (tx) => {
    const issued = await issueAccountToken({ userId: member.id, purpose: "password-reset", tx, now });
    await recordAuditEvent({
      tx,
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "member.password-reset-sent",
      targetId: member.id,
    });
    return issued;
  });
  const mail = composePasswordResetMail({
    language: input.language,
    to: { name: member.name, email: member.email },
    organisationName: actor.organisationName,
    url: appLink({ appUrl: input.appUrl ?? env().APP_URL, path: resetPasswordPath(token) }),
    expiresAt: new Date(now.getTime() + ACCOUNT_TOKEN_LIFETIME_MINUTES["password-reset"] * 60_000),
    sentByAdmin: { name: actor.name },
  });
  return deliverAccountMail({ mail, kind: "password-reset", settings });
}
