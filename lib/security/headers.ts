/**
 * Security headers for every response. The Content-Security-Policy carries a per-request
 * nonce, which Next.js applies to its own scripts; production allows no eval and no inline
 * script without that nonce. Development needs eval for React's debugging tools.
 */
export function securityHeaders({
  nonce,
  production,
  https,
  frameAncestors = ["'none'"],
}: {
  nonce: string;
  production: boolean;
  https: boolean;
  /** Later, public booking pages may allow-list embedding origins here. */
  frameAncestors?: string[];
}): Record<string, string> {
  const scriptSrc = ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(production ? [] : ["'unsafe-eval'"])];
  const csp = [
    "default-src 'self'",
    `script-src ${scriptSrc.join(" ")}`,
    // Next.js and React inject style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // The connection wizard's browser check reaches the Exchange server from the page.
    "connect-src 'self' https:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors.join(" ")}`,
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");

  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": frameAncestors.includes("'none'") ? "DENY" : "SAMEORIGIN",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(https ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

/**
 * The same protections for a JSON answer the proxy does not see (the public slots endpoint): a policy that
 * allows nothing (a JSON answer runs no script and loads nothing), no sniffing, no framing.
 */
export function apiSecurityHeaders({ https }: { https: boolean }): Record<string, string> {
  return {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(https ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}
