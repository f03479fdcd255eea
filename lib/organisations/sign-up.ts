import "server-only";
import { hashPassword } from "@/lib/auth/password";
import { db, type Transaction } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { organisations, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

export const EMAIL_TAKEN_MESSAGE =
  "This email address can't be used to sign up. If you already have an account, sign in instead.";

export interface NewOrganisationInput {
  organisationName: string;
  name: string;
  email: string;
  password: string;
}

/**
 * Inserts an organisation and its first owner inside `tx`. `verified`: whether the address counts as shown
 * to be theirs already (seeding, first run) or must be verified by mail first (self sign-up).
 */
export async function insertOrganisationWithOwner(input: {
  tx: Transaction;
  organisation: NewOrganisationInput;
  passwordHash: string;
  verified: boolean;
  instanceAdmin?: boolean;
}) {
  const { tx, organisation: fields } = input;
  const [organisation] = await tx.insert(organisations).values({ name: fields.organisationName }).returning();
  if (!organisation) throw new Error("organisation insert returned no row");
  const [owner] = await tx
    .insert(users)
    .values({
      organisationId: organisation.id,
      email: fields.email,
      name: fields.name,
      passwordHash: input.passwordHash,
      role: "owner",
      emailVerifiedAt: input.verified ? new Date() : null,
      instanceAdmin: input.instanceAdmin ?? false,
    })
    .returning({ id: users.id });
  if (!owner) throw new Error("user insert returned no row");
  return { organisationId: organisation.id, userId: owner.id };
}

/** Maps the one expected failure of creating an account (the address is taken) to what the form says. */
export function rethrowEmailTaken(error: unknown): never {
  if (isUniqueViolation(error, "users_email_key")) throw new AppError("conflict", EMAIL_TAKEN_MESSAGE);
  throw error;
}

/**
 * Creates an organisation and its first owner, together or not at all, with the address verified: what the
 * tests and the demo seed with. Self sign-up goes through lib/accounts/self-sign-up.ts instead.
 */
export async function createOrganisationWithOwner(input: NewOrganisationInput & { verified?: boolean }) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db().transaction((tx) =>
      insertOrganisationWithOwner({ tx, organisation: input, passwordHash, verified: input.verified ?? true }),
    );
  } catch (error) {
    rethrowEmailTaken(error);
  }
}
