import { describe, expect, it } from "vitest";
import {
  type LegacyTimeZone,
  legacyOffsetAt,
  legacyTransitionInstants,
  observesDaylightTime,
  readLegacyTimeZone,
} from "./legacy-time-zone";
import { compareWithLegacyTimeZone, resolveLegacyTimeZone } from "./legacy-time-zone-match";
import type { RawTransition } from "./working-hours-response";

/** A rule as Exchange writes it: `[bias, time, dayOrder, month, dayOfWeek]` per part. */
type Part = [bias: number, time: string, dayOrder: number, month: number, dayOfWeek?: string];

const part = ([bias, time, dayOrder, month, dayOfWeek = "Sunday"]: Part): RawTransition => ({
  Bias: String(bias),
  Time: time,
  DayOrder: String(dayOrder),
  Month: String(month),
  DayOfWeek: dayOfWeek,
});

function rule(bias: number, standard: Part, daylight: Part): LegacyTimeZone {
  const zone = readLegacyTimeZone({
    bias: String(bias),
    standard: part(standard),
    daylight: part(daylight),
    periods: [],
  });
  if (!zone) throw new Error("unreadable rule");
  return zone;
}

// Windows' own rule pairs (the registry's TZI values that Exchange sends), not derived from tz here.
const GMT = rule(0, [0, "02:00:00", 5, 10], [-60, "01:00:00", 5, 3]);
const EASTERN = rule(300, [0, "02:00:00", 1, 11], [-60, "02:00:00", 2, 3]);
const AUS_EASTERN = rule(-600, [0, "03:00:00", 1, 4], [-60, "02:00:00", 1, 10]);
const INDIA = rule(-330, [0, "00:00:00", 0, 0], [0, "00:00:00", 0, 0]);
const LORD_HOWE = rule(-630, [0, "02:00:00", 1, 4], [-30, "02:00:00", 1, 10]);

const now = new Date("2026-06-10T12:00:00Z");
const resolve = (zone: LegacyTimeZone, preferred?: string) => resolveLegacyTimeZone({ zone, preferred, now });
const iso = (instant: number) => new Date(instant).toISOString();

