import "server-only";
import { recordAuditEvent } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { instanceSetup, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { insertOrganisationWithOwner, type NewOrganisationInput, rethrowEmailTaken } from "@/lib/organisations/sign-up";

export const ALREADY_SET_UP = "This Slotbridge is already set up. Sign in, or ask its administrator for an invite.";

// Once set up, always set up: remembered per process so the sign-in pages ask the database once.
const state = globalThis as typeof globalThis & { __slotbridgeInstanceSetUp?: boolean };

/**
 * Whether the first-run page is due: no setup row and no user at all. Installations from before the setup
 * row got one in their migration; tests and the demo that seed users directly count as set up.
 */
export async function instanceNeedsSetup(): Promise<boolean> {
  if (state.__slotbridgeInstanceSetUp) return false;
  const [setupRow] = await db().select({ id: instanceSetup.id }).from(instanceSetup).limit(1);
  const [someone] = setupRow ? [setupRow] : await db().select({ id: users.id }).from(users).limit(1);
  const setUp = someone !== undefined;
  if (setUp) state.__slotbridgeInstanceSetUp = true;
  return !setUp;
}

/**
 * The first run: the instance's first organisation and its owner (verified, instance administrator), in
 * one transaction that also inserts the setup row. That row's primary key is the lock: of two people racing,
 * the second insert waits for the first transaction and then fails, so exactly one succeeds.
 */
export async function setUpInstance(input: NewOrganisationInput) {
  const passwordHash = await hashPassword(input.password);
  try {
    const created = await db().transaction(async (tx) => {
      await tx.insert(instanceSetup).values({ id: 1 });
      // Users seeded without the page (tests, the demo): the instance is theirs already.
      const [someone] = await tx.select({ id: users.id }).from(users).limit(1);
      if (someone) throw new AppError("conflict", ALREADY_SET_UP);
      const ids = await insertOrganisationWithOwner({
        tx,
        organisation: input,
        passwordHash,
        verified: true,
        instanceAdmin: true,
      });
      await recordAuditEvent({
        tx,
        organisationId: ids.organisationId,
        actorUserId: ids.userId,
        action: "organisation.created",
        targetId: ids.organisationId,
        detail: { firstRun: true },
      });
      return ids;
    });
    state.__slotbridgeInstanceSetUp = true;
    return created;
  } catch (error) {
    if (isUniqueViolation(error, "instance_setup_pkey")) {
      state.__slotbridgeInstanceSetUp = true;
      throw new AppError("conflict", ALREADY_SET_UP);
    }
    rethrowEmailTaken(error);
  }
}

/** For tests: forget what this process remembered (each test database starts empty). */
export function forgetInstanceSetUpForTests() {
  state.__slotbridgeInstanceSetUp = undefined;
}
