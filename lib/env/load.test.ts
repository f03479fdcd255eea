import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "./load";

const KEY = Buffer.alloc(32, 7).toString("base64");
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

  it("refuses the demo's generated secrets in production, but not in the demo", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "slotbridge-env-"));
    mkdirSync(path.join(cwd, ".data", "demo"), { recursive: true });
    writeFileSync(path.join(cwd, ".data", "demo", "secrets.json"), JSON.stringify({ CREDENTIALS_KEY: KEY }));
    expect(problemsOf({ ...valid }, cwd)).toEqual([
      "CREDENTIALS_KEY is the demo's generated value; production needs its own. Make one with: openssl rand -base64 32",
    ]);
    expect(problemsOf({ ...valid, SLOTBRIDGE_DEMO: "true" }, cwd)).toEqual([]);
  });
});
