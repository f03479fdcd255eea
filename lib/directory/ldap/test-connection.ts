import "server-only";
import { Filter, InvalidCredentialsError } from "ldapts";
import { failureOf, type LdapFailureReason, openClient } from "./connection";
import type { LdapSettings } from "./settings";

/** What the owners' connection test found, in the words the Settings page shows. */
export type LdapConnectionReport =
  | {
      ok: true;
      users: number;
      moreUsers: boolean;
      group?: { name: string; members: number } | { name: string; found: false };
    }
  | { ok: false; reason: LdapFailureReason; message: string };

/** How many people are counted at most (a test, not an inventory). */
const COUNT_LIMIT = 10_000;

const MESSAGES: Partial<Record<LdapFailureReason, string>> = {
  "service-bind-refused":
    "The directory refused the service account's sign-in (bind). Check its DN or name and its password.",
  "base-not-found":
    "The directory has no entry at the base DN. Check the base DN (for AD e.g. DC=northwind,DC=example).",
  certificate:
    "The directory's certificate is not trusted, has expired, or is for another host name. Slotbridge only talks to directories over TLS with a valid certificate: add your organisation's CA in Settings if the directory's certificate comes from it.",
  unreachable:
    "The directory could not be reached at that address (no answer, connection refused, or StartTLS not offered). Check the host, the port (636 for LDAPS, 389 for StartTLS) and the firewall.",
};

/**
 * The owners' connection test: binds as the service account, counts the people the user filter finds under
 * the base DN (up to 10,000) and, when asked, the direct members of one group. Failures in plain words.
 */
export async function testLdapConnection(input: {
  settings: LdapSettings;
  trustedCaPems?: string[];
  group?: string;
}): Promise<LdapConnectionReport> {
  const { settings } = input;
  const fail = (reason: LdapFailureReason): LdapConnectionReport => ({
    ok: false,
    reason,
    message: MESSAGES[reason] ?? "The directory gave an unexpected answer.",
  });
  let client: Awaited<ReturnType<typeof openClient>> | undefined;
  try {
    client = await openClient(input);
    try {
      await client.bind(settings.bindDn, settings.bindPassword);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return fail("service-bind-refused");
      throw error;
    }
    // Everyone the user filter could find: the typed-name placeholder becomes a wildcard.
    const everyone = settings.userFilter.replaceAll("{u}", "*");
    let users = 0;
    let moreUsers = false;
    const pages = client.searchPaginated(settings.baseDn, {
      scope: "sub",
      filter: everyone,
      attributes: ["dn"],
      paged: { pageSize: 500 },
    });
    for await (const page of pages) {
      users += page.searchEntries.length;
      if (users >= COUNT_LIMIT) {
        moreUsers = true;
        break;
      }
    }
    if (!input.group) return { ok: true, users, moreUsers };
    const { searchEntries } = await client.search(settings.baseDn, {
      scope: "sub",
      filter: `(|(cn=${Filter.escape(input.group)})(sAMAccountName=${Filter.escape(input.group)}))`,
      attributes: ["member"],
      sizeLimit: 1,
    });
    const [group] = searchEntries;
    if (!group) return { ok: true, users, moreUsers, group: { name: input.group, found: false } };
    const members = Array.isArray(group.member) ? group.member.length : group.member ? 1 : 0;
    return { ok: true, users, moreUsers, group: { name: input.group, members } };
  } catch (error) {
    return fail(failureOf(error));
  } finally {
    await client?.unbind().catch(() => {});
  }
}
