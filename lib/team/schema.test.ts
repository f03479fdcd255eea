import { describe, expect, it } from "vitest";
import { availabilityQuerySchema, workWeekSchema } from "./schema";

const messages = (input: Record<string, string>) => {
  const result = availabilityQuerySchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe("availabilityQuerySchema", () => {
  const start = "2026-11-23T00:00:00Z";
  it("accepts a week, members and a group", () => {
    const id = "019a0000-0000-7000-8000-000000000001";
    const parsed = availabilityQuerySchema.parse({ start, end: "2026-11-30T00:00:00+01:00", members: `${id},${id}` });
    expect(parsed.start.toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(parsed.end.toISOString()).toBe("2026-11-29T23:00:00.000Z");
    expect(parsed.members).toEqual([id, id]);
  });

  it("names what is wrong, without crashing on a field that did not parse", () => {
    expect(messages({ start: "yesterday", end: start })[0]).toContain("ISO-8601");
    expect(messages({ start, end: start })).toEqual(["end must be after start."]);
    expect(messages({ start, end: "2027-02-01T00:00:00Z" })).toEqual(["The window may span at most 62 days."]);
    expect(messages({ start, end: "2026-11-24T00:00:00Z", members: "x" })[0]).toContain("member ids");
    expect(messages({ start, end: "2026-11-24T00:00:00Z", subject: "1" })[0]).toContain("subject");
  });

  it("refuses instants outside 1970–2199, before anything asks Exchange about them", () => {
    expect(messages({ start: "9999-12-30T00:00:00Z", end: "9999-12-31T00:00:00Z" })).toEqual([
      "start must lie between 1970 and 2199.",
      "end must lie between 1970 and 2199.",
    ]);
  });
});

describe("workWeekSchema", () => {
  it("takes one or several weekdays and refuses an inverted day", () => {
    expect(workWeekSchema.parse({ workDays: "3", startHour: "8", endHour: "18" }).workDays).toEqual([3]);
    expect(workWeekSchema.parse({ workDays: ["1", "2"], startHour: "0", endHour: "24" }).workDays).toEqual([1, 2]);
    expect(workWeekSchema.safeParse({ workDays: ["1"], startHour: "18", endHour: "8" }).success).toBe(false);
    expect(workWeekSchema.safeParse({ startHour: "8", endHour: "18" }).success).toBe(false);
  });
});
