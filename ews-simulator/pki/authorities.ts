import { loadCertifiedKey, saveCertifiedKey } from "./certified-key-store";
import { type CertifiedKey, isSignedBy, issueCertificate } from "./issue";
import { generateRsaKeys } from "./keys";
import type { PemStore } from "./pem-store";

const DAY = 86_400_000;
/** A CA this close to expiry is replaced so a long-lived data folder never serves a dying chain. */
const RENEW_MARGIN = 30 * DAY;

export interface Authorities {
  root: CertifiedKey;
  intermediate: CertifiedKey;
  /** An unrelated root nobody trusts, for the untrusted-ca listener. */
  untrustedRoot: CertifiedKey;
}

export const ROOT_CA_FILE = "root-ca.pem";

export async function loadOrCreateAuthorities(input: { store: PemStore; now: Date }): Promise<Authorities> {
  const root = await loadOrCreateRoot({ ...input, name: "root-ca", commonName: "Slotbridge Test Root CA" });
  const untrustedRoot = await loadOrCreateRoot({
    ...input,
    name: "untrusted-root-ca",
    commonName: "Unrelated Test Root CA",
  });
  const intermediate = await loadOrCreateIntermediate({ ...input, root });
  return { root, intermediate, untrustedRoot };
}

function isCurrent(input: { key: CertifiedKey; now: Date }): boolean {
  const { notBefore, notAfter } = input.key.cert;
  return notBefore <= input.now && notAfter.getTime() > input.now.getTime() + RENEW_MARGIN;
}

async function loadOrCreateRoot(input: {
  store: PemStore;
  now: Date;
  name: string;
  commonName: string;
}): Promise<CertifiedKey> {
  const existing = await loadCertifiedKey(input);
  if (existing && isCurrent({ key: existing, now: input.now })) return existing;
  const keys = await generateRsaKeys(2048);
  const cert = await issueCertificate({
    commonName: input.commonName,
    keys,
    notBefore: new Date(input.now.getTime() - DAY),
    notAfter: new Date(input.now.getTime() + 20 * 365 * DAY),
    authority: {},
  });
  return saveCertifiedKey({ store: input.store, name: input.name, cert, keys });
}

async function loadOrCreateIntermediate(input: {
  store: PemStore;
  now: Date;
  root: CertifiedKey;
}): Promise<CertifiedKey> {
  const name = "intermediate-ca";
  const existing = await loadCertifiedKey({ store: input.store, name });
  if (
    existing &&
    isCurrent({ key: existing, now: input.now }) &&
    (await isSignedBy({ cert: existing.cert, issuer: input.root.cert }))
  ) {
    return existing;
  }
  const keys = await generateRsaKeys(2048);
  const cert = await issueCertificate({
    commonName: "Slotbridge Test Issuing CA",
    keys,
    issuer: input.root,
    notBefore: new Date(input.now.getTime() - DAY),
    notAfter: new Date(input.now.getTime() + 10 * 365 * DAY),
    authority: { pathLength: 0 },
  });
  return saveCertifiedKey({ store: input.store, name, cert, keys });
}
