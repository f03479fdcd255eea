import { DOMParser } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { createCoreHarness, parseResponse } from "../core-test-harness";
import { findChild, findChildren, readChildText } from "../soap/dom";
import { NS } from "../soap/namespaces";
import { buildAvailabilityBody, buildRequestEnvelope, buildTimeZoneContextHeader } from "../soap/request-builder";
import { createLegacyZone, deriveLegacyTimeZone, type LegacyTimeZone, parseLegacyTimeZone } from "./legacy";

function legacyXml(input: { bias: number; standard: string; daylight: string }): string {
  const rule = (name: string, bias: number, spec: string) => {
    const [time, order, month, day] = spec.split(" ");
    return `<t:${name}><t:Bias>${bias}</t:Bias><t:Time>${time}</t:Time><t:DayOrder>${order}</t:DayOrder><t:Month>${month}</t:Month><t:DayOfWeek>${day}</t:DayOfWeek></t:${name}>`;
  };
  return `<t:TimeZone xmlns:t="${NS.t}"><t:Bias>${input.bias}</t:Bias>${rule("StandardTime", 0, input.standard)}${rule("DaylightTime", input.daylight.includes(" 0 0 ") ? 0 : -60, input.daylight)}</t:TimeZone>`;
}

function parseZone(xml: string): LegacyTimeZone {
  const element = new DOMParser().parseFromString(xml, "text/xml").documentElement;
  if (!element) throw new Error("bad xml");
  return parseLegacyTimeZone(element);
}

const PACIFIC = legacyXml({ bias: 480, standard: "02:00:00 1 11 Sunday", daylight: "02:00:00 2 3 Sunday" });
const SYDNEY = legacyXml({ bias: -600, standard: "03:00:00 1 4 Sunday", daylight: "02:00:00 1 10 Sunday" });
const CENTRAL_EUROPE = legacyXml({ bias: -60, standard: "03:00:00 5 10 Sunday", daylight: "02:00:00 5 3 Sunday" });
const KOLKATA = legacyXml({ bias: -330, standard: "00:00:00 0 0 Sunday", daylight: "00:00:00 0 0 Sunday" });

const wall = (text: string) => Date.parse(`${text}Z`);
const iso = (ms: number) => new Date(ms).toISOString().replace(".000", "");

describe("legacy availability TimeZone", () => {
  it("Pacific: second Sunday of March, first Sunday of November", () => {
    const zone = createLegacyZone(parseZone(PACIFIC));
    expect(iso(zone.toUtc(wall("2025-03-09T01:59:00")))).toBe("2025-03-09T09:59:00Z");
    expect(iso(zone.toUtc(wall("2025-03-09T03:00:00")))).toBe("2025-03-09T10:00:00Z");
    expect(iso(zone.toUtc(wall("2025-03-08T00:00:00")))).toBe("2025-03-08T08:00:00Z");
    expect(iso(zone.toUtc(wall("2025-03-11T00:00:00")))).toBe("2025-03-11T07:00:00Z");
    expect(iso(zone.toWall(Date.parse("2025-11-02T08:59:00Z")))).toBe("2025-11-02T01:59:00Z");
    expect(iso(zone.toWall(Date.parse("2025-11-02T09:00:00Z")))).toBe("2025-11-02T01:00:00Z");
    expect(iso(zone.toUtc(wall("2025-11-03T00:00:00")))).toBe("2025-11-03T08:00:00Z");
  });

  it("Sydney: DST from October to April, across the year end", () => {
    const zone = createLegacyZone(parseZone(SYDNEY));
    expect(iso(zone.toUtc(wall("2025-01-15T12:00:00")))).toBe("2025-01-15T01:00:00Z");
    expect(iso(zone.toUtc(wall("2025-04-05T12:00:00")))).toBe("2025-04-05T01:00:00Z");
    expect(iso(zone.toUtc(wall("2025-04-07T12:00:00")))).toBe("2025-04-07T02:00:00Z");
    expect(iso(zone.toWall(Date.parse("2025-04-05T15:59:00Z")))).toBe("2025-04-06T02:59:00Z");
    expect(iso(zone.toWall(Date.parse("2025-04-05T16:00:00Z")))).toBe("2025-04-06T02:00:00Z");
    expect(iso(zone.toUtc(wall("2025-10-04T12:00:00")))).toBe("2025-10-04T02:00:00Z");
    expect(iso(zone.toUtc(wall("2025-10-06T12:00:00")))).toBe("2025-10-06T01:00:00Z");
  });

  it("DayOrder 5 is the last weekday of the month", () => {
    const zone = createLegacyZone(parseZone(CENTRAL_EUROPE));
    expect(iso(zone.toUtc(wall("2025-03-30T01:00:00")))).toBe("2025-03-30T00:00:00Z");
    expect(iso(zone.toUtc(wall("2025-03-30T04:00:00")))).toBe("2025-03-30T02:00:00Z");
    expect(iso(zone.toUtc(wall("2024-03-24T12:00:00")))).toBe("2024-03-24T11:00:00Z");
    expect(iso(zone.toUtc(wall("2024-03-31T12:00:00")))).toBe("2024-03-31T10:00:00Z");
    expect(iso(zone.toUtc(wall("2025-10-26T12:00:00")))).toBe("2025-10-26T11:00:00Z");
  });

  it("DayOrder 0: a fixed offset, half hours included", () => {
    const zone = createLegacyZone(parseZone(KOLKATA));
    expect(iso(zone.toUtc(wall("2025-06-01T10:00:00")))).toBe("2025-06-01T04:30:00Z");
    expect(iso(zone.toWall(Date.parse("2025-12-31T20:00:00Z")))).toBe("2026-01-01T01:30:00Z");
  });

  it("derives Exchange-shaped rules for IANA zones", () => {
    expect(deriveLegacyTimeZone({ iana: "America/Los_Angeles", year: 2025 })).toEqual(parseZone(PACIFIC));
    expect(deriveLegacyTimeZone({ iana: "Australia/Sydney", year: 2025 })).toEqual(parseZone(SYDNEY));
    expect(deriveLegacyTimeZone({ iana: "Europe/Berlin", year: 2025 })).toEqual(parseZone(CENTRAL_EUROPE));
    expect(deriveLegacyTimeZone({ iana: "Asia/Kolkata", year: 2025 })).toMatchObject({
      bias: -330,
      standard: { dayOrder: 0 },
    });
  });
});

