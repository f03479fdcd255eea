import "server-only";
import { and, eq, gt, isNull } from "drizzle-orm";
import { db } from "@/lib/db";
import { organisations, sessions, users } from "@/lib/db/schema";

/** Absolute lifetime of a sign-in; after it the user signs in again. */
export const SESSION_MAX_AGE_SECONDS = 14 * 24 * 60 * 60;

export async function createSessionRecord(userId: string): Promise<string> {
  const [row] = await db()
    .insert(sessions)
    .values({ userId, expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000) })
    .returning({ id: sessions.id });
  if (!row) throw new Error("session insert returned no row");
  return row.id;
}

/** The signed-in user behind a live session record, with their organisation and role. */
export async function findActiveSession(sessionId: string) {
  const [row] = await db()
    .select({
      sessionId: sessions.id,
      userId: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      organisationId: organisations.id,
      organisationName: organisations.name,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    // A disabled organisation's sessions are deleted when it is disabled; this keeps any straggler out.
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, new Date()), isNull(organisations.disabledAt)))
    .limit(1);
  return row ?? null;
}

export async function deleteSessionRecord(sessionId: string) {
  await db().delete(sessions).where(eq(sessions.id, sessionId));
}
