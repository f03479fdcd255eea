import type { CertifiedKey } from "./issue";
import { exportPrivateKeyPem, importPrivateKeyPem, x509 } from "./keys";
import type { PemStore } from "./pem-store";

export async function loadCertifiedKey(input: { store: PemStore; name: string }): Promise<CertifiedKey | undefined> {
  const certPem = await input.store.read(`${input.name}.pem`);
  const keyPem = await input.store.read(`${input.name}.key.pem`);
  if (!certPem || !keyPem) return undefined;
  try {
    return { cert: new x509.X509Certificate(certPem), privateKey: await importPrivateKeyPem(keyPem), certPem, keyPem };
  } catch {
    // A damaged file is regenerated rather than fatal: it only holds test material.
    return undefined;
  }
}

export async function saveCertifiedKey(input: {
  store: PemStore;
  name: string;
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
}): Promise<CertifiedKey> {
  const certPem = input.cert.toString("pem");
  const keyPem = await exportPrivateKeyPem(input.keys.privateKey);
  await input.store.write({ name: `${input.name}.key.pem`, pem: keyPem, secret: true });
  await input.store.write({ name: `${input.name}.pem`, pem: certPem });
  return { cert: input.cert, privateKey: input.keys.privateKey, certPem, keyPem };
}