describe("GetUserAvailability with the legacy TimeZone", () => {
  const harness = createCoreHarness({ now: new Date("2025-03-05T12:00:00Z") });
  const LENA = "lena@contoso.test";

  function listStarts(input: { timeZone?: string; header?: string; start: string; end: string }): string[] {
    const response = harness.execute({
      as: LENA,
      xml: buildRequestEnvelope({
        header: input.header,
        body: buildAvailabilityBody({
          mailboxes: [LENA],
          start: input.start,
          end: input.end,
          view: "FreeBusy",
          timeZone: input.timeZone,
        }),
      }),
    });
    const array = findChild(parseResponse(response), "FreeBusyResponseArray", NS.m);
    const view = array && findChild(findChildren(array, "FreeBusyResponse", NS.m)[0] ?? array, "FreeBusyView", NS.m);
    const events = view && findChild(view, "CalendarEventArray");
    return (events ? findChildren(events, "CalendarEvent") : []).map(
      (e) => `${readChildText(e, "StartTime")}/${readChildText(e, "EndTime")}`,
    );
  }

  it("reads the window and answers in Pacific time across spring-forward", () => {
    // Lena (UTC) has a 07:00Z check-in every day: 23:00 PST the day before until 9 March, 00:00 PDT after.
    const starts = listStarts({ timeZone: PACIFIC, start: "2025-03-08T00:00:00", end: "2025-03-11T00:00:00" });
    expect(starts).toContain("2025-03-08T23:00:00/2025-03-08T23:15:00");
    expect(starts).toContain("2025-03-10T00:00:00/2025-03-10T00:15:00");
    expect(starts.some((s) => s.startsWith("2025-03-09T23:00:00"))).toBe(false);
    // 11 March 00:00 PDT is 07:00Z: that day's check-in starts exactly at the window's end.
    expect(starts.some((s) => s.startsWith("2025-03-11T00:00:00"))).toBe(false);
  });

  it("answers the same through the legacy element and TimeZoneContext (Sydney, autumn change)", () => {
    const window = { start: "2025-04-04T00:00:00", end: "2025-04-08T00:00:00" };
    const viaLegacy = listStarts({ timeZone: SYDNEY, ...window });
    const viaContext = listStarts({ header: buildTimeZoneContextHeader("AUS Eastern Standard Time"), ...window });
    expect(viaLegacy).toEqual(viaContext);
    expect(viaLegacy).toContain("2025-04-05T18:00:00/2025-04-05T18:15:00");
    expect(viaLegacy).toContain("2025-04-06T17:00:00/2025-04-06T17:15:00");
  });
});
