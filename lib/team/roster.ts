import "server-only";
import { and, asc, eq, inArray, or } from "drizzle-orm";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { exchangeConnections, memberGroupMembers, memberGroups, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

export interface RosterMember {
  id: string;
  name: string;
  /** The Exchange mailbox connected for this member (the first, if an admin connected several); null if none. */
  mailbox: string | null;
}

/**
 * The members to show, in name order: all of the actor's organisation, or the ids asked for, or one group's.
 * Ids from another organisation (or unknown) are refused as a whole, never silently dropped.
 */
export async function loadRoster({
  actor,
  memberIds,
  groupId,
}: {
  actor: CurrentUser;
  memberIds?: string[] | undefined;
  groupId?: string | undefined;
}): Promise<RosterMember[]> {
  let ids = memberIds ? [...new Set(memberIds)] : undefined;
  if (groupId) {
    const rows = await db()
      .select({ userId: memberGroupMembers.userId })
      .from(memberGroups)
      .leftJoin(memberGroupMembers, eq(memberGroupMembers.groupId, memberGroups.id))
      .where(and(eq(memberGroups.id, groupId), eq(memberGroups.organisationId, actor.organisationId)));
    if (rows.length === 0) throw new AppError("not_found", "That group does not exist.");
    const inGroup = rows.flatMap((row) => (row.userId ? [row.userId] : []));
    ids = ids ? ids.filter((id) => inGroup.includes(id)) : inGroup;
  }
  const members = await db()
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.organisationId, actor.organisationId), ids ? inArray(users.id, ids) : undefined))
    .orderBy(asc(users.name), asc(users.id));
  if (memberIds && !groupId && members.length !== new Set(memberIds).size) {
    throw new AppError("not_found", "Some of those members do not exist.");
  }
  if (members.length === 0) return [];
  const connections = await db()
    .select({ ownerUserId: exchangeConnections.ownerUserId, mailbox: exchangeConnections.mailboxEmail })
    .from(exchangeConnections)
    .where(
      and(
        eq(exchangeConnections.organisationId, actor.organisationId),
        inArray(
          exchangeConnections.ownerUserId,
          members.map((m) => m.id),
        ),
      ),
    )
    .orderBy(asc(exchangeConnections.createdAt));
  const mailboxOf = new Map<string, string>();
  for (const c of connections)
    if (c.ownerUserId && !mailboxOf.has(c.ownerUserId)) mailboxOf.set(c.ownerUserId, c.mailbox);
  return members.map((m) => ({ ...m, mailbox: mailboxOf.get(m.id) ?? null }));
}

/**
 * Whose credentials look availability up: the viewer's own connection when they have one (Exchange then
 * applies the viewer's own permissions), else the organisation's designated lookup connection.
 */
export async function findLookupConnection(actor: CurrentUser) {
  const rows = await db()
    .select()
    .from(exchangeConnections)
    .where(
      and(
        eq(exchangeConnections.organisationId, actor.organisationId),
        or(eq(exchangeConnections.ownerUserId, actor.userId), eq(exchangeConnections.availabilityLookups, true)),
      ),
    )
    .orderBy(asc(exchangeConnections.createdAt));
  return rows.find((row) => row.ownerUserId === actor.userId) ?? rows.find((row) => row.availabilityLookups) ?? null;
}
