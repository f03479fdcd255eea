import { describe, expect, it } from "vitest";
import { formatFingerprint, parseOpenSslDate, splitSubjectAltNames } from "./describe-certificate";

describe("describe-certificate helpers", () => {
  it("reads OpenSSL's dates as UTC, whatever the machine's zone", () => {
    expect(parseOpenSslDate("Mar  3 12:00:00 2026 GMT").toISOString()).toBe("2026-03-03T12:00:00.000Z");
    expect(parseOpenSslDate("Dec 31 23:59:59 2049 GMT").toISOString()).toBe("2049-12-31T23:59:59.000Z");
    expect(() => parseOpenSslDate("2026-03-03")).toThrow(/Unrecognised certificate date/);
  });

  it("splits subject alternative names, keeping quoted values whole", () => {
    expect(splitSubjectAltNames("DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1")).toEqual([
      "DNS:localhost",
      "IP Address:127.0.0.1",
      "IP Address:0:0:0:0:0:0:0:1",
    ]);
    expect(splitSubjectAltNames('DNS:"evil.test, DNS:bank.test", DNS:mail.contoso.test')).toEqual([
      "DNS:evil.test, DNS:bank.test",
      "DNS:mail.contoso.test",
    ]);
    expect(splitSubjectAltNames(undefined)).toEqual([]);
  });

  it("formats SHA-256 fingerprints as colon-separated upper-case hex", () => {
    expect(formatFingerprint(Buffer.from(""))).toBe(
      "E3:B0:C4:42:98:FC:1C:14:9A:FB:F4:C8:99:6F:B9:24:27:AE:41:E4:64:9B:93:4C:A4:95:99:1B:78:52:B8:55",
    );
  });
});
