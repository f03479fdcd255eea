import { z } from "zod";

/**
 * Active Directory's user filter: the name people type is their sAMAccountName or their UPN. `{u}` is
 * replaced by the (escaped) name.
 */
export const AD_USER_FILTER = "(&(objectClass=user)(|(sAMAccountName={u})(userPrincipalName={u})))";

/**
 * How a person's groups are found, nested groups included:
 * - `member-of`: read `memberOf` of the person, then of each group found, until no new group appears
 *   (Active Directory, and OpenLDAP with the memberof overlay);
 * - `group-filter`: search groups with a filter naming a member (`{dn}`), then groups naming those
 *   groups, and so on (directories that keep no memberOf, e.g. `(&(objectClass=groupOfNames)(member={dn}))`).
 */
export const groupLookupSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("member-of") }),
  z.strictObject({
    kind: z.literal("group-filter"),
    filter: z
      .string()
      .trim()
      .min(3)
      .max(500)
      .refine((filter) => filter.includes("{dn}"), "The group filter must contain {dn}, where the member's DN goes."),
  }),
]);
export type GroupLookup = z.infer<typeof groupLookupSchema>;

const ldapUrl = z
  .string()
  .trim()
  .max(500)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === "ldaps:" || url.protocol === "ldap:") &&
        url.hostname !== "" &&
        ["", "/"].includes(url.pathname)
      );
    } catch {
      return false;
    }
  }, "Give the directory's address as ldaps://host[:port] (or ldap://host[:port], which is used with StartTLS).");

/** What directory sign-in needs to reach an LDAP directory; `bindPassword` is stored sealed. */
export const ldapSettingsSchema = z.strictObject({
  /** ldaps:// (TLS from the first byte) or ldap:// (upgraded with StartTLS before anything is sent). */
  url: ldapUrl,
  /** The service account that searches for people: a DN, or a name the directory accepts in a bind (UPN). */
  bindDn: z.string().trim().min(1).max(500),
  bindPassword: z.string().min(1).max(500),
  baseDn: z.string().trim().min(1).max(500),
  userFilter: z
    .string()
    .trim()
    .max(500)
    .refine((filter) => filter.includes("{u}"), "The user filter must contain {u}, where the typed name goes.")
    .default(AD_USER_FILTER),
  groups: groupLookupSchema.default({ kind: "member-of" }),
  mailAttribute: z.string().trim().min(1).max(100).default("mail"),
  nameAttribute: z.string().trim().min(1).max(100).default("displayName"),
  timeoutMs: z.number().int().min(1000).max(60_000).default(10_000),
});
export type LdapSettings = z.output<typeof ldapSettingsSchema>;
export type LdapSettingsInput = z.input<typeof ldapSettingsSchema>;
