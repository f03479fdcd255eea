import { hash, verify } from "@node-rs/argon2";

// OWASP's recommended argon2id parameters (19 MiB, 2 passes, 1 lane). The library's
// Algorithm enum is a `const enum`, which isolatedModules cannot read: 2 is Argon2id.
const ARGON2ID = 2;
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

// Verifying against this when the account does not exist keeps the response time the same,
// so timing does not reveal which addresses are registered.
let decoyHash: Promise<string> | undefined;

export async function verifyPassword({
  hash: stored,
  password,
}: {
  hash: string | null | undefined;
  password: string;
}) {
  if (!stored) {
    decoyHash ??= hashPassword("decoy password that matches nothing");
    await verify(await decoyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
