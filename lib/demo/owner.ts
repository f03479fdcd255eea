import { eq } from "drizzle-orm";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { organisations, users } from "@/lib/db/schema";
import { DEMO_PEOPLE } from "./seed";

/** The seeded demo owner as an actor, for seeding through the same service calls a signed-in owner makes. */
export async function loadDemoOwner(): Promise<CurrentUser> {
  const [owner] = await db()
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      organisationId: organisations.id,
      organisationName: organisations.name,
    })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.email, DEMO_PEOPLE[0]?.email ?? ""));
  if (!owner) throw new Error("the demo organisation is not seeded");
  return { ...owner, sessionId: "demo-seed" };
}
