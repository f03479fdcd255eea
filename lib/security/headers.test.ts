import { describe, expect, it } from "vitest";
import { securityHeaders } from "./headers";

describe("securityHeaders", () => {
  it("forbids eval and framing in production and pins scripts to the nonce", () => {
    const headers = securityHeaders({ nonce: "abc123", production: true, https: false });
    const csp = headers["Content-Security-Policy"] ?? "";
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
  });

  it("sends HSTS only when served over HTTPS", () => {
    expect(securityHeaders({ nonce: "n", production: true, https: false })).not.toHaveProperty(
      "Strict-Transport-Security",
    );
    expect(securityHeaders({ nonce: "n", production: true, https: true })["Strict-Transport-Security"]).toMatch(
      /^max-age=\d+/,
    );
  });

  it("allows eval only in development", () => {
    expect(securityHeaders({ nonce: "n", production: false, https: false })["Content-Security-Policy"]).toContain(
      "'unsafe-eval'",
    );
  });

  it("lets a caller allow-list embedding origins", () => {
    const headers = securityHeaders({
      nonce: "n",
      production: true,
      https: true,
      frameAncestors: ["https://www.example.com"],
    });
    expect(headers["Content-Security-Policy"]).toContain("frame-ancestors https://www.example.com");
    expect(headers["X-Frame-Options"]).toBe("SAMEORIGIN");
  });
});
