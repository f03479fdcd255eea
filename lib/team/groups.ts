import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { byActor, recordAuditEvent } from "@/lib/audit/record";
import { hasRole } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { memberGroupMembers, memberGroups, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

// Groups filter the team grid. Everyone in the organisation sees them; owners and admins define them.

function assertAdmin(actor: CurrentUser) {
  if (!hasRole(actor.role, "admin")) throw new AppError("forbidden", "Only owners and admins can manage groups.");
}

export interface MemberGroup {
  id: string;
  name: string;
  memberIds: string[];
}

export async function listGroups({ actor }: { actor: CurrentUser }): Promise<MemberGroup[]> {
  const rows = await db()
    .select({ id: memberGroups.id, name: memberGroups.name, userId: memberGroupMembers.userId })
    .from(memberGroups)
    .leftJoin(memberGroupMembers, eq(memberGroupMembers.groupId, memberGroups.id))
    .where(eq(memberGroups.organisationId, actor.organisationId))
    .orderBy(asc(memberGroups.name));
  const groups = new Map<string, MemberGroup>();
  for (const row of rows) {
    const group = groups.get(row.id) ?? { id: row.id, name: row.name, memberIds: [] };
    if (row.userId) group.memberIds.push(row.userId);
    groups.set(row.id, group);
  }
  return [...groups.values()];
}

/** Member ids must all belong to the actor's organisation; anything else is refused as a whole. */
async function assertMembersInOrganisation({ actor, memberIds }: { actor: CurrentUser; memberIds: string[] }) {
  if (memberIds.length === 0) return;
  const found = await db()
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organisationId, actor.organisationId), inArray(users.id, memberIds)));
  if (found.length !== new Set(memberIds).size) throw new AppError("not_found", "Some of those members do not exist.");
}

const DUPLICATE = "A group with that name already exists.";

/** Creates a group, or renames an existing one and replaces its members, in one transaction. */
export async function saveGroup({
  actor,
  groupId,
  name,
  memberIds,
}: {
  actor: CurrentUser;
  groupId?: string;
  name: string;
  memberIds: string[];
}): Promise<{ groupId: string }> {
  assertAdmin(actor);
  const unique = [...new Set(memberIds)];
  await assertMembersInOrganisation({ actor, memberIds: unique });
  try {
    return await db().transaction(async (tx) => {
      let id = groupId;
      if (id) {
        const updated = await tx
          .update(memberGroups)
          .set({ name: name.trim() })
          .where(and(eq(memberGroups.id, id), eq(memberGroups.organisationId, actor.organisationId)))
          .returning({ id: memberGroups.id });
        if (updated.length === 0) throw new AppError("not_found", "That group does not exist.");
        await tx.delete(memberGroupMembers).where(eq(memberGroupMembers.groupId, id));
      } else {
        const [created] = await tx
          .insert(memberGroups)
          .values({ organisationId: actor.organisationId, name: name.trim() })
          .returning({ id: memberGroups.id });
        id = created?.id ?? "";
      }
      if (unique.length > 0) {
        await tx.insert(memberGroupMembers).values(unique.map((userId) => ({ groupId: id, userId })));
      }
      await recordAuditEvent({
        tx,
        ...byActor(actor),
        action: "organisation.settings-changed",
        targetId: id,
        detail: { setting: groupId ? "group-changed" : "group-created", members: unique.length },
      });
      return { groupId: id };
    });
  } catch (error) {
    if (isUniqueViolation(error, "member_groups_organisation_name_key")) throw new AppError("conflict", DUPLICATE);
    throw error;
  }
}

export async function deleteGroup({ actor, groupId }: { actor: CurrentUser; groupId: string }) {
  assertAdmin(actor);
  await db().transaction(async (tx) => {
    const deleted = await tx
      .delete(memberGroups)
      .where(and(eq(memberGroups.id, groupId), eq(memberGroups.organisationId, actor.organisationId)))
      .returning({ id: memberGroups.id });
    if (deleted.length === 0) throw new AppError("not_found", "That group does not exist.");
    await recordAuditEvent({
      tx,
      ...byActor(actor),
      action: "organisation.settings-changed",
      targetId: groupId,
      detail: { setting: "group-deleted" },
    });
  });
}