describe("legacy zone rules", () => {
  it("puts each year's changes at the instants the rule states, on the clock in force before each", () => {
    const instants = (zone: LegacyTimeZone) => {
      const { toDaylight, toStandard } = legacyTransitionInstants({ zone, year: 2026 });
      return [iso(toDaylight), iso(toStandard)];
    };
    expect(instants(GMT)).toEqual(["2026-03-29T01:00:00.000Z", "2026-10-25T01:00:00.000Z"]);
    expect(instants(EASTERN)).toEqual(["2026-03-08T07:00:00.000Z", "2026-11-01T06:00:00.000Z"]);
    expect(instants(AUS_EASTERN)).toEqual(["2026-10-03T16:00:00.000Z", "2026-04-04T16:00:00.000Z"]);
    expect(instants(LORD_HOWE)).toEqual(["2026-10-03T15:30:00.000Z", "2026-04-04T15:00:00.000Z"]);
    expect(observesDaylightTime(INDIA)).toBe(false);
    expect(legacyOffsetAt({ zone: INDIA, instant: Date.parse("2026-07-01T00:00:00Z") })).toBe(330);
    // Southern DST spans the new year: January is daylight time, July standard.
    expect(legacyOffsetAt({ zone: LORD_HOWE, instant: Date.parse("2026-01-15T00:00:00Z") })).toBe(660);
    expect(legacyOffsetAt({ zone: LORD_HOWE, instant: Date.parse("2026-07-15T00:00:00Z") })).toBe(630);
    expect(legacyOffsetAt({ zone: EASTERN, instant: Date.parse("2026-03-08T06:59:00Z") })).toBe(-300);
    expect(legacyOffsetAt({ zone: EASTERN, instant: Date.parse("2026-03-08T07:00:00Z") })).toBe(-240);
  });

  it("matches each rule exactly against its own zone's tz data, and not against another's", () => {
    const pairs: [LegacyTimeZone, string][] = [
      [GMT, "Europe/London"],
      [EASTERN, "America/New_York"],
      [AUS_EASTERN, "Australia/Sydney"],
      [INDIA, "Asia/Kolkata"],
      [LORD_HOWE, "Australia/Lord_Howe"],
    ];
    for (const [zone, iana] of pairs) {
      for (const [, other] of pairs) {
        const fit = compareWithLegacyTimeZone({ zone, iana: other, year: 2026 });
        expect([iana, other, fit]).toEqual([iana, other, other === iana ? "exact" : undefined]);
      }
    }
  });

  it("keeps the host's configured zone when it agrees with the rule, aliases included", () => {
    expect(resolve(GMT, "Europe/London")).toBe("Europe/London");
    expect(resolve(GMT, "Europe/Dublin")).toBe("Europe/Dublin");
    expect(resolve(EASTERN, "America/Toronto")).toBe("America/Toronto");
    expect(resolve(AUS_EASTERN, "Australia/Melbourne")).toBe("Australia/Melbourne");
    expect(resolve(INDIA, "Asia/Kolkata")).toBe("Asia/Kolkata");
    expect(resolve(LORD_HOWE, "Australia/Lord_Howe")).toBe("Australia/Lord_Howe");
  });

  it("otherwise picks the zone that matches, in the configured zone's region when one there does", () => {
    expect(resolve(GMT, "America/New_York")).toBe("Europe/London");
    expect(resolve(GMT, "Europe/Paris")).toBe("Europe/London");
    expect(resolve(GMT)).toBe("Europe/London");
    expect(resolve(EASTERN, "Europe/London")).toBe("America/New_York");
    expect(resolve(EASTERN, "America/Chicago")).toBe("America/New_York");
    expect(resolve(AUS_EASTERN, "Australia/Brisbane")).toBe("Australia/Sydney");
    expect(resolve(AUS_EASTERN, "not/a-zone")).toBe("Australia/Sydney");
    // Lord Howe's half-hour daylight saving is its own: Sydney's offsets are 30 minutes off all year.
    expect(resolve(LORD_HOWE, "Australia/Sydney")).toBe("Australia/Lord_Howe");
    // CLDR knows India under its older name; ICU and luxon accept both.
    expect(resolve(INDIA, "Asia/Kathmandu")).toBe("Asia/Calcutta");
    expect(resolve(INDIA, "Asia/Dubai")).toBe("Asia/Calcutta");
  });

  it("accepts a rule whose change days differ from tz in the same months, and refuses other months", () => {
    // The fourth Sunday of March, not the last: Exchange's table behind tz, the same months.
    const lagging = rule(0, [0, "02:00:00", 5, 10], [-60, "01:00:00", 4, 3]);
    expect(compareWithLegacyTimeZone({ zone: lagging, iana: "Europe/London", year: 2026 })).toBe("months");
    expect(resolve(lagging, "Europe/London")).toBe("Europe/London");
    expect(resolve(lagging, "Asia/Tokyo")).toBe("Europe/London");
    // Daylight time from April to September: no zone with these offsets does that.
    const wrongMonths = rule(0, [0, "02:00:00", 5, 9], [-60, "01:00:00", 1, 4]);
    expect(resolve(wrongMonths, "Europe/London")).toBeUndefined();
    // Eastern offsets with Europe's months.
    expect(resolve(rule(300, [0, "02:00:00", 5, 10], [-60, "02:00:00", 5, 3]), "America/New_York")).toBeUndefined();
    // A fixed offset no place keeps.
    expect(resolve(rule(-17, [0, "00:00:00", 0, 0], [0, "00:00:00", 0, 0]))).toBeUndefined();
  });

  it("reads a rule only when every part is there and in range", () => {
    const raw = {
      bias: "0",
      standard: part([0, "02:00:00", 5, 10]),
      daylight: part([-60, "01:00:00", 5, 3]),
      periods: [],
    };
    expect(readLegacyTimeZone(raw)).toEqual(GMT);
    expect(readLegacyTimeZone({ ...raw, bias: "zero" })).toBeUndefined();
    expect(readLegacyTimeZone({ ...raw, bias: "-900" })).toBeUndefined();
    expect(readLegacyTimeZone({ ...raw, daylight: undefined })).toBeUndefined();
    expect(readLegacyTimeZone({ ...raw, daylight: { ...raw.daylight, Month: "13" } })).toBeUndefined();
    expect(readLegacyTimeZone({ ...raw, daylight: { ...raw.daylight, DayOrder: "6" } })).toBeUndefined();
    expect(readLegacyTimeZone({ ...raw, daylight: { ...raw.daylight, DayOfWeek: "Funday" } })).toBeUndefined();
    expect(readLegacyTimeZone({ ...raw, daylight: { ...raw.daylight, Time: "1 am" } })).toBeUndefined();
    expect(readLegacyTimeZone({ ...raw, daylight: { ...raw.daylight, Time: "24:00:00" } })).toBeUndefined();
    expect(readLegacyTimeZone({ ...raw, standard: { ...raw.standard, Bias: undefined } })).toBeUndefined();
  });
});
