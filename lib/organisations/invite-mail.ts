import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { composeInviteMail } from "@/lib/accounts/account-mail";
import { type AccountMailOutcome, appLink, deliverAccountMail } from "@/lib/accounts/deliver";
import type { AccountMailLanguage } from "@/lib/accounts/mail-language";
import { recordAuditEvent } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/session";
import { createToken, hashToken } from "@/lib/crypto/tokens";
import { db } from "@/lib/db";
import { invites, organisations, type Role } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { DEMO_ORGANISATION_HEADER } from "@/lib/mail/captured-mail";
import { type MailSettings, mailSettings } from "@/lib/mail/settings";
import { createInvite, INVITE_LIFETIME_DAYS, mayInviteAs } from "./invites";

interface MailOptions {
  language: AccountMailLanguage;
  appUrl?: string;
  settings?: MailSettings | null;
  /** The demo marks whose mail each message is, for its mail page (DEMO_ORGANISATION_HEADER). */
  markOrganisation?: boolean;
}

/** What the inviter sees once: the link (to copy when the mail did not go) and what became of the mail. */
export interface MailedInvite {
  email: string;
  inviteUrl: string;
  mail: AccountMailOutcome;
}

const inviteUrl = ({ appUrl, token }: { appUrl: string; token: string }) =>
  appLink({ appUrl, path: `/invite/${token}` });

/** Mails the invite behind `token` in the inviter's name; marks it mailed once the server took it. */
async function mailInvite(
  input: MailOptions & { actor: CurrentUser; token: string },
): Promise<{ url: string; mail: AccountMailOutcome; email: string }> {
  const appUrl = input.appUrl ?? env().APP_URL;
  const settings = input.settings === undefined ? mailSettings() : input.settings;
  const tokenHash = hashToken(input.token);
  const [invite] = await db()
    .select({
      email: invites.email,
      role: invites.role,
      expiresAt: invites.expiresAt,
      organisationName: organisations.name,
    })
    .from(invites)
    .innerJoin(organisations, eq(organisations.id, invites.organisationId))
    .where(and(eq(invites.tokenHash, tokenHash), eq(invites.organisationId, input.actor.organisationId)))
    .limit(1);
  if (!invite) throw new AppError("not_found", "That invite no longer exists.");
  const url = inviteUrl({ appUrl, token: input.token });
  const composed = composeInviteMail({
    language: input.language,
    to: invite.email,
    inviter: { name: input.actor.name, email: input.actor.email },
    organisationName: invite.organisationName,
    role: invite.role,
    url,
    expiresAt: invite.expiresAt,
  });
  // The demo's mail page shows an organisation its own mail: the invite is the inviting admins' to see.
  const marked = input.markOrganisation
    ? { ...composed, headers: { ...composed.headers, [DEMO_ORGANISATION_HEADER]: input.actor.organisationId } }
    : composed;
  const mail = await deliverAccountMail({ kind: "invite", settings, mail: marked });
  if (mail === "sent") await db().update(invites).set({ mailedAt: new Date() }).where(eq(invites.tokenHash, tokenHash));
  return { url, mail, email: invite.email };
}

/** Creates an invite (createInvite's rules) and mails it. */
export async function createAndMailInvite(
  input: MailOptions & { actor: CurrentUser; email: string; role: Role },
): Promise<MailedInvite> {
  const token = await createInvite({ actor: input.actor, email: input.email, role: input.role });
  const { url, mail } = await mailInvite({ ...input, token });
  return { email: input.email, inviteUrl: url, mail };
}

/**
 * Mails a pending invite again with a new link: the old one stops working at once, the validity starts
 * afresh, and the one resending becomes its inviter (the mail names them, and acceptance checks their
 * rights). Only someone who may invite people with the invite's role can resend it.
 */
export async function resendInvite(
  input: MailOptions & { actor: CurrentUser; inviteId: string },
): Promise<MailedInvite> {
  const { actor } = input;
  const token = createToken();
  await db().transaction(async (tx) => {
    const [invite] = await tx
      .select({ id: invites.id, role: invites.role })
      .from(invites)
      .where(
        and(
          eq(invites.id, input.inviteId),
          eq(invites.organisationId, actor.organisationId),
          isNull(invites.acceptedAt),
        ),
      )
      .for("update");
    if (!invite) throw new AppError("not_found", "That invite no longer exists.");
    if (!mayInviteAs(actor.role, invite.role)) {
      throw new AppError("forbidden", "Only an owner can invite another owner.");
    }
    await tx
      .update(invites)
      .set({
        tokenHash: hashToken(token),
        invitedById: actor.userId,
        mailedAt: null,
        expiresAt: new Date(Date.now() + INVITE_LIFETIME_DAYS * 24 * 60 * 60 * 1000),
      })
      .where(eq(invites.id, invite.id));
    await recordAuditEvent({
      tx,
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "member.invite-resent",
      targetId: invite.id,
      detail: { role: invite.role },
    });
  });
  const { url, mail, email } = await mailInvite({ ...input, token });
  return { email, inviteUrl: url, mail };
}
