import "server-only";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { decryptSecret, VaultError } from "@/lib/crypto/vault";
import { type EwsFailure, ewsFailure } from "@/lib/exchange";

/**
 * Opens a connection's sealed password for one use. A value the key ring cannot open (a key
 * version removed from CREDENTIALS_KEY, a tampered row) becomes a status the admin can act on,
 * not a crash of the page or of the background check.
 */
export function openStoredPassword({
  sealed,
  connectionId,
  keys,
}: {
  sealed: string;
  connectionId: string;
  keys: CredentialKeyRing;
}): { ok: true; password: string } | ({ ok: false } & EwsFailure) {
  try {
    return { ok: true, password: decryptSecret({ sealed, context: connectionId, keys }) };
  } catch (error) {
    if (error instanceof VaultError) return { ok: false, ...ewsFailure("credentials-unreadable") };
    throw error;
  }
}
