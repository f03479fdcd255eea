import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { recordAuditEvent } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { organisationDomains } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

const OWNERS_ONLY = "Only owners can change the organisation's sign-up domains.";

/**
 * The email domains an organisation owns: with SIGNUP=domains, people whose address is in one of them (and
 * in SIGNUP_DOMAINS) may sign themselves up as its members. Owners only.
 */
export async function listOrganisationDomains(actor: CurrentUser): Promise<string[]> {
  if (actor.role !== "owner") return [];
  const rows = await db()
    .select({ domain: organisationDomains.domain })
    .from(organisationDomains)
    .where(eq(organisationDomains.organisationId, actor.organisationId))
    .orderBy(asc(organisationDomains.domain));
  return rows.map((row) => row.domain);
}

/** Claims a domain for the actor's organisation. A domain belongs to one organisation of the instance. */
export async function addOrganisationDomain(input: { actor: CurrentUser; domain: string }) {
  const { actor, domain } = input;
  if (actor.role !== "owner") throw new AppError("forbidden", OWNERS_ONLY);
  try {
    await db().transaction(async (tx) => {
      await tx.insert(organisationDomains).values({ domain, organisationId: actor.organisationId });
      await recordAuditEvent({
        tx,
        organisationId: actor.organisationId,
        actorUserId: actor.userId,
        action: "organisation.settings-changed",
        detail: { change: "sign-up domain added", domain },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error, "organisation_domains_pkey")) {
      throw new AppError("conflict", `${domain} is already a sign-up domain of an organisation on this Slotbridge.`);
    }
    throw error;
  }
}

export async function removeOrganisationDomain(input: { actor: CurrentUser; domain: string }) {
  const { actor, domain } = input;
  if (actor.role !== "owner") throw new AppError("forbidden", OWNERS_ONLY);
  await db().transaction(async (tx) => {
    const removed = await tx
      .delete(organisationDomains)
      .where(and(eq(organisationDomains.domain, domain), eq(organisationDomains.organisationId, actor.organisationId)))
      .returning({ domain: organisationDomains.domain });
    if (removed.length === 0) throw new AppError("not_found", "That domain is not one of the organisation's.");
    await recordAuditEvent({
      tx,
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "organisation.settings-changed",
      detail: { change: "sign-up domain removed", domain },
    });
  });
}
