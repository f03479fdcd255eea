import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "./load";

const KEY = Buffer.alloc(32, 7).toString("base64");
const KEY_3 = Buffer.alloc(32, 9).toString("base64");
const valid = {
  NODE_ENV: "production",
  AUTH_SECRET: "x".repeat(44),
  APP_URL: "https://slotbridge.example.com",
  CREDENTIALS_KEY: KEY,
} as const;

function problemsOf(source: NodeJS.ProcessEnv, cwd = tmpdir()): string[] {
  try {
    loadEnv(source, cwd);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe("loadEnv", () => {
  it("accepts a complete production environment and defaults to embedded PGlite", () => {
    const env = loadEnv({ ...valid }, tmpdir());
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PGLITE_DATA_DIR).toBe(".data/pglite");
    expect(env.SLOTBRIDGE_DEMO).toBe(false);
  });

  it("names a missing secret and the command that makes one", () => {
    const problems = problemsOf({ ...valid, AUTH_SECRET: undefined });
    expect(problems).toEqual(["AUTH_SECRET is not set. Make one with: openssl rand -base64 33"]);
  });

  it("refuses a credentials key that is not 32 bytes of base64", () => {
    const problems = problemsOf({ ...valid, CREDENTIALS_KEY: Buffer.alloc(16).toString("base64") });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^CREDENTIALS_KEY must be 32 random bytes, base64-encoded\. Make one with: openssl rand/,
    );
  });

  it("names a missing credentials key and the command that makes one", () => {
    for (const missing of [undefined, ""]) {
      expect(problemsOf({ ...valid, CREDENTIALS_KEY: missing })).toEqual([
        "CREDENTIALS_KEY is not set. Make one with: openssl rand -base64 32",
      ]);
    }
  });

  it("reads a plain key as key version 1", () => {
    const keys = loadEnv({ ...valid }, tmpdir()).CREDENTIALS_KEY;
    expect(keys.versions).toEqual([1]);
    expect(keys.keyMaterial(1)?.toString("base64")).toBe(KEY);
  });

  it("reads versioned keys; the highest version encrypts and every one decrypts", () => {
    const keys = loadEnv({ ...valid, CREDENTIALS_KEY: `1:${KEY},3:${KEY_3}` }, tmpdir()).CREDENTIALS_KEY;
    expect(keys.versions).toEqual([3, 1]);
    expect(keys.currentVersion).toBe(3);
  });

  it("stops on a malformed key list, naming the variable and the command, never the key", () => {
    const cases: [string, string][] = [
      [`2:${KEY_3},${KEY}`, 'entry 2 has no version: versioned keys are written "2:<new key>,1:<old key>"'],
      [`2:${KEY_3},2:${KEY}`, "has key version 2 twice; each version must be unique"],
      [`0:${KEY}`, "entry 1 needs a version that is a positive whole number (1, 2, 3…)"],
      [
        `2:${KEY_3},1:${Buffer.alloc(31, 1).toString("base64")}`,
        "key version 1 must be 32 random bytes, base64-encoded",
      ],
      [`2:${KEY},1:${KEY}`, "key versions 2 and 1 are the same key; a new version needs a new key"],
    ];
    for (const [value, problem] of cases) {
      const problems = problemsOf({ ...valid, CREDENTIALS_KEY: value });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^CREDENTIALS_KEY /);
      expect(problems[0]).toContain(problem);
      expect(problems[0]).toMatch(/\. Make one with: openssl rand -base64 32$/);
      expect(problems[0]).not.toContain(KEY.slice(0, 10));
      expect(problems[0]).not.toContain(KEY_3.slice(0, 10));
    }
  });

  it("never prints the key material with the environment", () => {
    const env = loadEnv({ ...valid, CREDENTIALS_KEY: `2:${KEY_3},1:${KEY}` }, tmpdir());
    const printed = `${inspect(env, { depth: 10 })} ${JSON.stringify(env)}`;
    expect(printed).toContain("versions");
    for (const key of [KEY, KEY_3]) {
      expect(printed).not.toContain(key.slice(0, 10));
      expect(printed).not.toContain(Buffer.from(key, "base64").toString("hex").slice(0, 10));
    }
  });

  it("lists every problem at once", () => {
    const problems = problemsOf({ NODE_ENV: "production", DATABASE_URL: "mysql://db" });
    expect(problems.map((p) => p.split(" ")[0])).toEqual(
      expect.arrayContaining(["DATABASE_URL", "AUTH_SECRET", "APP_URL", "CREDENTIALS_KEY"]),
    );
  });

  it("checks that EXCHANGE_CA_FILE is a PEM certificate bundle", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "slotbridge-ca-"));
    const pem = path.join(dir, "ca.pem");
    writeFileSync(pem, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    const notPem = path.join(dir, "ca.txt");
    writeFileSync(notPem, "hello");
    expect(loadEnv({ ...valid, EXCHANGE_CA_FILE: pem }, tmpdir()).EXCHANGE_CA_FILE).toBe(pem);
    expect(problemsOf({ ...valid, EXCHANGE_CA_FILE: notPem })).toEqual([
      "EXCHANGE_CA_FILE must be a PEM file with at least one CERTIFICATE block.",
    ]);
    expect(problemsOf({ ...valid, EXCHANGE_CA_FILE: path.join(dir, "missing.pem") })).toEqual([
      "EXCHANGE_CA_FILE names a file that does not exist.",
    ]);
  });

  it("parses EXCHANGE_ALLOWED_HOSTS and names a malformed entry", () => {
    const env = loadEnv({ ...valid, EXCHANGE_ALLOWED_HOSTS: "localhost, 10.20.0.0/16" }, tmpdir());
    expect(env.EXCHANGE_ALLOWED_HOSTS.entries).toHaveLength(2);
    const problems = problemsOf({ ...valid, EXCHANGE_ALLOWED_HOSTS: "10.0.0.0/33" });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^EXCHANGE_ALLOWED_HOSTS has a malformed entry "10\.0\.0\.0\/33"/);
  });

  it("refuses the demo's generated secrets in production, but not in the demo", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "slotbridge-env-"));
    mkdirSync(path.join(cwd, ".data", "demo"), { recursive: true });
    writeFileSync(path.join(cwd, ".data", "demo", "secrets.json"), JSON.stringify({ CREDENTIALS_KEY: KEY }));
    expect(problemsOf({ ...valid }, cwd)).toEqual([
      "CREDENTIALS_KEY is the demo's generated value; production needs its own. Make one with: openssl rand -base64 32",
    ]);
    // Also as one version of a key list.
    expect(problemsOf({ ...valid, CREDENTIALS_KEY: `2:${KEY_3},1:${KEY}` }, cwd)).toEqual([
      "CREDENTIALS_KEY is the demo's generated value; production needs its own. Make one with: openssl rand -base64 32",
    ]);
    expect(problemsOf({ ...valid, SLOTBRIDGE_DEMO: "true" }, cwd)).toEqual([]);
  });
});

