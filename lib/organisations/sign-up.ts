import "server-only";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { organisations, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

export const EMAIL_TAKEN_MESSAGE =
  "This email address can't be used to sign up. If you already have an account, sign in instead.";

/** Creates an organisation and its first owner, together or not at all. */
export async function createOrganisationWithOwner(input: {
  organisationName: string;
  name: string;
  email: string;
  password: string;
}) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db().transaction(async (tx) => {
      const [organisation] = await tx.insert(organisations).values({ name: input.organisationName }).returning();
      if (!organisation) throw new Error("organisation insert returned no row");
      const [owner] = await tx
        .insert(users)
        .values({ organisationId: organisation.id, email: input.email, name: input.name, passwordHash, role: "owner" })
        .returning({ id: users.id });
      if (!owner) throw new Error("user insert returned no row");
      return { organisationId: organisation.id, userId: owner.id };
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_email_key")) throw new AppError("conflict", EMAIL_TAKEN_MESSAGE);
    throw error;
  }
}
