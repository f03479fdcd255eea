import { describe, expect, it } from "vitest";
import { formatEwsDateTime, parseEwsDateTime } from "./ews-date-time";

const utc = (iso: string) => Date.parse(iso);

describe("parseEwsDateTime", () => {
  it("reads a time without offset as UTC, whatever the host's zone (the tests run in Asia/Kathmandu)", () => {
    expect(parseEwsDateTime("2026-10-25T01:30:00")).toBe(utc("2026-10-25T01:30:00Z"));
    expect(parseEwsDateTime("2024-02-29T23:59:59")).toBe(utc("2024-02-29T23:59:59Z"));
  });

  it("applies Z and offsets, as Exchange 2007 wrote them, and fractional seconds", () => {
    expect(parseEwsDateTime("2006-10-16T06:00:00-07:00")).toBe(utc("2006-10-16T13:00:00Z"));
    expect(parseEwsDateTime("2026-03-29T03:15:00+05:45")).toBe(utc("2026-03-28T21:30:00Z"));
    expect(parseEwsDateTime("2026-10-25T01:30:00Z")).toBe(utc("2026-10-25T01:30:00Z"));
    expect(parseEwsDateTime("2026-10-25T01:30:00.25")).toBe(utc("2026-10-25T01:30:00.250Z"));
  });

  it("takes 24:00:00 as the end of the day", () => {
    expect(parseEwsDateTime("2026-12-31T24:00:00")).toBe(utc("2027-01-01T00:00:00Z"));
  });

  it("refuses what is not an EWS date-time rather than guess", () => {
    for (const text of [
      "",
      "2026-10-25",
      "2026-10-25 01:30:00",
      "2026-10-25T1:30:00",
      "2026-02-29T00:00:00",
      "2026-13-01T00:00:00",
      "2026-00-10T00:00:00",
      "2026-10-25T25:00:00",
      "2026-10-25T24:00:01",
      "2026-10-25T10:60:00",
      "2026-10-25T10:00:00+15:00",
      "0099-01-01T00:00:00",
      " 2026-10-25T01:30:00",
    ]) {
      expect(() => parseEwsDateTime(text), text).toThrow(RangeError);
    }
  });
});

describe("formatEwsDateTime", () => {
  it("writes UTC wall time without an offset, whatever the host's zone", () => {
    expect(formatEwsDateTime(new Date("2026-10-19T00:00:00Z"))).toBe("2026-10-19T00:00:00");
    expect(parseEwsDateTime(formatEwsDateTime(new Date("2026-03-08T10:07:09.999Z")))).toBe(utc("2026-03-08T10:07:09Z"));
  });
});
