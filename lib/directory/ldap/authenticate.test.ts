import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { groupDn, SERVICE_ACCOUNT, userDn } from "@/testing/ldap/directory";
import { type LdapTestServer, SLAPD_INSTALL_HINT, slapdAvailable, startLdapServer } from "@/testing/ldap/ldap-server";
import { authenticateWithLdap, groupNameOf, normaliseDirectoryName } from "./authenticate";
import { type LdapSettingsInput, ldapSettingsSchema } from "./settings";

// Directory sign-in's password check against a real LDAP server (Debian's slapd with an AD-shaped tree:
// testing/ldap/). Skipped, never passed, without slapd.

describe("normaliseDirectoryName", () => {
  it("takes DOMAIN\\user, a UPN or a plain name, and refuses empty names and control characters", () => {
    expect(normaliseDirectoryName("NORTHWIND\\ada")).toBe("ada");
    expect(normaliseDirectoryName(" ada@northwind.example ")).toBe("ada@northwind.example");
    expect(normaliseDirectoryName("ada")).toBe("ada");
    for (const bad of ["", "  ", "NORTHWIND\\", "ada\u0000", "a\nb", "x".repeat(300)]) {
      expect(normaliseDirectoryName(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });

  it("reads a group's name from its DN, escapes included", () => {
    expect(groupNameOf("cn=Slotbridge Admins,cn=Users,dc=northwind,dc=example")).toBe("Slotbridge Admins");
    expect(groupNameOf("CN=Sales\\, North,OU=Groups,DC=x")).toBe("Sales, North");
    expect(groupNameOf("cn=R\\C3\\A9ception,dc=x")).toBe("R\u00c3\u00a9ception");
  });
});

describe.skipIf(!slapdAvailable())(`authenticateWithLdap against slapd (without it: ${SLAPD_INSTALL_HINT})`, () => {
  let server: LdapTestServer;
  beforeAll(async () => {
    server = await startLdapServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const settings = (extra: Partial<LdapSettingsInput> = {}) =>
    ldapSettingsSchema.parse({
      url: server.ldapsUrl,
      bindDn: userDn(SERVICE_ACCOUNT.account),
      bindPassword: SERVICE_ACCOUNT.password,
      baseDn: server.baseDn,
      ...extra,
    });
  const signIn = (username: string, password: string, extra: Partial<LdapSettingsInput> = {}, trusted = true) =>
    authenticateWithLdap({
      settings: settings(extra),
      username,
      password,
      trustedCaPems: trusted ? [server.caPem] : undefined,
    });

  it("signs a person in by account name, DOMAIN\\name or UPN, with address, name and groups", async () => {
    for (const typed of ["ada", "NORTHWIND\\ada", "ADA@northwind.example"]) {
      const result = await signIn(typed, "Directory-Ada-1");
      expect(result, typed).toEqual({
        ok: true,
        person: {
          dn: userDn("ada"),
          email: "ada@northwind.example",
          displayName: "Ada Admin",
          groups: [{ dn: groupDn("Slotbridge Admins"), name: "Slotbridge Admins" }],
        },
      });
    }
  });

  it("follows nested groups, by memberOf and by a group filter alike", async () => {
    const byMemberOf = await signIn("ivan", "Directory-Ivan-1");
    const byFilter = await signIn("ivan", "Directory-Ivan-1", {
      groups: { kind: "group-filter", filter: "(&(objectClass=group)(member={dn}))" },
    });
    for (const result of [byMemberOf, byFilter]) {
      expect(result.ok && result.person.groups.map((group) => group.name).sort()).toEqual([
        "IT Staff",
        "Slotbridge Admins",
      ]);
    }
  });

  it("gives one answer for a wrong password, an unknown name, an empty password and filter syntax in the name", async () => {
    const answers = await Promise.all([
      signIn("rosa", "wrong"),
      signIn("nobody", "Directory-Rosa-1"),
      signIn("rosa", ""),
      signIn("*", "Directory-Rosa-1"),
      signIn("rosa)(sAMAccountName=*", "Directory-Rosa-1"),
    ]);
    for (const answer of answers) expect(answer).toEqual({ ok: false, reason: "invalid-credentials" });
  });

  it("refuses a disabled account, naming it only to someone who knows its password", async () => {
    expect(await signIn("dora", "Directory-Dora-1")).toEqual({ ok: false, reason: "account-disabled" });
    expect(await signIn("dora", "wrong")).toEqual({ ok: false, reason: "invalid-credentials" });
  });

  it("works over StartTLS on ldap://", async () => {
    const result = await signIn("rosa", "Directory-Rosa-1", { url: server.ldapUrl });
    expect(result.ok && result.person.groups.map((group) => group.name)).toEqual(["Reception"]);
  });

  it("names the directory's own problems: service bind refused, base not found, unreachable, untrusted", async () => {
    expect(await signIn("rosa", "Directory-Rosa-1", { bindPassword: "wrong" })).toEqual({
      ok: false,
      reason: "service-bind-refused",
    });
    expect(await signIn("rosa", "Directory-Rosa-1", { baseDn: "dc=elsewhere,dc=example" })).toEqual({
      ok: false,
      reason: "base-not-found",
    });
    expect(await signIn("rosa", "Directory-Rosa-1", { url: "ldaps://localhost:9", timeoutMs: 2000 })).toEqual({
      ok: false,
      reason: "unreachable",
    });
    for (const url of [server.ldapsUrl, server.ldapUrl]) {
      expect(await signIn("rosa", "Directory-Rosa-1", { url }, false), url).toEqual({
        ok: false,
        reason: "certificate",
      });
    }
  });

  it("refuses servers whose certificate is expired, for another host or self-signed", async () => {
    for (const variant of ["expired", "wrong-hostname", "self-signed"] as const) {
      const other = await startLdapServer({ variant });
      try {
        const result = await authenticateWithLdap({
          settings: settings({ url: other.ldapsUrl }),
          username: "rosa",
          password: "Directory-Rosa-1",
          trustedCaPems: [other.caPem],
        });
        expect(result, variant).toEqual({ ok: false, reason: "certificate" });
      } finally {
        await other.stop();
      }
    }
  });
});

describe("ldapSettingsSchema", () => {
  it("takes ldaps:// and ldap:// addresses only, and filters with their placeholders", () => {
    const base = { bindDn: "cn=svc", bindPassword: "x", baseDn: "dc=x" };
    expect(ldapSettingsSchema.safeParse({ ...base, url: "ldaps://dc1.northwind.example" }).success).toBe(true);
    expect(ldapSettingsSchema.safeParse({ ...base, url: "ldap://dc1.northwind.example:389" }).success).toBe(true);
    for (const url of ["http://dc1", "ldaps://", "ldaps://dc1/dc=x", "dc1.northwind.example"]) {
      expect(ldapSettingsSchema.safeParse({ ...base, url }).success, url).toBe(false);
    }
    expect(ldapSettingsSchema.safeParse({ ...base, url: "ldaps://dc1", userFilter: "(uid=ada)" }).success).toBe(false);
    expect(
      ldapSettingsSchema.safeParse({
        ...base,
        url: "ldaps://dc1",
        groups: { kind: "group-filter", filter: "(member=x)" },
      }).success,
    ).toBe(false);
  });
});
