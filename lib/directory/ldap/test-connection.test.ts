import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIRECTORY_USERS, SERVICE_ACCOUNT, userDn } from "@/testing/ldap/directory";
import { type LdapTestServer, SLAPD_INSTALL_HINT, slapdAvailable, startLdapServer } from "@/testing/ldap/ldap-server";
import { type LdapSettingsInput, ldapSettingsSchema } from "./settings";
import { testLdapConnection } from "./test-connection";

// The owners' connection test against a real LDAP server (Debian's slapd, testing/ldap/).

describe.skipIf(!slapdAvailable())(`testLdapConnection against slapd (without it: ${SLAPD_INSTALL_HINT})`, () => {
  let server: LdapTestServer;
  beforeAll(async () => {
    server = await startLdapServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const run = (extra: Partial<LdapSettingsInput> = {}, options: { group?: string; trusted?: boolean } = {}) =>
    testLdapConnection({
      settings: ldapSettingsSchema.parse({
        url: server.ldapsUrl,
        bindDn: userDn(SERVICE_ACCOUNT.account),
        bindPassword: SERVICE_ACCOUNT.password,
        baseDn: server.baseDn,
        ...extra,
      }),
      trustedCaPems: options.trusted === false ? undefined : [server.caPem],
      group: options.group,
    });

  it("counts the people the user filter finds, and a group's direct members", async () => {
    expect(await run()).toEqual({ ok: true, users: DIRECTORY_USERS.length, moreUsers: false });
    expect(await run({ url: server.ldapUrl }, { group: "Reception" })).toEqual({
      ok: true,
      users: DIRECTORY_USERS.length,
      moreUsers: false,
      group: { name: "Reception", members: 2 },
    });
    expect(await run({}, { group: "No Such Group" })).toMatchObject({
      ok: true,
      group: { name: "No Such Group", found: false },
    });
  });

  it("says in plain words what is wrong: the service account, the base DN, the certificate, the address", async () => {
    expect(await run({ bindPassword: "wrong" })).toMatchObject({ ok: false, reason: "service-bind-refused" });
    expect(await run({ baseDn: "dc=elsewhere,dc=example" })).toMatchObject({ ok: false, reason: "base-not-found" });
    const untrusted = await run({}, { trusted: false });
    expect(untrusted).toMatchObject({ ok: false, reason: "certificate" });
    expect(!untrusted.ok && untrusted.message).toMatch(/certificate is not trusted/);
    expect(await run({ url: "ldaps://localhost:9", timeoutMs: 2000 })).toMatchObject({
      ok: false,
      reason: "unreachable",
    });
  });
});
