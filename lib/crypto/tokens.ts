import { createHash, randomBytes } from "node:crypto";

/** A URL-safe random token with 256 bits of entropy, for links that act as a credential. */
export function createToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Only this digest is stored; a database leak then reveals no usable link. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
