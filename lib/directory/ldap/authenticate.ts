import "server-only";
import { type Client, Filter, InvalidCredentialsError, type SearchOptions, SizeLimitExceededError } from "ldapts";
import { failureOf, type LdapFailureReason, openClient } from "./connection";
import type { LdapSettings } from "./settings";

/** Who signed in, as the directory describes them. */
export interface DirectoryPerson {
  dn: string;
  email: string;
  displayName: string;
  /** Every group the person is in, directly or through nested groups: DNs, and their common names. */
  groups: { dn: string; name: string }[];
}

export type { LdapFailureReason };

export type LdapSignInResult = { ok: true; person: DirectoryPerson } | { ok: false; reason: LdapFailureReason };

/** AD's userAccountControl flag for a disabled account. */
const ACCOUNTDISABLE = 0x2;
/** How deep nested groups are followed (AD allows deeper; no real organisation nests further). */
const MAX_GROUP_DEPTH = 16;
const MAX_GROUPS = 2000;

/** `NORTHWIND\ada` → `ada`; a UPN or a plain name as typed. Undefined for names no directory has. */
export function normaliseDirectoryName(typed: string): string | undefined {
  const trimmed = typed.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  if (trimmed === "" || trimmed.length > 256 || /[\u0000-\u001f\u007f]/.test(trimmed)) return undefined;
  const slash = trimmed.indexOf("\\");
  const name = slash >= 0 ? trimmed.slice(slash + 1) : trimmed;
  return name === "" ? undefined : name;
}

const firstText = (value: unknown): string | undefined => {
  const one = Array.isArray(value) ? value[0] : value;
  if (typeof one === "string") return one;
  if (Buffer.isBuffer(one)) return one.toString("utf8");
  return undefined;
};

const allTexts = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .map((one) => (Buffer.isBuffer(one) ? one.toString("utf8") : one))
    .filter((one): one is string => typeof one === "string");

/** The common name of a group DN (`cn=Reception,ou=Groups,…` → `Reception`), unescaped. */
export function groupNameOf(dn: string): string {
  const first = /^\s*[^=]+=((?:\\.|[^,])*)/.exec(dn)?.[1] ?? dn;
  return first.replace(/\\([0-9a-fA-F]{2}|.)/g, (_, escaped: string) =>
    escaped.length === 2 ? String.fromCharCode(Number.parseInt(escaped, 16)) : escaped,
  );
}

/** Every group the person is in, following nesting breadth-first, each group once (cycles end). */
async function findGroups(input: {
  client: Client;
  settings: LdapSettings;
  personDn: string;
  directGroups: string[];
}): Promise<string[]> {
  const { client, settings } = input;
  const seen = new Set<string>();
  const key = (dn: string) => dn.toLowerCase();
  const parentsOf = async (dn: string): Promise<string[]> => {
    if (settings.groups.kind === "member-of") {
      const { searchEntries } = await client.search(dn, { scope: "base", attributes: ["memberOf"] });
      return allTexts(searchEntries[0]?.memberOf);
    }
    const filter = settings.groups.filter.replaceAll("{dn}", Filter.escape(dn));
    const { searchEntries } = await client.search(settings.baseDn, { scope: "sub", filter, attributes: ["dn"] });
    return searchEntries.map((entry) => entry.dn);
  };
  let level = settings.groups.kind === "member-of" ? input.directGroups : await parentsOf(input.personDn);
  const found: string[] = [];
  for (let depth = 0; depth < MAX_GROUP_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dn of level) {
      if (seen.has(key(dn)) || found.length >= MAX_GROUPS) continue;
      seen.add(key(dn));
      found.push(dn);
      next.push(...(await parentsOf(dn)));
    }
    level = next;
  }
  return found;
}

/**
 * Checks a name and password against the directory: binds as the service account, finds the one person the
 * name matches, binds as that person with the password (the directory checks it; it is never stored), and
 * reads their address, name and groups. Every connection is TLS with the certificate checked against
 * `trustedCaPems` (or the system's roots).
 */
export async function authenticateWithLdap(input: {
  settings: LdapSettings;
  username: string;
  password: string;
  trustedCaPems?: string[];
}): Promise<LdapSignInResult> {
  const { settings } = input;
  const name = normaliseDirectoryName(input.username);
  // An empty password would make the directory do an anonymous bind, which succeeds: refused before any bind.
  if (!name || input.password === "") return { ok: false, reason: "invalid-credentials" };

  let service: Client | undefined;
  let person: { dn: string; email?: string; displayName?: string; disabled: boolean; memberOf: string[] };
  try {
    service = await openClient(input);
    try {
      await service.bind(settings.bindDn, settings.bindPassword);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return { ok: false, reason: "service-bind-refused" };
      throw error;
    }
    const search: SearchOptions = {
      scope: "sub",
      filter: settings.userFilter.replaceAll("{u}", Filter.escape(name)),
      attributes: [settings.mailAttribute, settings.nameAttribute, "memberOf", "userAccountControl"],
      sizeLimit: 2,
    };
    const { searchEntries } = await service.search(settings.baseDn, search);
    // Nobody, or a name that matches two people: the same answer as a wrong password.
    if (searchEntries.length !== 1) return { ok: false, reason: "invalid-credentials" };
    const [entry] = searchEntries;
    if (!entry) return { ok: false, reason: "invalid-credentials" };
    const control = Number(firstText(entry.userAccountControl) ?? 0);
    person = {
      dn: entry.dn,
      email: firstText(entry[settings.mailAttribute])?.trim().toLowerCase(),
      displayName: firstText(entry[settings.nameAttribute])?.trim(),
      disabled: Number.isFinite(control) && (control & ACCOUNTDISABLE) !== 0,
      memberOf: allTexts(entry.memberOf),
    };
  } catch (error) {
    if (error instanceof SizeLimitExceededError) return { ok: false, reason: "invalid-credentials" };
    return { ok: false, reason: failureOf(error) };
  } finally {
    await service?.unbind().catch(() => {});
  }

  let user: Client | undefined;
  try {
    user = await openClient(input);
    try {
      await user.bind(person.dn, input.password);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return { ok: false, reason: "invalid-credentials" };
      throw error;
    }
    // Checked after the password, so a disabled account is only named to someone who knows its password.
    if (person.disabled) return { ok: false, reason: "account-disabled" };
    if (!person.email) return { ok: false, reason: "no-email" };
    // Groups are read as the person: what they may see of their own memberships.
    const groups = await findGroups({ client: user, settings, personDn: person.dn, directGroups: person.memberOf });
    return {
      ok: true,
      person: {
        dn: person.dn,
        email: person.email,
        displayName: person.displayName || person.email,
        groups: groups.map((dn) => ({ dn, name: groupNameOf(dn) })),
      },
    };
  } catch (error) {
    return { ok: false, reason: failureOf(error) };
  } finally {
    await user?.unbind().catch(() => {});
  }
}
