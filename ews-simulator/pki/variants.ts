/**
 * The certificate situations the simulator reproduces, one HTTPS listener each (plus plain HTTP).
 * `presents` is what a client sees; `expectedClientError` is what Node reports when it trusts only
 * the simulator's root CA and connects to `localhost` (asserted by http/listeners.test.ts).
 */
export const LISTENER_VARIANTS = [
  "valid",
  "missing-intermediate",
  "self-signed",
  "expired",
  "not-yet-valid",
  "wrong-hostname",
  "untrusted-ca",
  "rsa-1024",
  "tls-legacy",
  "plain-http",
] as const;

export type ListenerVariant = (typeof LISTENER_VARIANTS)[number];
export type TlsVariant = Exclude<ListenerVariant, "plain-http">;

export const TLS_VARIANTS = LISTENER_VARIANTS.filter((v): v is TlsVariant => v !== "plain-http");

export type Validity = "current" | "expired" | "future";

export interface LeafSpec {
  /** Who signs the leaf; "self" for a self-signed leaf. */
  issuer: "intermediate" | "untrusted-root" | "self";
  /** Certificates sent after the leaf. */
  chain: Array<"intermediate" | "untrusted-root">;
  hostnames: string[];
  ips: string[];
  validity: Validity;
  keyBits: number;
}

const LOOPBACK = { hostnames: ["localhost"], ips: ["127.0.0.1", "::1"] };

const baseLeaf: LeafSpec = {
  issuer: "intermediate",
  chain: ["intermediate"],
  validity: "current",
  keyBits: 2048,
  ...LOOPBACK,
};

export const LEAF_SPECS: Record<TlsVariant, LeafSpec> = {
  valid: baseLeaf,
  "missing-intermediate": { ...baseLeaf, chain: [] },
  "self-signed": { ...baseLeaf, issuer: "self", chain: [] },
  expired: { ...baseLeaf, validity: "expired" },
  "not-yet-valid": { ...baseLeaf, validity: "future" },
  "wrong-hostname": { ...baseLeaf, hostnames: ["mail.wrong-host.test"], ips: [] },
  "untrusted-ca": { ...baseLeaf, issuer: "untrusted-root", chain: ["untrusted-root"] },
  "rsa-1024": { ...baseLeaf, keyBits: 1024 },
  // Same certificate situation as `valid`: only the protocol versions differ.
  "tls-legacy": baseLeaf,
};

export const VARIANT_DESCRIPTIONS: Record<ListenerVariant, { presents: string; expectedClientError: string }> = {
  valid: {
    presents: "leaf for localhost/127.0.0.1/::1 + intermediate; root in the CA file",
    expectedClientError: "none (UNABLE_TO_GET_ISSUER_CERT_LOCALLY when the test root is not trusted)",
  },
  "missing-intermediate": {
    presents: "leaf signed by the intermediate, sent without it",
    expectedClientError: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  },
  "self-signed": { presents: "self-signed leaf for localhost", expectedClientError: "DEPTH_ZERO_SELF_SIGNED_CERT" },
  expired: { presents: "leaf + intermediate, expired 30 days ago", expectedClientError: "CERT_HAS_EXPIRED" },
  "not-yet-valid": {
    presents: "leaf + intermediate, valid from 30 days ahead",
    expectedClientError: "CERT_NOT_YET_VALID",
  },
  "wrong-hostname": {
    presents: "leaf + intermediate for mail.wrong-host.test only",
    expectedClientError: "ERR_TLS_CERT_ALTNAME_INVALID",
  },
  "untrusted-ca": {
    presents: "leaf + an unrelated self-signed root",
    expectedClientError: "SELF_SIGNED_CERT_IN_CHAIN",
  },
  "rsa-1024": { presents: "leaf with a 1024-bit RSA key + intermediate", expectedClientError: "see listeners.test.ts" },
  "tls-legacy": {
    presents: "valid chain, but TLS 1.0/1.1 only",
    expectedClientError: "ERR_SSL_UNSUPPORTED_PROTOCOL / tlsv1 alert protocol version",
  },
  "plain-http": { presents: "no TLS at all", expectedClientError: "TLS handshake fails (not TLS)" },
};
