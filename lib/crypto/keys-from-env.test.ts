import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";

const production = { NODE_ENV: "production", AUTH_SECRET: "x".repeat(44), APP_URL: "https://slotbridge.example.com" };

// env() validates once per process; each case loads the modules afresh.
async function keysFromEnv(values: Record<string, string>) {
  vi.resetModules();
  for (const [name, value] of Object.entries({ ...production, ...values })) vi.stubEnv(name, value);
  const { credentialKeysFromEnv } = await import("./keys-from-env");
  return credentialKeysFromEnv();
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("credentialKeysFromEnv", () => {
  it("builds the ring from CREDENTIALS_KEY", async () => {
    const keys = await keysFromEnv({
      CREDENTIALS_KEY: `2:${randomBytes(32).toString("base64")},1:${randomBytes(32).toString("base64")}`,
    });
    expect(keys.versions).toEqual([2, 1]);
  });

  it("stops with the start-up error when the key is missing or malformed", async () => {
    const key = randomBytes(32).toString("base64");
    const cases: [string, string][] = [
      ["", "CREDENTIALS_KEY is not set. Make one with: openssl rand -base64 32"],
      [
        key.slice(0, 20),
        "CREDENTIALS_KEY must be 32 random bytes, base64-encoded. Make one with: openssl rand -base64 32",
      ],
      [`1:${key},1:${randomBytes(32).toString("base64")}`, "CREDENTIALS_KEY has key version 1 twice"],
    ];
    for (const [value, expected] of cases) {
      const error = await keysFromEnv({ CREDENTIALS_KEY: value }).catch((e: unknown) => e);
      expect((error as Error).name).toBe("EnvError");
      expect((error as Error).message).toContain(expected);
      expect((error as Error).message).not.toContain(key.slice(0, 10));
    }
  });
});
