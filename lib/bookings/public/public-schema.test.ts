import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { ZONES } from "@/lib/scheduling/test-helpers/arbitraries";
import { bookingRequestSchema, slotsQuerySchema } from "./public-schema";

describe("slotsQuerySchema", () => {
  it("turns local dates into a window of whole local days, DST days included", () => {
    const parsed = slotsQuerySchema.parse({ start: "2026-10-25", end: "2026-10-25", timeZone: "Europe/London" });
    // 25 October 2026 is 25 hours long in London: BST ends at 02:00.
    expect(new Date(parsed.window.start).toISOString()).toBe("2026-10-24T23:00:00.000Z");
    expect(new Date(parsed.window.end).toISOString()).toBe("2026-10-26T00:00:00.000Z");
  });

  it("starts a day whose midnight a DST jump skips at the jump", () => {
    // Chile moved its clocks from 00:00 to 01:00 on 7 September 2025.
    const parsed = slotsQuerySchema.parse({ start: "2025-09-07", end: "2025-09-07", timeZone: "America/Santiago" });
    expect(new Date(parsed.window.start).toISOString()).toBe("2025-09-07T04:00:00.000Z");
    expect(new Date(parsed.window.end).toISOString()).toBe("2025-09-08T03:00:00.000Z");
  });

  it("agrees with luxon's start of day for the first and the day after the last", () => {
    const base = Date.parse("2025-01-01T00:00:00Z");
    const isoDate = (day: number) => new Date(base + day * 86_400_000).toISOString().slice(0, 10);
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 730 }),
        fc.integer({ min: 0, max: 61 }),
        (timeZone, startDay, length) => {
          const [start, end] = [isoDate(startDay), isoDate(startDay + length)];
          const parsed = slotsQuerySchema.parse({ start, end, timeZone });
          expect(parsed.window).toEqual({
            start: DateTime.fromISO(start, { zone: timeZone }).startOf("day").toMillis(),
            end: DateTime.fromISO(end, { zone: timeZone }).plus({ days: 1 }).startOf("day").toMillis(),
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses unknown zones, impossible dates, reversed and oversized windows with a message", () => {
    const bad = [
      { start: "2026-01-01", end: "2026-01-02", timeZone: "Mars/Olympus" },
      { start: "2026-02-30", end: "2026-03-02", timeZone: "UTC" },
      { start: "2026-03-02", end: "2026-03-01", timeZone: "UTC" },
      { start: "2026-01-01", end: "2026-03-31", timeZone: "UTC" },
      { start: "yesterday", end: "2026-03-31", timeZone: "UTC" },
      { start: "9999-12-30", end: "9999-12-31", timeZone: "UTC" },
      { start: "1969-12-31", end: "1970-01-01", timeZone: "UTC" },
      { start: "2026-01-01", end: "2026-01-02", timeZone: "UTC\u0000" },
    ];
    for (const query of bad) {
      const result = slotsQuerySchema.safeParse(query);
      expect(result.success, JSON.stringify(query)).toBe(false);
      expect(result.error?.issues[0]?.message.length).toBeGreaterThan(5);
    }
  });
});

describe("bookingRequestSchema", () => {
  const valid = {
    start: "2030-03-04T09:00:00Z",
    name: " Cara Customer ",
    email: "Cara@Example.com",
    timeZone: "Asia/Kolkata",
    challenge: "x",
    nonce: "1",
    website: "",
  };

  it("normalises a valid request", () => {
    const parsed = bookingRequestSchema.parse(valid);
    expect(parsed.name).toBe("Cara Customer");
    expect(parsed.email).toBe("cara@example.com");
    expect(parsed.start.toISOString()).toBe("2030-03-04T09:00:00.000Z");
  });

  it("refuses a filled honeypot, a bad email, a date without time and an empty name", () => {
    expect(bookingRequestSchema.safeParse({ ...valid, website: "http://spam" }).success).toBe(false);
    expect(bookingRequestSchema.safeParse({ ...valid, email: "not-an-email" }).success).toBe(false);
    expect(bookingRequestSchema.safeParse({ ...valid, start: "2030-03-04" }).success).toBe(false);
    expect(bookingRequestSchema.safeParse({ ...valid, name: "  " }).success).toBe(false);
  });

  it("refuses control characters anywhere, bidi controls in the name, and times out of range or without a zone", () => {
    const refused = [
      { name: "Cara\u0000" },
      { name: "Cara\u202E" },
      { name: "Cara\nCustomer" },
      { notes: "\u0000" },
      { answers: { topic: "a\u0007" } },
      { answers: { "to\u0000pic": "a" } },
      { start: "9999-12-30T09:00:00Z" },
      { start: "2030-03-04T09:00:00" },
    ];
    for (const change of refused) {
      const result = bookingRequestSchema.safeParse({ ...valid, ...change });
      expect(result.success, JSON.stringify(change)).toBe(false);
      expect(result.error?.issues[0]?.message.length).toBeGreaterThan(5);
    }
    expect(bookingRequestSchema.parse({ ...valid, notes: "Line one\r\nline two" }).notes).toBe("Line one\r\nline two");
  });
});
