import { domainOfEmail } from "@/lib/accounts/email-domain";
import type { RuleSubject } from "./role-rules";

/** How an OpenID provider's ID token names a person's address and groups. */
export interface OidcClaimSettings {
  /** The claim holding the address ("email" by default; Entra ID and ADFS often use "upn" or "preferred_username"). */
  emailClaim: string;
  /** The claim holding group names or ids, if the provider sends one ("groups"). */
  groupsClaim?: string;
  /**
   * Domains this provider is authoritative for: their addresses are accepted without `email_verified`
   * (an organisation's own ADFS or Entra tenant vouches for its domain). Any other address must come with
   * `email_verified: true`.
   */
  authoritativeDomains: readonly string[];
}

export type OidcSubjectResult =
  | { ok: true; subject: RuleSubject; name?: string }
  | { ok: false; reason: "no-email" | "email-not-verified" };

/** A claim as a list of strings: one string, an array of strings, anything else none. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === "string") : [];
}

/**
 * Reads the person from an ID token's claims (already verified: issuer, audience, signature, expiry,
 * nonce). Only an address the provider verified, or one in a domain it is authoritative for, is accepted.
 */
export function subjectFromClaims(input: {
  claims: Record<string, unknown>;
  settings: OidcClaimSettings;
}): OidcSubjectResult {
  const { claims, settings } = input;
  const email = strings(claims[settings.emailClaim])[0]?.trim().toLowerCase();
  if (!email || !/^[^@\s]+@[^@\s]+$/.test(email)) return { ok: false, reason: "no-email" };
  const verified = claims.email_verified === true || claims.email_verified === "true";
  if (!verified && !settings.authoritativeDomains.includes(domainOfEmail(email))) {
    return { ok: false, reason: "email-not-verified" };
  }
  const groups = settings.groupsClaim ? strings(claims[settings.groupsClaim]) : [];
  const name = strings(claims.name)[0]?.trim();
  return {
    ok: true,
    // A provider's groups are names or ids, not DNs: each stands for both in the rules.
    subject: { email, groups: groups.map((group) => ({ dn: group, name: group })) },
    ...(name ? { name } : {}),
  };
}
