// A real LDAP server for directory sign-in's tests: Debian's slapd, run as the test's own process on
// loopback ports with a generated configuration, an Active Directory-shaped schema (ad-lite.schema) and
// the test PKI's certificates, seeded over LDAP with testing/ldap/directory.ts. It listens for LDAPS and
// for plain LDAP (where StartTLS is offered); TLS presents the certificate variant asked for, so the same
// certificate refusals as for Exchange can be tested.
//   npx tsx testing/ldap/ldap-server.ts   (prints its addresses; Ctrl-C stops it)

import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Client } from "ldapts";
import { ensurePki } from "@/ews-simulator/pki/pki";
import type { TlsVariant } from "@/ews-simulator/pki/variants";
import {
  BASE_DN,
  DIRECTORY_GROUPS,
  DIRECTORY_USERS,
  DISABLED_ACCOUNT,
  groupDn,
  memberDn,
  NORMAL_ACCOUNT,
  USERS_DN,
  userDn,
} from "./directory";

export const SLAPD = "/usr/sbin/slapd";
export const SLAPD_INSTALL_HINT = "apt-get install -y slapd";

/** Whether slapd is installed (tests that need it are skipped, naming the apt-get line, when not). */
export const slapdAvailable = () => existsSync(SLAPD);

export interface LdapTestServer {
  /** ldaps://localhost:port */
  ldapsUrl: string;
  /** ldap://localhost:port, for StartTLS */
  ldapUrl: string;
  baseDn: string;
  /** The test CA's root, which the server's chain leads to (for the "valid" variant). */
  caPem: string;
  /** The directory's own administrator (rootdn), for tests that change the directory. */
  admin: { dn: string; password: string };
  stop(): Promise<void>;
}

const LOOPBACK = "127.0.0.1";
const ADMIN_PASSWORD = "Directory-Root-1";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

