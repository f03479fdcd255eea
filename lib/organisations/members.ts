import "server-only";
import { and, count, eq, isNull, ne, notInArray } from "drizzle-orm";
import { byActor, recordAuditEvent } from "@/lib/audit/record";
import { hasRole } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";
import { db, type Transaction } from "@/lib/db";
import { invites, organisations, type Role, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { invitableRoles } from "./invites";

/**
 * Locks the organisation row for the rest of the transaction, so concurrent role changes in
 * one organisation run one after another and the "at least one owner" check cannot race.
 */
async function lockOrganisation(tx: Transaction, organisationId: string) {
  await tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.id, organisationId))
    .for("update");
}

async function findMemberForUpdate(tx: Transaction, { actor, memberId }: { actor: CurrentUser; memberId: string }) {
  const [member] = await tx
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(and(eq(users.id, memberId), eq(users.organisationId, actor.organisationId)))
    .limit(1);
  // Another organisation's member is indistinguishable from no member at all.
  if (!member) throw new AppError("not_found", "That member is not in your organisation.");
  return member;
}

async function assertAnotherOwner(
  tx: Transaction,
  { organisationId, memberId }: { organisationId: string; memberId: string },
) {
  const [row] = await tx
    .select({ owners: count() })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), eq(users.role, "owner"), ne(users.id, memberId)));
  if (!row || row.owners === 0) {
    throw new AppError("last_owner", "An organisation needs at least one owner. Make someone else an owner first.");
  }
}

/** Admins manage members and admins; only owners grant, change or remove ownership. */
function assertMayManage({ actor, targetRole, newRole }: { actor: CurrentUser; targetRole: Role; newRole?: Role }) {
  if (actor.role === "owner") return;
  if (actor.role === "admin" && targetRole !== "owner" && newRole !== "owner") return;
  throw new AppError("forbidden", "Only an owner can change or remove an owner, or make someone an owner.");
}

export async function changeMemberRole({
  actor,
  memberId,
  role,
}: {
  actor: CurrentUser;
  memberId: string;
  role: Role;
}) {
  await db().transaction(async (tx) => {
    await lockOrganisation(tx, actor.organisationId);
    const member = await findMemberForUpdate(tx, { actor, memberId });
    assertMayManage({ actor, targetRole: member.role, newRole: role });
    if (member.role === role) return;
    if (member.role === "owner") await assertAnotherOwner(tx, { organisationId: actor.organisationId, memberId });
    await tx.update(users).set({ role }).where(eq(users.id, memberId));
    await revokeInvitesBeyond(tx, { inviterId: memberId, role });
    const detail = { from: member.role, to: role };
    await recordAuditEvent({ tx, ...byActor(actor), action: "member.role-changed", targetId: memberId, detail });
  });
}

/** A member's pending invites for roles their (new) role may not grant go with the right to grant them. */
async function revokeInvitesBeyond(tx: Transaction, { inviterId, role }: { inviterId: string; role: Role | null }) {
  const still = role ? invitableRoles(role) : [];
  await tx
    .delete(invites)
    .where(
      and(
        eq(invites.invitedById, inviterId),
        isNull(invites.acceptedAt),
        still.length > 0 ? notInArray(invites.role, still) : undefined,
      ),
    );
}

export async function removeMember({ actor, memberId }: { actor: CurrentUser; memberId: string }) {
  if (memberId === actor.userId) throw new AppError("forbidden", "You cannot remove yourself.");
  await db().transaction(async (tx) => {
    await lockOrganisation(tx, actor.organisationId);
    const member = await findMemberForUpdate(tx, { actor, memberId });
    assertMayManage({ actor, targetRole: member.role });
    if (member.role === "owner") await assertAnotherOwner(tx, { organisationId: actor.organisationId, memberId });
    await revokeInvitesBeyond(tx, { inviterId: memberId, role: null });
    // Their sessions go with them (ON DELETE CASCADE): they are signed out everywhere at once.
    await tx.delete(users).where(eq(users.id, memberId));
    const detail = { role: member.role };
    await recordAuditEvent({ tx, ...byActor(actor), action: "member.removed", targetId: memberId, detail });
  });
}

export async function renameOrganisation({ actor, name }: { actor: CurrentUser; name: string }) {
  if (!hasRole(actor.role, "admin"))
    throw new AppError("forbidden", "Only owners and admins can rename the organisation.");
  await db().transaction(async (tx) => {
    await tx.update(organisations).set({ name }).where(eq(organisations.id, actor.organisationId));
    await recordAuditEvent({
      tx,
      ...byActor(actor),
      action: "organisation.settings-changed",
      targetId: actor.organisationId,
      detail: { setting: "name" },
    });
  });
}
