import path from "node:path";
import { loadOrCreateAuthorities, ROOT_CA_FILE } from "./authorities";
import { loadOrCreateLeaf } from "./leaves";
import { openPemStore } from "./pem-store";
import { LEAF_SPECS, TLS_VARIANTS, type TlsVariant } from "./variants";

export const DEFAULT_PKI_DIR = path.join(".data", "ews-sim", "pki");

/** What one HTTPS listener serves. */
export interface ServerCredentials {
  keyPem: string;
  /** Leaf first, then whatever chain the variant sends. */
  certChainPem: string;
}

export interface Pki {
  /** The root to trust (EXCHANGE_CA_FILE); absolute path. */
  caFile: string;
  caPem: string;
  credentials: Record<TlsVariant, ServerCredentials>;
}

/**
 * Loads the test PKI from `dir`, creating what is missing. The CAs stay stable across runs; leaves whose
 * time situation no longer holds (an expiring "valid" leaf, a "not-yet-valid" leaf whose day came) are reissued.
 */
export async function ensurePki(input: { dir?: string; now?: Date } = {}): Promise<Pki> {
  const store = await openPemStore(path.resolve(input.dir ?? DEFAULT_PKI_DIR));
  const now = input.now ?? new Date();
  const authorities = await loadOrCreateAuthorities({ store, now });
  const credentials = {} as Record<TlsVariant, ServerCredentials>;
  for (const variant of TLS_VARIANTS) {
    const spec = LEAF_SPECS[variant];
    const leaf = await loadOrCreateLeaf({ store, variant, spec, authorities, now });
    const chain = spec.chain.map((link) =>
      link === "intermediate" ? authorities.intermediate.certPem : authorities.untrustedRoot.certPem,
    );
    credentials[variant] = { keyPem: leaf.keyPem, certChainPem: [leaf.certPem, ...chain].join("\n") };
  }
  return { caFile: store.pathOf(ROOT_CA_FILE), caPem: authorities.root.certPem, credentials };
}
