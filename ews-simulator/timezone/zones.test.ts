import { DateTime, Settings } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { createIanaZone, formatWall } from "./zones";

/** The conversions as they were before the offset memo: straight luxon, the reference the fast path must match. */
function luxonToUtc(iana: string, wall: number): number {
  const d = new Date(wall);
  return DateTime.fromObject(
    {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      millisecond: d.getUTCMilliseconds(),
    },
    { zone: iana },
  ).toMillis();
}

function luxonToWall(iana: string, utc: number): number {
  return utc + DateTime.fromMillis(utc, { zone: iana }).offset * 60_000;
}

/** A result or the error it threw (luxon throws for a NaN wall time), so both can be compared. */
function outcome(run: () => number): { value: number } | { error: string } {
  try {
    return { value: run() };
  } catch (error) {
    return { error: String(error) };
  }
}

const ZONES = [
  "America/New_York",
  "Europe/London",
  "Australia/Sydney",
  "Australia/Lord_Howe", // half-hour DST
  "Asia/Kolkata",
  "America/St_Johns",
  "Pacific/Apia", // skipped a whole day in 2011
  "UTC",
  "Not/AZone",
];

/** Every 12 hours through 2011 and 2025, every 15 minutes for two days either side of each change, plus odd instants. */
function sampleInstants(iana: string): number[] {
  const out: number[] = [Number.NaN, 1.5, -1, 0, 8.64e15, -8.64e15, 8.7e15, Date.UTC(1850, 5, 1)];
  const offset = (ms: number) => DateTime.fromMillis(ms, { zone: iana }).offset;
  for (const year of [2011, 2025]) {
    for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += 86_400_000) {
      const changes = offset(day) !== offset(day + 86_400_000);
      const step = changes ? 15 * 60_000 : 12 * 3_600_000;
      const from = changes ? day - 2 * 86_400_000 : day;
      const to = changes ? day + 3 * 86_400_000 : day + 86_400_000;
      for (let t = from; t < to; t += step) out.push(t, t + 37_123);
    }
  }
  return out;
}

describe("IANA zone conversions", () => {
  afterEach(() => {
    Settings.now = () => Date.now();
  });

  it("match luxon for every sampled instant, including gaps and repeated hours", () => {
    const mismatches: string[] = [];
    const compare = (label: string, actual: () => number, expected: () => number) => {
      const [a, b] = [outcome(actual), outcome(expected)];
      if (JSON.stringify(a) !== JSON.stringify(b))
        mismatches.push(`${label}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
    };
    for (const iana of ZONES) {
      const zone = createIanaZone(iana);
      for (const ms of sampleInstants(iana)) {
        compare(
          `${iana} toWall ${ms}`,
          () => zone.toWall(ms),
          () => luxonToWall(iana, ms),
        );
        compare(
          `${iana} toUtc ${ms}`,
          () => zone.toUtc(ms),
          () => luxonToUtc(iana, ms),
        );
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("resolve a repeated hour the way luxon does whatever the current date", () => {
    const zone = createIanaZone("America/New_York");
    const repeated = Date.UTC(2025, 10, 2, 1, 30); // 01:30 happens twice on 2 November 2025
    for (const now of [Date.UTC(2025, 6, 1), Date.UTC(2025, 11, 1), Date.UTC(2025, 10, 2, 5, 59, 30)]) {
      Settings.now = () => now;
      expect(zone.toUtc(repeated)).toBe(luxonToUtc("America/New_York", repeated));
    }
    Settings.now = () => Date.UTC(2025, 6, 1);
    const summer = zone.toUtc(repeated);
    Settings.now = () => Date.UTC(2025, 11, 1);
    expect(zone.toUtc(repeated)).not.toBe(summer);
  });

  it("are built once per zone id", () => {
    expect(createIanaZone("Europe/Paris")).toBe(createIanaZone("Europe/Paris"));
  });
});

describe("formatWall", () => {
  it("writes the same text as field-by-field formatting, in and out of the four-digit years", () => {
    const pad = (value: number, width = 2) => String(value).padStart(width, "0");
    const reference = (wall: number) => {
      const d = new Date(wall);
      return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    };
    const year0 = new Date(0).setUTCFullYear(0, 0, 1);
    const year10000 = Date.UTC(10_000, 0, 1);
    for (const wall of [Number.NaN, year0 - 1, year0, year10000 - 1, year10000, 0, -1, 1.5, Date.UTC(2025, 2, 9, 7)]) {
      expect(formatWall(wall), String(wall)).toBe(reference(wall));
    }
  });
});
