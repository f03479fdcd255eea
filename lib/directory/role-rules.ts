import { z } from "zod";
import { domainOfEmail, isValidDomain, normaliseDomain } from "@/lib/accounts/email-domain";
import { hasRole } from "@/lib/auth/roles";
import type { Role } from "@/lib/db/schema";

/**
 * An organisation's rules for people who sign in through its directory: membership of a group, or an
 * address in a domain, gives a role. Rules give `admin` or `member` only: ownership is handed over by an
 * owner in Slotbridge, never by a directory group.
 */
export const roleRuleSchema = z.strictObject({
  match: z.discriminatedUnion("kind", [
    /** A group by its common name ("Slotbridge Admins") or its full DN, compared without case. */
    z.strictObject({ kind: z.literal("group"), group: z.string().trim().min(1).max(500) }),
    z.strictObject({
      kind: z.literal("email-domain"),
      domain: z
        .string()
        .max(260)
        .transform(normaliseDomain)
        .refine(isValidDomain, "Enter a domain such as example.com."),
    }),
  ]),
  role: z.enum(["admin", "member"]),
});
export type RoleRule = z.infer<typeof roleRuleSchema>;

export const roleRulesSchema = z.array(roleRuleSchema).max(100);

/** What the directory says about a person, as far as the rules read it. */
export interface RuleSubject {
  email: string;
  groups: { dn: string; name: string }[];
}

function matches(rule: RoleRule, subject: RuleSubject): boolean {
  if (rule.match.kind === "email-domain") return domainOfEmail(subject.email) === rule.match.domain;
  const wanted = rule.match.group.toLowerCase();
  return subject.groups.some((group) => group.name.toLowerCase() === wanted || group.dn.toLowerCase() === wanted);
}

/** The highest role any matching rule gives; undefined when no rule matches. */
export function roleFromRules(input: { rules: readonly RoleRule[]; subject: RuleSubject }): Role | undefined {
  let best: Role | undefined;
  for (const rule of input.rules) {
    if (matches(rule, input.subject) && (best === undefined || !hasRole(best, rule.role))) best = rule.role;
  }
  return best;
}

export type DirectoryAdmission = { admitted: true; role: Role } | { admitted: false };

/**
 * Whether a directory sign-in is let in, and with which role. No matching rule: refused, owners included
 * (the directory decides who may come in: someone who left it or lost the group is out). Otherwise the
 * rules' role, except that an owner stays owner: a rule never demotes one, so the organisation always
 * keeps the owners it has.
 */
export function admitByRules(input: {
  rules: readonly RoleRule[];
  subject: RuleSubject;
  currentRole?: Role;
}): DirectoryAdmission {
  const role = roleFromRules(input);
  if (role === undefined) return { admitted: false };
  return { admitted: true, role: input.currentRole === "owner" ? "owner" : role };
}
