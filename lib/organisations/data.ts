import "server-only";
import { and, asc, desc, eq, gt, isNull } from "drizzle-orm";
import { db } from "@/lib/db";
import { invites, organisations, users } from "@/lib/db/schema";

// Every read is scoped by the caller's organisation id, taken from the session, never from input.

const memberColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  createdAt: users.createdAt,
};

export async function listMembers(organisationId: string) {
  return db()
    .select(memberColumns)
    .from(users)
    .where(eq(users.organisationId, organisationId))
    .orderBy(asc(users.name));
}

export async function getMember({ organisationId, memberId }: { organisationId: string; memberId: string }) {
  const [member] = await db()
    .select(memberColumns)
    .from(users)
    .where(and(eq(users.organisationId, organisationId), eq(users.id, memberId)))
    .limit(1);
  return member ?? null;
}

export async function listPendingInvites(organisationId: string) {
  return db()
    .select({
      id: invites.id,
      email: invites.email,
      role: invites.role,
      expiresAt: invites.expiresAt,
      mailedAt: invites.mailedAt,
      createdAt: invites.createdAt,
    })
    .from(invites)
    .where(
      and(eq(invites.organisationId, organisationId), isNull(invites.acceptedAt), gt(invites.expiresAt, new Date())),
    )
    .orderBy(desc(invites.createdAt));
}

export async function getOrganisation(organisationId: string) {
  const [organisation] = await db().select().from(organisations).where(eq(organisations.id, organisationId)).limit(1);
  return organisation ?? null;
}