async function waitForPort(input: { port: number; process: ChildProcess; log: () => string }) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (input.process.exitCode !== null) {
      throw new Error(`slapd exited with ${input.process.exitCode}: ${input.log().slice(-2000)}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(input.port, LOOPBACK);
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`slapd did not listen on ${input.port}: ${input.log().slice(-2000)}`);
}

function slapdConfig(input: { dir: string; certFile: string; keyFile: string }): string {
  const schema = (name: string) => `include /etc/ldap/schema/${name}.schema`;
  return [
    schema("core"),
    schema("cosine"),
    schema("inetorgperson"),
    `include ${path.join(import.meta.dirname, "ad-lite.schema")}`,
    `pidfile ${path.join(input.dir, "slapd.pid")}`,
    "modulepath /usr/lib/ldap",
    "moduleload back_mdb",
    "moduleload memberof",
    `TLSCertificateFile ${input.certFile}`,
    `TLSCertificateKeyFile ${input.keyFile}`,
    // Only TLS 1.2 and newer, as the app requires.
    "TLSProtocolMin 3.3",
    // Anonymous users may not read the directory; anyone bound may (as in AD, where every user can read it).
    "access to attrs=userPassword by self write by anonymous auth by * none",
    "access to * by users read by anonymous auth",
    "database mdb",
    `suffix "${BASE_DN}"`,
    `rootdn "cn=admin,${BASE_DN}"`,
    `rootpw ${ADMIN_PASSWORD}`,
    `directory ${path.join(input.dir, "db")}`,
    "maxsize 10485760",
    "index objectClass eq",
    "overlay memberof",
    "memberof-group-oc group",
    "memberof-member-ad member",
    "memberof-memberof-ad memberOf",
    "memberof-refint TRUE",
    "",
  ].join("\n");
}

/** Adds the tree through the protocol, groups last, so the memberof overlay writes every memberOf. */
async function seed(input: { url: string; caPem: string }) {
  // ldapts speaks TLS from the first byte whenever tlsOptions are given, so plain LDAP gets none.
  const client = new Client(
    input.url.startsWith("ldaps:") ? { url: input.url, tlsOptions: { ca: [input.caPem] } } : { url: input.url },
  );
  try {
    await client.bind(`cn=admin,${BASE_DN}`, ADMIN_PASSWORD);
    await client.add(BASE_DN, { objectClass: ["dcObject", "organization"], o: "Northwind", dc: "northwind" });
    await client.add(USERS_DN, { objectClass: ["organizationalRole"], cn: "Users" });
    for (const user of DIRECTORY_USERS) {
      const [given, ...rest] = user.displayName.split(" ");
      await client.add(userDn(user.account), {
        objectClass: ["user"],
        cn: user.displayName,
        sn: rest.join(" ") || user.displayName,
        givenName: given ?? user.displayName,
        displayName: user.displayName,
        mail: user.mail,
        sAMAccountName: user.account,
        userPrincipalName: user.mail,
        userAccountControl: String(user.disabled ? DISABLED_ACCOUNT : NORMAL_ACCOUNT),
        userPassword: user.password,
      });
    }
    // Nested groups need their members to exist first: add groups whose group members are already there.
    const pending = [...DIRECTORY_GROUPS];
    const added = new Set<string>();
    while (pending.length > 0) {
      const index = pending.findIndex((group) =>
        group.members.every((member) => DIRECTORY_USERS.some((user) => user.account === member) || added.has(member)),
      );
      if (index < 0) throw new Error("the test directory's groups nest in a circle");
      const [group] = pending.splice(index, 1);
      if (!group) break;
      await client.add(groupDn(group.name), {
        objectClass: ["group"],
        cn: group.name,
        sAMAccountName: group.name,
        member: group.members.map(memberDn),
      });
      added.add(group.name);
    }
  } finally {
    await client.unbind();
  }
}

/**
 * Starts slapd with a fresh database in a temporary directory, TLS from the test PKI (`variant` chooses the
 * certificate it presents; "valid" by default), and the seeded directory.
 */
export async function startLdapServer(input: { pkiDir?: string; variant?: TlsVariant } = {}): Promise<LdapTestServer> {
  if (!slapdAvailable()) throw new Error(`slapd is not installed: ${SLAPD_INSTALL_HINT}`);
  const pki = await ensurePki({ dir: input.pkiDir });
  const dir = await mkdtemp(path.join(tmpdir(), "slotbridge-slapd-"));
  await mkdir(path.join(dir, "db"), { mode: 0o700 });
  const credentials = pki.credentials[input.variant ?? "valid"];
  const certFile = path.join(dir, "cert.pem");
  const keyFile = path.join(dir, "key.pem");
  await writeFile(certFile, credentials.certChainPem);
  await writeFile(keyFile, credentials.keyPem, { mode: 0o600 });
  const configFile = path.join(dir, "slapd.conf");
  await writeFile(configFile, slapdConfig({ dir, certFile, keyFile }));
  await chmod(dir, 0o700);

  const [ldapsPort, ldapPort] = [await freePort(), await freePort()];
  const urls = `ldaps://${LOOPBACK}:${ldapsPort}/ ldap://${LOOPBACK}:${ldapPort}/`;
  // -d 0: stay in the foreground (the test's own child, ended with it) without debug output.
  const child = spawn(SLAPD, ["-f", configFile, "-h", urls, "-d", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort({ port: ldapsPort, process: child, log: () => output });
    await waitForPort({ port: ldapPort, process: child, log: () => output });
    const ldapsUrl = `ldaps://localhost:${ldapsPort}`;
    // Seeding needs a certificate the test CA vouches for; other variants are seeded over StartTLS-free LDAP.
    await seed({
      url: input.variant && input.variant !== "valid" ? `ldap://localhost:${ldapPort}` : ldapsUrl,
      caPem: pki.caPem,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    ldapsUrl: `ldaps://localhost:${ldapsPort}`,
    ldapUrl: `ldap://localhost:${ldapPort}`,
    baseDn: BASE_DN,
    caPem: pki.caPem,
    admin: { dn: `cn=admin,${BASE_DN}`, password: ADMIN_PASSWORD },
    stop,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const server = await startLdapServer();
  console.log(`LDAPS ${server.ldapsUrl}\nLDAP (StartTLS) ${server.ldapUrl}\nbase ${server.baseDn}`);
  const stopAll = () => void server.stop().then(() => process.exit(0));
  process.on("SIGINT", stopAll);
  process.on("SIGTERM", stopAll);
}
