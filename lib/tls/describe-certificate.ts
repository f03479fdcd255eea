import { createHash, X509Certificate } from "node:crypto";
import type { DetailedPeerCertificate, PeerCertificate } from "node:tls";
import type { CertificateDetails, CertificateKey, CertificateName } from "./report";

const DAY_MS = 86_400_000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * OpenSSL's "Mar  3 12:00:00 2026 GMT", parsed by hand: Date's own parsing of that shape is
 * implementation-defined, and a wrong expiry date is exactly what this check must not show.
 */
export function parseOpenSslDate(text: string): Date {
  const match = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) GMT$/.exec(text);
  const month = match ? MONTHS.indexOf(match[1] ?? "") : -1;
  if (!match || month < 0) throw new Error(`Unrecognised certificate date: ${text}`);
  const [, , day, hours, minutes, seconds, year] = match.map(Number);
  return new Date(Date.UTC(year ?? 0, month, day, hours, minutes, seconds));
}

/** "AB:CD:…", the form browsers and Windows' certificate dialog (without colons) show. */
export function formatFingerprint(der: Buffer): string {
  return createHash("sha256").update(der).digest("hex").toUpperCase().match(/../g)?.join(":") ?? "";
}

function firstValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}

function describeName(name: PeerCertificate["subject"] | undefined): CertificateName {
  // Node types the entries as strings, but a repeated attribute (two OUs, two CNs) arrives as an array.
  const entries = (name ?? {}) as unknown as Record<string, string | string[] | undefined>;
  return { commonName: firstValue(entries.CN), organization: firstValue(entries.O) };
}

/**
 * Node's `subjectaltname` is "DNS:a, IP Address:1.2.3.4"; since CVE-2021-44532 a value holding a comma or
 * quote is JSON-quoted, so a plain split on ", " could cut one name in two.
 */
export function splitSubjectAltNames(text: string | undefined): string[] {
  if (!text) return [];
  const names: string[] = [];
  const pattern = /([^:,]+):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/gy;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const [, type = "", raw = ""] = match;
    const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    names.push(`${type.trim()}:${value}`);
    if (pattern.lastIndex >= text.length) break;
  }
  return names;
}

const KEY_TYPE_NAMES: Record<string, string> = {
  rsa: "RSA",
  "rsa-pss": "RSA-PSS",
  dsa: "DSA",
  ec: "EC",
  ed25519: "Ed25519",
  ed448: "Ed448",
};

function describeKey(input: { der: Buffer; peer: PeerCertificate }): CertificateKey {
  const publicKey = new X509Certificate(input.der).publicKey;
  const type = publicKey.asymmetricKeyType ?? "unknown";
  const details = publicKey.asymmetricKeyDetails ?? {};
  const bits = details.modulusLength ?? (typeof input.peer.bits === "number" ? input.peer.bits : null);
  return { type: KEY_TYPE_NAMES[type] ?? type, bits, curve: details.namedCurve ?? null };
}

export function describeCertificate(input: { peer: PeerCertificate; now: Date }): CertificateDetails {
  const { peer, now } = input;
  const validTo = parseOpenSslDate(peer.valid_to);
  const subject = describeName(peer.subject);
  const issuer = describeName(peer.issuer);
  return {
    subject,
    issuer,
    subjectAltNames: splitSubjectAltNames(peer.subjectaltname),
    validFrom: parseOpenSslDate(peer.valid_from).toISOString(),
    validTo: validTo.toISOString(),
    daysLeft: Math.floor((validTo.getTime() - now.getTime()) / DAY_MS),
    fingerprintSha256: formatFingerprint(peer.raw),
    key: describeKey({ der: peer.raw, peer }),
    selfIssued: JSON.stringify(peer.subject) === JSON.stringify(peer.issuer),
    isCa: new X509Certificate(peer.raw).ca,
  };
}

/**
 * The chain as Node hands it over: the certificates the server sent, completed from the trust store
 * where verification found the issuer. A root points at itself, hence the guard against cycles.
 */
export function describeChain(input: { leaf: DetailedPeerCertificate; now: Date }): CertificateDetails[] {
  const chain: CertificateDetails[] = [];
  const seen = new Set<string>();
  let current: DetailedPeerCertificate | undefined = input.leaf;
  while (current?.raw && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    chain.push(describeCertificate({ peer: current, now: input.now }));
    current = current.issuerCertificate;
  }
  return chain;
}
