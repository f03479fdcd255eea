import { describe, expect, it } from "vitest";
import { connectionHealth, type StoredCheckState } from "./health";

const NOW = new Date("2026-11-24T12:00:00Z");
const FP_A = Array.from({ length: 32 }, () => "AA").join(":");
const FP_B = Array.from({ length: 32 }, () => "BB").join(":");

const healthy: StoredCheckState = {
  lastCheckedAt: new Date("2026-11-24T11:00:00Z"),
  lastErrorReason: null,
  failingSince: null,
  certificateFingerprint: FP_A,
  presentedFingerprint: FP_A,
  certificateExpiresAt: new Date("2027-06-01T00:00:00Z"),
};

const health = (patch: Partial<StoredCheckState>) => connectionHealth({ ...healthy, ...patch }, NOW);

describe("connectionHealth", () => {
  it("is 'working' for a passed check with a long-lived, unchanged certificate", () => {
    expect(health({})).toMatchObject({ kind: "working", label: "Working", hint: null });
  });

  it("is 'not checked yet' before any check", () => {
    expect(health({ lastCheckedAt: null }).kind).toBe("not-checked");
  });

  it("warns within 30 days of expiry, counting whole days left", () => {
    expect(health({ certificateExpiresAt: new Date("2026-12-24T11:59:00Z") })).toMatchObject({
      kind: "certificate-expiring",
      label: "Certificate expires in 29 days",
    });
    expect(health({ certificateExpiresAt: new Date("2026-12-24T12:00:00Z") }).kind).toBe("working");
    expect(health({ certificateExpiresAt: new Date("2026-11-25T13:00:00Z") }).label).toBe(
      "Certificate expires in 1 day",
    );
    expect(health({ certificateExpiresAt: new Date("2026-11-24T18:00:00Z") }).label).toBe("Certificate expires today");
  });

  it("calls a certificate that expired since the last check refused, without waiting for the next check", () => {
    expect(health({ certificateExpiresAt: new Date("2026-11-20T00:00:00Z") })).toMatchObject({
      kind: "certificate-refused",
      tone: "red",
    });
  });

  it("flags a changed certificate before an expiring one", () => {
    expect(
      health({ presentedFingerprint: FP_B, certificateExpiresAt: new Date("2026-11-30T00:00:00Z") }),
    ).toMatchObject({ kind: "certificate-changed", label: "Certificate changed since connection" });
  });

  it("puts a failing check first, with the time it started failing", () => {
    const since = new Date("2026-11-23T08:00:00Z");
    expect(health({ lastErrorReason: "wrong-password", failingSince: since, presentedFingerprint: FP_B })).toEqual(
      expect.objectContaining({ kind: "authentication-failing", label: "Authentication failing", since }),
    );
  });

  it.each([
    ["wrong-password", "authentication-failing"],
    ["impersonation-denied", "authentication-failing"],
    ["credentials-unreadable", "authentication-failing"],
    ["unreachable", "unreachable"],
    ["timed-out", "unreachable"],
    ["timeout", "unreachable"],
    ["address-refused", "unreachable"],
    ["self-signed", "certificate-refused"],
    ["hostname-mismatch", "certificate-refused"],
    ["no-tls", "certificate-refused"],
    ["mailbox-not-found", "mailbox-not-found"],
    ["server-busy", "exchange-error"],
    ["unexpected", "exchange-error"],
    ["not-a-server-certificate", "certificate-refused"],
    ["tls-too-old", "certificate-refused"],
    ["tls-version", "certificate-refused"],
  ])("maps the stored reason %s to %s", (reason, kind) => {
    expect(health({ lastErrorReason: reason }).kind).toBe(kind);
  });

  it("names a server without TLS 1.2 as such, whichever check found it", () => {
    for (const reason of ["tls-too-old", "tls-version"]) {
      expect(health({ lastErrorReason: reason })).toMatchObject({
        label: "TLS 1.2 not offered",
        hint: expect.stringMatching(/^The server only offers TLS 1\.1 or older/),
      });
    }
  });
});
