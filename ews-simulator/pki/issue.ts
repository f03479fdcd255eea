import { x509 } from "./keys";

/** A certificate together with the private key that goes with it. */
export interface CertifiedKey {
  cert: x509.X509Certificate;
  privateKey: CryptoKey;
  certPem: string;
  keyPem: string;
}

export interface SubjectAltNames {
  dns: string[];
  ip: string[];
}

export interface IssueInput {
  commonName: string;
  keys: CryptoKeyPair;
  /** The signing authority; omitted for a self-signed certificate. */
  issuer?: CertifiedKey;
  notBefore: Date;
  notAfter: Date;
  /** Present for authorities: how many intermediates may follow (undefined = unlimited). */
  authority?: { pathLength?: number };
  altNames?: SubjectAltNames;
}

const ORGANISATION = "O=Slotbridge EWS Simulator (test only)";

export async function issueCertificate(input: IssueInput): Promise<x509.X509Certificate> {
  const subject = `CN=${input.commonName}, ${ORGANISATION}`;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(Boolean(input.authority), input.authority?.pathLength, true),
    await x509.SubjectKeyIdentifierExtension.create(input.keys.publicKey),
  ];
  if (input.authority) {
    extensions.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true));
  } else if (input.issuer) {
    // Self-signed leaves get no key usage at all: one lacking keyCertSign makes OpenSSL stop treating the
    // certificate as self-signed, and clients would see a missing issuer instead of DEPTH_ZERO_SELF_SIGNED_CERT.
    extensions.push(
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    );
  }
  if (!input.authority) extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]));
  if (input.issuer) extensions.push(await x509.AuthorityKeyIdentifierExtension.create(input.issuer.cert.publicKey));
  if (input.altNames) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension([
        ...input.altNames.dns.map((value) => ({ type: "dns" as const, value })),
        ...input.altNames.ip.map((value) => ({ type: "ip" as const, value })),
      ]),
    );
  }
  return x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject,
    issuer: input.issuer ? input.issuer.cert.subject : subject,
    notBefore: input.notBefore,
    notAfter: input.notAfter,
    publicKey: input.keys.publicKey,
    signingKey: input.issuer ? input.issuer.privateKey : input.keys.privateKey,
    signingAlgorithm: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as Algorithm,
    extensions,
  });
}

function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  // Positive INTEGER: the top bit must be clear.
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return Buffer.from(bytes).toString("hex");
}

/** True when `cert` was signed by `issuer`'s key (time is judged separately). */
export async function isSignedBy(input: { cert: x509.X509Certificate; issuer: x509.X509Certificate }) {
  if (input.cert.issuer !== input.issuer.subject) return false;
  return input.cert.verify({ publicKey: input.issuer.publicKey, signatureOnly: true });
}
