import { createHash } from "node:crypto";
import tls from "node:tls";

/**
 * Building a context means parsing Node's ~140 public roots plus the extra bundle into a fresh CA store:
 * ~20 ms, and NTLM opens a connection per request. So one context per distinct bundle, shared by every
 * agent and socket. A context holds only the trust store and the TLS floor below, never a peer's
 * identity: the server's certificate and name are still verified on each connection (rejectUnauthorized
 * and checkServerIdentity are per socket). Bounded because bundles change (uploads, rotations) and each
 * context holds its own parsed store, about 1 MB: 64 of them is ~65 MB at worst.
 */
const MAX_CONTEXTS = 64;
const contexts = new Map<string, tls.SecureContext>();

/**
 * Same PEM text, same trust: SHA-256 of the exact bytes, so two bundles share a context only if they are
 * identical (a re-formatted copy merely gets its own). The other inputs are constants of this module.
 */
export function secureContextKey({ caPem }: { caPem?: string }): string {
  return caPem ? createHash("sha256").update(caPem, "utf8").digest("hex") : "public-roots-only";
}

/**
 * The context for Exchange connections trusting Node's public roots plus `caPem` (added, not replacing
 * them, so a server that later moves to a public certificate keeps working). TLS 1.2 at least;
 * SECLEVEL=2 because Node's default level (1) still accepts 1024-bit RSA server keys.
 */
export function getEwsSecureContext({ caPem }: { caPem?: string }): tls.SecureContext {
  const key = secureContextKey({ caPem });
  const cached = contexts.get(key);
  if (cached) {
    // Re-inserted so that eviction takes the least recently used bundle.
    contexts.delete(key);
    contexts.set(key, cached);
    return cached;
  }
  const context = tls.createSecureContext({
    ca: caPem ? [...tls.rootCertificates, caPem] : [...tls.rootCertificates],
    minVersion: "TLSv1.2",
    ciphers: "DEFAULT@SECLEVEL=2",
  });
  contexts.set(key, context);
  if (contexts.size > MAX_CONTEXTS) {
    const oldest = contexts.keys().next();
    if (!oldest.done) contexts.delete(oldest.value);
  }
  return context;
}
