import { randomInt } from "node:crypto";
import { createToken, hashToken } from "@/lib/crypto/tokens";

/** Crockford's base32 without I, L, O and U: nothing to misread when an admin types the code. */
const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LENGTH = 10;

/** How long a pairing code works. Short: it is typed on another machine within minutes. */
export const PAIRING_CODE_TTL_MS = 10 * 60_000;

/** A one-time pairing code such as "7KQ4M-X2P9D": 50 bits, shown once, stored only as its hash. */
export function createPairingCode(): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/**
 * The code as typed, reduced to its characters: case, spaces and dashes do not matter, and the letters
 * Crockford's alphabet reads as digits (O → 0, I and L → 1) are read that way. Null when it cannot be a code.
 */
export function normalisePairingCode(typed: string): string | null {
  const plain = typed.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (plain.length !== CODE_LENGTH) return null;
  for (const char of plain) if (!CODE_ALPHABET.includes(char)) return null;
  return plain;
}

export const TOKEN_PREFIX = "sbc_";

/** The connector's bearer token: 256 random bits, recognisable in a leaked file by its prefix. */
export function createConnectorToken(): string {
  return `${TOKEN_PREFIX}${createToken()}`;
}

/** SHA-256 (hex) of a normalised pairing code or a token: the only form either is stored in. */
export const hashConnectorSecret = hashToken;
