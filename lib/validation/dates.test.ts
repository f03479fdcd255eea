import { describe, expect, it } from "vitest";
import { calendarDate, DATE_RANGE_MESSAGE, isoInstant, isWithinDateRange } from "./dates";

const messagesOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe("isWithinDateRange", () => {
  it("runs from the first instant of 1970 to the last of 2199", () => {
    expect(isWithinDateRange(Date.UTC(1970, 0, 1))).toBe(true);
    expect(isWithinDateRange(Date.UTC(1969, 11, 31, 23, 59, 59, 999))).toBe(false);
    expect(isWithinDateRange(Date.UTC(2199, 11, 31, 23, 59, 59, 999))).toBe(true);
    expect(isWithinDateRange(Date.UTC(2200, 0, 1))).toBe(false);
    expect(isWithinDateRange(Number.NaN)).toBe(false);
    expect(isWithinDateRange(Number.POSITIVE_INFINITY)).toBe(false);
  });
});

describe("calendarDate", () => {
  const schema = calendarDate();

  it("keeps a real date in range as it was written", () => {
    expect(schema.parse("1990-06-01")).toBe("1990-06-01");
    expect(schema.parse("2024-02-29")).toBe("2024-02-29");
    expect(schema.parse("2199-12-31")).toBe("2199-12-31");
  });

  it("refuses dates out of range, impossible dates and other shapes, each with a message", () => {
    expect(messagesOf(schema.safeParse("9999-12-30"))).toEqual([DATE_RANGE_MESSAGE]);
    expect(messagesOf(schema.safeParse("1969-12-31"))).toEqual([DATE_RANGE_MESSAGE]);
    expect(messagesOf(schema.safeParse("0000-01-01"))).toEqual([DATE_RANGE_MESSAGE]);
    for (const text of ["2026-02-30", "2025-02-29", "2026-13-01", "26-01-01", "2026-1-1", "today", "", "\u0000"]) {
      expect(messagesOf(schema.safeParse(text)), text).toEqual(["must be a date written YYYY-MM-DD"]);
    }
    expect(messagesOf(calendarDate({ format: "Choose a date." }).safeParse("x"))).toEqual(["Choose a date."]);
  });
});

describe("isoInstant", () => {
  const schema = isoInstant();

  it("reads instants with a zone into Dates", () => {
    expect(schema.parse("2030-03-04T09:00:00Z").toISOString()).toBe("2030-03-04T09:00:00.000Z");
    expect(schema.parse("2030-03-04T09:00:00.123+05:45").toISOString()).toBe("2030-03-04T03:15:00.123Z");
  });

  it("refuses instants without a zone, out of range or malformed, with a message", () => {
    expect(messagesOf(schema.safeParse("9999-12-30T00:00:00Z"))).toEqual([DATE_RANGE_MESSAGE]);
    expect(messagesOf(schema.safeParse("1900-01-01T00:00:00Z"))).toEqual([DATE_RANGE_MESSAGE]);
    for (const text of ["2030-03-04T09:00:00", "2030-03-04", "2030-02-30T09:00:00Z", "+275760-09-13T00:00:00Z", "x"]) {
      expect(schema.safeParse(text).success, text).toBe(false);
      expect(messagesOf(schema.safeParse(text))[0]).toMatch(/ISO-8601/);
    }
  });
});
