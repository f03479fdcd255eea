import { randomBytes } from "node:crypto";

/** Fresh secrets per test run: no test depends on a key that exists anywhere else. */
export function testSecrets() {
  return { AUTH_SECRET: randomBytes(33).toString("base64"), CREDENTIALS_KEY: randomBytes(32).toString("base64") };
}
