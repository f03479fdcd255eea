import "server-only";
import { eq } from "drizzle-orm";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { env } from "@/lib/env";

/**
 * Instance administrators: the first-run owner (and whoever the database marks so), and the addresses in
 * INSTANCE_ADMIN_EMAILS. Both are read on every call, so a change takes effect at once.
 */
export async function isInstanceAdmin(
  user: Pick<CurrentUser, "userId" | "email">,
  adminEmails: string[] = env().INSTANCE_ADMIN_EMAILS,
): Promise<boolean> {
  if (adminEmails.includes(user.email.toLowerCase())) return true;
  const [row] = await db()
    .select({ instanceAdmin: users.instanceAdmin })
    .from(users)
    .where(eq(users.id, user.userId))
    .limit(1);
  return row?.instanceAdmin === true;
}
