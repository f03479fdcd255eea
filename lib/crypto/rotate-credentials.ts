import "server-only";
import { asc, eq, isNotNull, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { exchangeConnections } from "@/lib/db/schema";
import type { CredentialKeyRing } from "./key-ring";
import { decryptSecret, encryptSecret, needsRotation, VaultError } from "./vault";

export interface RotationResult {
  /** Rows read; every one was decrypted, so each is known to open with the ring. */
  checked: number;
  reencrypted: number;
  keyVersion: number;
}

/** Some stored secrets do not open with the ring; nothing was changed. Names rows by id only. */
export class CredentialRotationError extends Error {
  constructor(readonly connectionIds: string[]) {
    super(
      `${connectionIds.length} stored credential(s) do not open with CREDENTIALS_KEY, so nothing was re-encrypted ` +
        `(exchange_connections ids: ${connectionIds.join(", ")}). Add the missing key version back, or enter those ` +
        "passwords again, then rerun.",
    );
    this.name = "CredentialRotationError";
  }
}

/**
 * Re-encrypts every stored secret to the ring's newest key, all or nothing: one transaction
 * with the rows locked, so a failure leaves every row as it was and concurrent edits wait.
 * Every row is decrypted first, including those already current: a value that no longer opens
 * stops the run before anything changes, while the old key is still configured.
 */
export async function rotateCredentials({ keys }: { keys: CredentialKeyRing }): Promise<RotationResult> {
  return db().transaction(async (tx) => {
    const rows = await tx
      .select({ id: exchangeConnections.id, secret: exchangeConnections.secret })
      .from(exchangeConnections)
      // Connections through a connector hold no password here: the connector keeps it.
      .where(isNotNull(exchangeConnections.secret))
      .orderBy(asc(exchangeConnections.id))
      .for("update");

    const unreadable: string[] = [];
    // Only sealed values are kept: plaintexts live no longer than one loop iteration.
    const resealed: { id: string; secret: string }[] = [];
    for (const row of rows) {
      if (row.secret === null) continue;
      try {
        const plaintext = decryptSecret({ sealed: row.secret, context: row.id, keys });
        if (needsRotation({ sealed: row.secret, keys })) {
          resealed.push({ id: row.id, secret: encryptSecret({ plaintext, context: row.id, keys }) });
        }
      } catch (error) {
        if (!(error instanceof VaultError)) throw error;
        unreadable.push(row.id);
      }
    }
    if (unreadable.length > 0) throw new CredentialRotationError(unreadable);

    // updated_at is left alone: it records changes to the connection, and this is not one.
    for (const { id, secret } of resealed) {
      await tx
        .update(exchangeConnections)
        .set({ secret, keyVersion: keys.currentVersion, updatedAt: sql`${exchangeConnections.updatedAt}` })
        .where(eq(exchangeConnections.id, id));
    }
    return { checked: rows.length, reencrypted: resealed.length, keyVersion: keys.currentVersion };
  });
}
