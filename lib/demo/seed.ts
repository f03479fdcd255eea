import { eq } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import type { Database } from "@/lib/db/open";
import { organisations, type Role, users } from "@/lib/db/schema";

/** Published in the README and printed by `npm run demo`; seeded by nothing else. */
export const DEMO_PASSWORD = "slotbridge-demo";
export const DEMO_ORGANISATION = "Northwind Dental (demo)";
export const DEMO_PEOPLE: { name: string; email: string; role: Role }[] = [
  { name: "Olivia Owner", email: "owner@demo.slotbridge.test", role: "owner" },
  { name: "Adam Admin", email: "admin@demo.slotbridge.test", role: "admin" },
  { name: "Maya Patel", email: "maya@demo.slotbridge.test", role: "member" },
  { name: "Noah Kim", email: "noah@demo.slotbridge.test", role: "member" },
  { name: "Lena Fischer", email: "lena@demo.slotbridge.test", role: "member" },
];

/** Creates the demo organisation once; later runs leave it (and any changes made in it) alone. */
export async function seedDemo(db: Database): Promise<"created" | "exists"> {
  const [owner] = DEMO_PEOPLE;
  if (!owner) throw new Error("DEMO_PEOPLE is empty");
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, owner.email)).limit(1);
  if (existing) return "exists";

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const [organisation] = await tx.insert(organisations).values({ name: DEMO_ORGANISATION }).returning();
    if (!organisation) throw new Error("organisation insert returned no row");
    // Seeded addresses count as verified; the owner administers the instance, as a first-run owner would.
    const verifiedAt = new Date();
    await tx.insert(users).values(
      DEMO_PEOPLE.map((person) => ({
        ...person,
        organisationId: organisation.id,
        passwordHash,
        emailVerifiedAt: verifiedAt,
        instanceAdmin: person.email === owner.email,
      })),
    );
  });
  return "created";
}
