import { Client, InvalidCredentialsError } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASE_DN, groupDn, SERVICE_ACCOUNT, userDn } from "./directory";
import { type LdapTestServer, SLAPD_INSTALL_HINT, slapdAvailable, startLdapServer } from "./ldap-server";

// The test directory itself: what directory sign-in's tests rely on holds, against the real slapd.
// Without slapd these are skipped (never passed), naming the apt-get line.

const AD_USER_FILTER = (name: string) => `(&(objectClass=user)(|(sAMAccountName=${name})(userPrincipalName=${name})))`;

describe.skipIf(!slapdAvailable())(`the test LDAP directory (slapd; without it: ${SLAPD_INSTALL_HINT})`, () => {
  let server: LdapTestServer;
  beforeAll(async () => {
    server = await startLdapServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function asService<T>(url: string, run: (client: Client) => Promise<T>, startTls = false): Promise<T> {
    // ldapts speaks TLS from the first byte whenever tlsOptions are given: plain LDAP gets none, then StartTLS.
    const client = new Client(startTls ? { url } : { url, tlsOptions: { ca: [server.caPem] } });
    try {
      if (startTls) await client.startTLS({ ca: [server.caPem], servername: "localhost" });
      await client.bind(userDn(SERVICE_ACCOUNT.account), SERVICE_ACCOUNT.password);
      return await run(client);
    } finally {
      await client.unbind();
    }
  }

  it("over LDAPS, finds a user by sAMAccountName or UPN with AD's filter, and keeps memberOf", async () => {
    const found = await asService(server.ldapsUrl, (client) =>
      client.search(BASE_DN, { scope: "sub", filter: AD_USER_FILTER("ADA"), attributes: ["mail", "memberOf"] }),
    );
    expect(found.searchEntries).toHaveLength(1);
    expect(found.searchEntries[0]).toMatchObject({ dn: userDn("ada"), mail: "ada@northwind.example" });
    expect(found.searchEntries[0]?.memberOf).toBe(groupDn("Slotbridge Admins"));
    const byUpn = await asService(server.ldapsUrl, (client) =>
      client.search(BASE_DN, {
        scope: "sub",
        filter: AD_USER_FILTER("ivan@northwind.example"),
        attributes: ["memberOf"],
      }),
    );
    // Ivan is in IT Staff directly; IT Staff is in Slotbridge Admins (nesting, resolved by the reader).
    expect(byUpn.searchEntries[0]?.memberOf).toBe(groupDn("IT Staff"));
    const itStaff = await asService(server.ldapsUrl, (client) =>
      client.search(groupDn("IT Staff"), { scope: "base", attributes: ["memberOf"] }),
    );
    expect(itStaff.searchEntries[0]?.memberOf).toBe(groupDn("Slotbridge Admins"));
  });

  it("offers StartTLS on plain LDAP, and checks passwords by bind", async () => {
    const found = await asService(
      server.ldapUrl,
      (client) => client.search(BASE_DN, { scope: "sub", filter: AD_USER_FILTER("rosa"), attributes: ["mail"] }),
      true,
    );
    expect(found.searchEntries.map((entry) => entry.mail)).toEqual(["rosa@northwind.example"]);
    const client = new Client({ url: server.ldapsUrl, tlsOptions: { ca: [server.caPem] } });
    await expect(client.bind(userDn("rosa"), "wrong")).rejects.toBeInstanceOf(InvalidCredentialsError);
    await client.bind(userDn("rosa"), "Directory-Rosa-1");
    await client.unbind();
  });

  it("marks the disabled user as AD does (userAccountControl bit 2), found by AD's bitwise filter", async () => {
    const disabled = await asService(server.ldapsUrl, (client) =>
      client.search(BASE_DN, {
        scope: "sub",
        filter: "(&(objectClass=user)(userAccountControl:1.2.840.113556.1.4.803:=2))",
        attributes: ["sAMAccountName"],
      }),
    );
    expect(disabled.searchEntries.map((entry) => entry.sAMAccountName)).toEqual(["dora"]);
  });

  it("lets no anonymous client read the directory, and no client trust it without the test CA", async () => {
    const anonymous = new Client({ url: server.ldapsUrl, tlsOptions: { ca: [server.caPem] } });
    const seen = await anonymous.search(BASE_DN, { scope: "sub", filter: "(objectClass=user)" }).catch(() => undefined);
    expect(seen?.searchEntries ?? []).toEqual([]);
    await anonymous.unbind();
    const untrusting = new Client({ url: server.ldapsUrl });
    await expect(untrusting.bind(userDn("ada"), "Directory-Ada-1")).rejects.toThrow(/certificate/i);
  });
});
