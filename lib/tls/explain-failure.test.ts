import { describe, expect, it } from "vitest";
import { explainConnectError } from "./explain-failure";

// Codes the simulator cannot produce on demand (or produces only by chance), mapped from the error alone.
function explain(input: { code: string; message?: string }) {
  const error = Object.assign(new Error(input.message ?? input.code), { code: input.code });
  return explainConnectError({ error, host: "mail.contoso.test", endpoint: "mail.contoso.test:443", chain: [] });
}

describe("explainConnectError without a certificate to describe", () => {
  it.each([
    ["ERR_SSL_UNSUPPORTED_PROTOCOL", "unsupported protocol", "tls-too-old"],
    ["EPROTO", "SSL routines:ssl3_read_bytes:tlsv1 alert protocol version", "tls-too-old"],
    ["ERR_SSL_PACKET_LENGTH_TOO_LONG", "packet length too long", "no-tls"],
    ["ERR_SSL_EE_KEY_TOO_SMALL", "ee key too small", "weak-key"],
    ["CA_KEY_TOO_SMALL", "CA certificate key too weak", "weak-key"],
    ["CERT_UNTRUSTED", "certificate not trusted", "untrusted-issuer"],
    ["EHOSTUNREACH", "connect EHOSTUNREACH", "unreachable"],
    ["ENETUNREACH", "connect ENETUNREACH", "unreachable"],
    ["ETIMEDOUT", "connect ETIMEDOUT", "timed-out"],
    ["ECONNRESET", "socket hang up", "tls-error"],
    ["CERT_REVOKED", "certificate revoked", "tls-error"],
    ["INVALID_PURPOSE", "unsuitable certificate purpose", "not-a-server-certificate"],
  ])("%s (%s) → %s", (code, message, reason) => {
    expect(explain({ code, message })).toMatchObject({ reason, nodeCode: code });
  });

  it("never shows UNSPECIFIED (Node's name for OpenSSL errors it has no name for): OpenSSL's own name instead", () => {
    expect(explain({ code: "UNSPECIFIED", message: "CA certificate key too weak" })).toMatchObject({
      reason: "weak-key",
      nodeCode: "CA_KEY_TOO_SMALL",
    });
    expect(explain({ code: "UNSPECIFIED", message: "EE certificate key too weak" }).nodeCode).toBe("EE_KEY_TOO_SMALL");
    expect(explain({ code: "UNSPECIFIED", message: "CA signature digest algorithm too weak" }).nodeCode).toBe(
      "CA_MD_TOO_WEAK",
    );
    const unknown = explain({ code: "UNSPECIFIED", message: "some new verify error" });
    expect(unknown).toMatchObject({ reason: "tls-error", nodeCode: "SOME_NEW_VERIFY_ERROR" });
    expect(unknown.message).not.toContain("UNSPECIFIED");
  });

  it("falls back to plain messages when the certificate could not be seen", () => {
    expect(explain({ code: "CERT_HAS_EXPIRED" }).message).toBe("The certificate has expired.");
    expect(explain({ code: "CERT_NOT_YET_VALID" }).message).toBe("The certificate is not valid yet.");
    expect(explain({ code: "ERR_TLS_CERT_ALTNAME_INVALID" }).message).toBe(
      "The certificate is not for mail.contoso.test.",
    );
    expect(explain({ code: "SELF_SIGNED_CERT_IN_CHAIN" }).message).toBe(
      "The certificate was issued by a certificate authority Slotbridge does not trust.",
    );
    expect(explain({ code: "DEPTH_ZERO_SELF_SIGNED_CERT" }).message).toBe(
      "The server presents a self-signed certificate, which no certificate authority vouches for. Exchange installs one by default.",
    );
    expect(explain({ code: "UNSPECIFIED", message: "EE certificate key too weak" }).message).toBe(
      "The certificate's key is too weak; Slotbridge requires at least a 2048-bit RSA key or a 256-bit EC key, signed with SHA-256 or stronger.",
    );
    expect(explain({ code: "INVALID_PURPOSE" }).message).toBe(
      "The certificate the server presents is not meant for a TLS server: its key usage does not allow server authentication.",
    );
    expect(explain({ code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" }).message).toMatch(
      /^The server sent only its own certificate, and Slotbridge cannot trace its issuer to a certificate authority it trusts\. Either/,
    );
    expect(explain({ code: "UNSPECIFIED", message: "ca md too weak" }).message).toMatch(
      /^A certificate in the chain is signed with a weak algorithm \(such as SHA-1\);/,
    );
  });

  it("names DNS failures, resets, OS time-outs and unknown codes in plain words", () => {
    expect(explain({ code: "ENOTFOUND" }).message).toBe("The name mail.contoso.test could not be found in DNS.");
    expect(explain({ code: "EHOSTUNREACH" }).message).toBe(
      "There is no network route from this Slotbridge server to mail.contoso.test:443.",
    );
    expect(explain({ code: "ETIMEDOUT" }).message).toBe(
      "mail.contoso.test:443 did not answer: the connection attempt timed out.",
    );
    expect(explain({ code: "ECONNRESET" }).message).toBe(
      "mail.contoso.test:443 closed the connection during the TLS handshake.",
    );
    expect(explain({ code: "ERR_SOMETHING_NEW" })).toMatchObject({
      reason: "tls-error",
      message: "The TLS connection to mail.contoso.test:443 failed (ERR_SOMETHING_NEW).",
    });
  });
});
