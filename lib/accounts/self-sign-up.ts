import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { recordAuditEvent } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { organisationDomains, organisations, users } from "@/lib/db/schema";
import type { SignUpMode } from "@/lib/env/schema";
import { AppError } from "@/lib/errors";
import { insertOrganisationWithOwner, rethrowEmailTaken } from "@/lib/organisations/sign-up";
import { domainOfEmail } from "./email-domain";

export const SIGN_UP_CLOSED =
  "This Slotbridge makes accounts by invite only. An admin of your organisation can invite you.";
export const DOMAIN_NOT_OPEN =
  "Sign-up is open only to addresses of the organisations on this Slotbridge, and this address is not one of them. An admin of your organisation can invite you.";

export type SelfSignUpInput =
  | { mode: "open"; organisationName: string; name: string; email: string; password: string }
  | { mode: "domains"; name: string; email: string; password: string };

/**
 * Someone makes their own account, as the instance's sign-up mode allows: `open` creates an organisation
 * with them as owner, `domains` makes them a member of the organisation that owns their address's domain
 * (which SIGNUP_DOMAINS must list too), `closed` refuses. The account is unverified: it cannot sign in until
 * the mailed link is used. Returns who to mail.
 */
export async function signUpYourself(input: {
  mode: SignUpMode;
  allowedDomains: string[];
  account: SelfSignUpInput | null;
}): Promise<{ userId: string; organisationId: string }> {
  const { account } = input;
  if (input.mode === "closed" || !account || account.mode !== input.mode) {
    throw new AppError("forbidden", SIGN_UP_CLOSED);
  }
  const passwordHash = await hashPassword(account.password);
  try {
    return await db().transaction(async (tx) => {
      if (account.mode === "open") {
        const ids = await insertOrganisationWithOwner({ tx, organisation: account, passwordHash, verified: false });
        await recordAuditEvent({
          tx,
          organisationId: ids.organisationId,
          actorUserId: ids.userId,
          action: "organisation.created",
          targetId: ids.organisationId,
          detail: { via: "sign-up" },
        });
        return ids;
      }
      const domain = domainOfEmail(account.email);
      if (!input.allowedDomains.includes(domain)) throw new AppError("forbidden", DOMAIN_NOT_OPEN);
      // Share-locked so the domain cannot be removed (or the organisation disabled) halfway through.
      const [owner] = await tx
        .select({ organisationId: organisationDomains.organisationId })
        .from(organisationDomains)
        .innerJoin(organisations, eq(organisations.id, organisationDomains.organisationId))
        .where(and(eq(organisationDomains.domain, domain), isNull(organisations.disabledAt)))
        .for("share");
      if (!owner) throw new AppError("forbidden", DOMAIN_NOT_OPEN);
      const [user] = await tx
        .insert(users)
        .values({
          organisationId: owner.organisationId,
          email: account.email,
          name: account.name,
          passwordHash,
          role: "member",
        })
        .returning({ id: users.id });
      if (!user) throw new Error("user insert returned no row");
      await recordAuditEvent({
        tx,
        organisationId: owner.organisationId,
        actorUserId: user.id,
        action: "member.joined",
        targetId: user.id,
        detail: { via: "domain sign-up", domain },
      });
      return { userId: user.id, organisationId: owner.organisationId };
    });
  } catch (error) {
    rethrowEmailTaken(error);
  }
}
