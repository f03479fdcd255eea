/**
 * What the certificate check returns. Plain JSON only (strings, numbers, booleans, null, arrays), so a
 * server action can return it and the wizard can render it as is. Certificates are public by nature;
 * the URL itself is never echoed (it could carry user info or a query), only host and port.
 */

export const CERTIFICATE_FAILURE_REASONS = [
  "self-signed",
  "expired",
  "not-yet-valid",
  "hostname-mismatch",
  "untrusted-issuer",
  "incomplete-chain",
  "not-a-server-certificate",
  "weak-key",
  "tls-too-old",
  "no-tls",
  "unreachable",
  "timed-out",
  "tls-error",
] as const;

export type CertificateFailureReason = (typeof CERTIFICATE_FAILURE_REASONS)[number];

export interface CertificateName {
  commonName: string | null;
  organization: string | null;
}

export interface CertificateKey {
  /** "RSA", "RSA-PSS", "EC", "Ed25519", … */
  type: string;
  bits: number | null;
  /** EC keys only, e.g. "prime256v1". */
  curve: string | null;
}

export interface CertificateDetails {
  subject: CertificateName;
  issuer: CertificateName;
  /** As OpenSSL names them: "DNS:mail.contoso.com", "IP Address:10.0.0.5". */
  subjectAltNames: string[];
  /** ISO 8601, UTC. */
  validFrom: string;
  validTo: string;
  /** Whole days until validTo; negative once expired. */
  daysLeft: number;
  /** SHA-256 of the DER certificate, "AB:CD:…" (32 bytes), as browsers and Node show it. */
  fingerprintSha256: string;
  key: CertificateKey;
  /** Subject equals issuer: a root, or a self-signed server certificate. */
  selfIssued: boolean;
  /** A certificate authority's certificate (basic constraints CA:TRUE): it signs certificates, it serves no site. */
  isCa: boolean;
}

export interface CertificateWarning {
  kind: "expiring-soon";
  message: string;
  hint: string;
}

export interface CertificateAccepted {
  ok: true;
  host: string;
  port: number;
  /** "TLSv1.2" or "TLSv1.3". */
  tlsVersion: string;
  certificate: CertificateDetails;
  /** Leaf first, then each issuer up to the trusted root. */
  chain: CertificateDetails[];
  /** The leaf's fingerprint, kept with the connection to notice a changed certificate later. */
  fingerprintSha256: string;
  warnings: CertificateWarning[];
  checkedAt: string;
}

export interface CertificateRefused {
  ok: false;
  host: string;
  port: number;
  reason: CertificateFailureReason;
  /** Plain words for the admin: what is wrong. */
  message: string;
  /** What to change on the Exchange side. */
  hint: string;
  /** Node's error code (e.g. CERT_HAS_EXPIRED), for support; null when there was none (our time limit, http:). */
  nodeCode: string | null;
  /** The certificate the server presented, when the handshake got far enough to see it. */
  certificate: CertificateDetails | null;
  chain: CertificateDetails[];
  checkedAt: string;
}

export type CertificateReport = CertificateAccepted | CertificateRefused;