describe("sign-up and instance settings", () => {
  const withMail = { ...valid, SMTP_URL: "smtp://mail.example.com:587" };

  it("defaults to closed sign-up, no domains and no instance admins", () => {
    const env = loadEnv({ ...valid }, tmpdir());
    expect(env.SIGNUP).toBe("closed");
    expect(env.SIGNUP_DOMAINS).toEqual([]);
    expect(env.INSTANCE_ADMIN_EMAILS).toEqual([]);
  });

  it("reads the domains and the admins' addresses, lower-cased", () => {
    const env = loadEnv(
      {
        ...withMail,
        SIGNUP: "domains",
        SIGNUP_DOMAINS: " Example.com, @clinic.example.org ,",
        INSTANCE_ADMIN_EMAILS: "Ops@Example.com",
      },
      tmpdir(),
    );
    expect(env.SIGNUP).toBe("domains");
    expect(env.SIGNUP_DOMAINS).toEqual(["example.com", "clinic.example.org"]);
    expect(env.INSTANCE_ADMIN_EMAILS).toEqual(["ops@example.com"]);
  });

  it("refuses an unknown mode, a bad domain and a bad address, naming each", () => {
    expect(problemsOf({ ...withMail, SIGNUP: "public" })).toEqual(['SIGNUP must be "closed", "domains" or "open".']);
    expect(problemsOf({ ...withMail, SIGNUP: "domains", SIGNUP_DOMAINS: "example.com,not a domain" })).toEqual([
      'SIGNUP_DOMAINS has "not a domain", which is not a domain such as example.com.',
    ]);
    expect(problemsOf({ ...valid, INSTANCE_ADMIN_EMAILS: "ops@example.com,ops" })).toEqual([
      'INSTANCE_ADMIN_EMAILS has "ops", which is not an email address.',
    ]);
  });

  it("refuses domains mode without domains, and self sign-up without mail", () => {
    expect(problemsOf({ ...withMail, SIGNUP: "domains" })).toEqual([
      "SIGNUP is domains, which needs SIGNUP_DOMAINS: the email domains that may sign up (example.com,example.org).",
    ]);
    expect(problemsOf({ ...valid, SIGNUP: "open" })).toEqual([
      "SIGNUP is open, which needs SMTP_URL: people who sign themselves up verify their address by mail.",
    ]);
  });
});
