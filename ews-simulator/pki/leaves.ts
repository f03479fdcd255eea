import type { Authorities } from "./authorities";
import { loadCertifiedKey, saveCertifiedKey } from "./certified-key-store";
import { type CertifiedKey, isSignedBy, issueCertificate } from "./issue";
import { generateRsaKeys } from "./keys";
import type { PemStore } from "./pem-store";
import type { LeafSpec, TlsVariant, Validity } from "./variants";

const DAY = 86_400_000;

function validityWindow(input: { validity: Validity; now: Date }): { notBefore: Date; notAfter: Date } {
  const at = (days: number) => new Date(input.now.getTime() + days * DAY);
  switch (input.validity) {
    case "current":
      return { notBefore: at(-1), notAfter: at(397) };
    case "expired":
      return { notBefore: at(-400), notAfter: at(-30) };
    case "future":
      return { notBefore: at(30), notAfter: at(400) };
  }
}

/** Whether a stored leaf still shows what its variant promises (time moves on between runs). */
function stillFits(input: { leaf: CertifiedKey; validity: Validity; now: Date }): boolean {
  const { notBefore, notAfter } = input.leaf.cert;
  const now = input.now.getTime();
  switch (input.validity) {
    case "current":
      return notBefore.getTime() <= now && notAfter.getTime() > now + 30 * DAY;
    case "expired":
      return notAfter.getTime() < now;
    case "future":
      return notBefore.getTime() > now + DAY;
  }
}

function issuerOf(input: { spec: LeafSpec; authorities: Authorities }): CertifiedKey | undefined {
  if (input.spec.issuer === "self") return undefined;
  return input.spec.issuer === "intermediate" ? input.authorities.intermediate : input.authorities.untrustedRoot;
}

export async function loadOrCreateLeaf(input: {
  store: PemStore;
  variant: TlsVariant;
  spec: LeafSpec;
  authorities: Authorities;
  now: Date;
}): Promise<CertifiedKey> {
  const name = `leaf-${input.variant}`;
  const issuer = issuerOf(input);
  const existing = await loadCertifiedKey({ store: input.store, name });
  if (
    existing &&
    stillFits({ leaf: existing, validity: input.spec.validity, now: input.now }) &&
    (!issuer || (await isSignedBy({ cert: existing.cert, issuer: issuer.cert })))
  ) {
    return existing;
  }
  const keys = await generateRsaKeys(input.spec.keyBits);
  const cert = await issueCertificate({
    commonName: input.spec.hostnames[0] ?? "localhost",
    keys,
    issuer,
    ...validityWindow({ validity: input.spec.validity, now: input.now }),
    altNames: { dns: input.spec.hostnames, ip: input.spec.ips },
  });
  return saveCertifiedKey({ store: input.store, name, cert, keys });
}
