import "server-only";
import { and, eq, gt, isNull } from "drizzle-orm";
import { byActor, recordAuditEvent } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import type { CurrentUser } from "@/lib/auth/session";
import { createToken, hashToken } from "@/lib/crypto/tokens";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { invites, organisations, type Role, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

export const INVITE_LIFETIME_DAYS = 7;

const INVALID_INVITE =
  "This invite link is not valid any more. It may have been used, revoked or expired; ask for a new one.";
const VOID_INVITE =
  "This invite is void: the person who sent it can no longer invite people with this role. Ask an admin of the organisation for a new invite.";

/** Who may invite whom: admins invite members and admins, owners anyone; members no one. */
export function mayInviteAs(inviterRole: Role, role: Role): boolean {
  if (inviterRole === "owner") return true;
  return inviterRole === "admin" && role !== "owner";
}

/** The roles someone of `inviterRole` may still invite people as. */
export function invitableRoles(inviterRole: Role): Role[] {
  return (["member", "admin", "owner"] as const).filter((role) => mayInviteAs(inviterRole, role));
}

/** Creates an invite and returns its token: shown once, in the link, and stored only hashed. */
export async function createInvite({ actor, email, role }: { actor: CurrentUser; email: string; role: Role }) {
  if (!mayInviteAs(actor.role, role)) {
    throw new AppError(
      "forbidden",
      role === "owner" ? "Only an owner can invite another owner." : "Only admins and owners can invite people.",
    );
  }
  const token = createToken();
  await db().transaction(async (tx) => {
    // A fresh invite replaces any still-pending one for the same address.
    await tx
      .delete(invites)
      .where(
        and(eq(invites.organisationId, actor.organisationId), eq(invites.email, email), isNull(invites.acceptedAt)),
      );
    const [invite] = await tx
      .insert(invites)
      .values({
        organisationId: actor.organisationId,
        email,
        role,
        tokenHash: hashToken(token),
        invitedById: actor.userId,
        expiresAt: new Date(Date.now() + INVITE_LIFETIME_DAYS * 24 * 60 * 60 * 1000),
      })
      .returning({ id: invites.id });
    await recordAuditEvent({
      tx,
      ...byActor(actor),
      action: "member.invited",
      targetId: invite?.id,
      detail: { role },
    });
  });
  return token;
}

export async function revokeInvite({ actor, inviteId }: { actor: CurrentUser; inviteId: string }) {
  await db().transaction(async (tx) => {
    const [deleted] = await tx
      .delete(invites)
      .where(
        and(eq(invites.id, inviteId), eq(invites.organisationId, actor.organisationId), isNull(invites.acceptedAt)),
      )
      .returning({ id: invites.id, role: invites.role });
    if (!deleted) throw new AppError("not_found", "That invite no longer exists.");
    const detail = { role: deleted.role };
    await recordAuditEvent({ tx, ...byActor(actor), action: "member.invite-revoked", targetId: inviteId, detail });
  });
}

/** The pending invite behind a link, for the acceptance page; null when unusable. */
export async function findPendingInvite(token: string) {
  const [invite] = await db()
    .select({ email: invites.email, role: invites.role, organisationName: organisations.name })
    .from(invites)
    .innerJoin(organisations, eq(organisations.id, invites.organisationId))
    .where(and(eq(invites.tokenHash, hashToken(token)), isNull(invites.acceptedAt), gt(invites.expiresAt, new Date())))
    .limit(1);
  return invite ?? null;
}

/**
 * Spends the invite and creates the account in one transaction. The conditional UPDATE is
 * what makes the link single-use: of two concurrent acceptances only one matches the row. The inviter
 * must still belong to the organisation and still be allowed to grant the invite's role: an invite does
 * not outlive its issuer's rights. The organisation row is share-locked first, so a role change (which
 * locks it for update) happens wholly before or after the check.
 */
export async function acceptInvite({ token, name, password }: { token: string; name: string; password: string }) {
  const passwordHash = await hashPassword(password);
  try {
    return await db().transaction(async (tx) => {
      const [invite] = await tx
        .update(invites)
        .set({ acceptedAt: new Date() })
        .where(
          and(eq(invites.tokenHash, hashToken(token)), isNull(invites.acceptedAt), gt(invites.expiresAt, new Date())),
        )
        .returning();
      if (!invite) throw new AppError("invite_invalid", INVALID_INVITE);
      await tx
        .select({ id: organisations.id })
        .from(organisations)
        .where(eq(organisations.id, invite.organisationId))
        .for("share");
      const [inviter] = invite.invitedById
        ? await tx
            .select({ role: users.role })
            .from(users)
            .where(and(eq(users.id, invite.invitedById), eq(users.organisationId, invite.organisationId)))
        : [];
      if (!inviter || !mayInviteAs(inviter.role, invite.role)) throw new AppError("invite_invalid", VOID_INVITE);
      const [user] = await tx
        .insert(users)
        // The link reached the invited address: that verifies it.
        .values({
          organisationId: invite.organisationId,
          email: invite.email,
          name,
          passwordHash,
          role: invite.role,
          emailVerifiedAt: new Date(),
        })
        .returning({ id: users.id, email: users.email });
      if (!user) throw new Error("user insert returned no row");
      await recordAuditEvent({
        tx,
        organisationId: invite.organisationId,
        actorUserId: user.id,
        action: "member.joined",
        targetId: user.id,
        detail: { role: invite.role },
      });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_email_key")) {
      throw new AppError(
        "conflict",
        "An account with this email address already exists. Sign in with it, or ask for an invite to another address.",
      );
    }
    throw error;
  }
}
