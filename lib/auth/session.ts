import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { Role } from "@/lib/db/schema";
import { auth } from "./config";
import { hasRole } from "./roles";
import { findActiveSession } from "./sessions";

export type CurrentUser = NonNullable<Awaited<ReturnType<typeof findActiveSession>>>;

/**
 * Who is asking, checked against the database on every request: a deleted session row,
 * a removed user or a changed role takes effect at once, on every app instance.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  if (!session?.sessionId) return null;
  return findActiveSession(session.sessionId);
});

/** For pages and layouts: signed-out visitors go to sign-in; too low a role gets a 404. */
export async function requireUser(options: { role?: Role } = {}): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  if (options.role && !hasRole(user.role, options.role)) notFound();
  return user;
}
