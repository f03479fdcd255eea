import { DOMParser, type Element } from "@xmldom/xmldom";
import { IANAZone } from "luxon";
import { describe, expect, it } from "vitest";
import { findIana } from "windows-iana";
import { findChild, findChildren, listChildElements, readAttribute, readChildText } from "../soap/dom";
import { NS } from "../soap/namespaces";
import { serializeFragment } from "../soap/xml";
import { DAYS_OF_WEEK } from "./legacy";
import { WINDOWS_ZONE_DISPLAY_NAMES } from "./windows-zone-names";
import { findClockChanges, findWindowsZone, listWindowsZones } from "./windows-zones";
import { formatDuration, renderTimeZoneDefinition } from "./zone-definition";

const FROM = 2025;
const TO = 2029;

function parseDefinition(windowsId: string): Element {
  const zone = findWindowsZone(windowsId);
  if (!zone) throw new Error(`unknown zone ${windowsId}`);
  const xml = serializeFragment(renderTimeZoneDefinition({ zone, full: true, fromYear: FROM, toYear: TO }));
  const root = new DOMParser().parseFromString(`<r xmlns:t="${NS.t}">${xml}</r>`, "text/xml").documentElement;
  const definition = root ? findChild(root, "TimeZoneDefinition") : undefined;
  if (!definition) throw new Error("no definition");
  return definition;
}

/** xs:duration with hours/minutes/seconds only, as the definitions use it, in minutes. */
function parseMinutes(text: string): number {
  const match = /^(-)?PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(text);
  if (!match) throw new Error(`bad duration ${text}`);
  const minutes = Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0) + Number(match[4] ?? 0) / 60;
  return match[1] ? -minutes : minutes;
}

/**
 * A small, independent reader of a TimeZoneDefinition (as a client would read it): which offset does it
 * give at a UTC instant? Groups switch at their AbsoluteDateTransition (read as local standard time).
 */
function createReader(definition: Element) {
  const biases = new Map<string, number>();
  for (const period of findChildren(findChild(definition, "Periods") as Element, "Period")) {
    biases.set(readAttribute(period, "Id") ?? "", parseMinutes(readAttribute(period, "Bias") ?? ""));
  }
  const groups = new Map<string, Element[]>();
  for (const group of findChildren(findChild(definition, "TransitionsGroups") as Element, "TransitionsGroup")) {
    groups.set(readAttribute(group, "Id") ?? "", listChildElements(group));
  }
  const switches = listChildElements(findChild(definition, "Transitions") as Element).map((t) => ({
    group: readChildText(t, "To") ?? "",
    year: t.localName === "AbsoluteDateTransition" ? Number((readChildText(t, "DateTime") ?? "").slice(0, 4)) : 0,
  }));
  const offsetOf = (periodId: string) => -(biases.get(periodId) ?? Number.NaN);

  /** UTC instants of a group's changes in `year`, each with the offset it switches to. */
  const changesIn = (transitions: Element[], year: number) => {
    const offsets = transitions.map((t) => offsetOf(readChildText(t, "To") ?? ""));
    return transitions
      .map((t, index) => {
        const month = Number(readChildText(t, "Month"));
        const dow = DAYS_OF_WEEK.indexOf(readChildText(t, "DayOfWeek") as (typeof DAYS_OF_WEEK)[number]);
        const occurrence = Number(readChildText(t, "Occurrence"));
        const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
        const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
        let day = 1 + ((dow - first + 7) % 7);
        if (occurrence === -1) while (day + 7 <= daysInMonth) day += 7;
        else day += (occurrence - 1) * 7;
        const wall = Date.UTC(year, month - 1, day) + parseMinutes(readChildText(t, "TimeOffset") ?? "") * 60_000;
        // The wall clock at the change is the one of the period before it: the other transition's target.
        const before = offsets[(index + offsets.length - 1) % offsets.length] ?? Number.NaN;
        return { utc: wall - before * 60_000, offset: offsets[index] ?? Number.NaN };
      })
      .sort((a, b) => a.utc - b.utc);
  };

  return (utc: number): number => {
    const year = new Date(utc).getUTCFullYear();
    const group = switches.filter((s) => s.year <= year).at(-1)?.group ?? "0";
    const transitions = groups.get(group) ?? [];
    if (transitions.length === 1) return offsetOf(readChildText(transitions[0] as Element, "To") ?? "");
    const changes = changesIn(transitions, year);
    let offset = changes.at(-1)?.offset ?? Number.NaN;
    for (const change of changes) if (utc >= change.utc) offset = change.offset;
    return offset;
  };
}

describe("Windows zones", () => {
  it("are CLDR's windowsZones, each with a display name", () => {
    const zones = listWindowsZones();
    expect(zones.length).toBe(139);
    expect(new Set(zones.map((z) => z.id))).toEqual(new Set(WINDOWS_ZONE_DISPLAY_NAMES.keys()));
    for (const zone of zones) {
      expect(zone.name, zone.id).toMatch(/^\(UTC([+-]\d\d:\d\d)?\) \S/);
      expect(findIana(zone.id)).toContain(zone.iana);
    }
    expect(findWindowsZone("Pacific Standard Time")).toEqual({
      id: "Pacific Standard Time",
      name: "(UTC-08:00) Pacific Time (US & Canada)",
      iana: "America/Los_Angeles",
    });
  });

  it("write offsets as Exchange writes xs:duration", () => {
    expect([60, -480, 330, -210, 0, 765, 24 * 60 - 1].map(formatDuration)).toEqual([
      "PT1H",
      "-PT8H",
      "PT5H30M",
      "-PT3H30M",
      "PT0H",
      "PT12H45M",
      "PT23H59M",
    ]);
  });
});

describe("TimeZoneDefinition from tz rules", () => {
  it("renders W. Europe Standard Time as Exchange 2016 does", () => {
    const definition = parseDefinition("W. Europe Standard Time");
    const std = "trule:Microsoft/Registry/W. Europe Standard Time/1-Standard";
    const dst = "trule:Microsoft/Registry/W. Europe Standard Time/1-Daylight";
    expect(readAttribute(definition, "Name")).toBe("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna");
    expect(
      findChildren(findChild(definition, "Periods") as Element, "Period").map((p) => [
        readAttribute(p, "Bias"),
        readAttribute(p, "Name"),
        readAttribute(p, "Id"),
      ]),
    ).toEqual([
      ["-PT1H", "Standard", std],
      ["-PT2H", "Daylight", dst],
    ]);
    const group = findChildren(findChild(definition, "TransitionsGroups") as Element, "TransitionsGroup");
    expect(group).toHaveLength(1);
    expect(
      listChildElements(group[0] as Element).map((t) =>
        ["To", "TimeOffset", "Month", "DayOfWeek", "Occurrence"].map((n) => readChildText(t, n)),
      ),
    ).toEqual([
      [dst, "PT2H", "3", "Sunday", "-1"],
      [std, "PT3H", "10", "Sunday", "-1"],
    ]);
    expect(listChildElements(findChild(definition, "Transitions") as Element).map((t) => t.localName)).toEqual([
      "Transition",
    ]);
  });

  it("opens a southern zone's year on daylight time and gives a zone without DST one period", () => {
    const sydney = parseDefinition("AUS Eastern Standard Time");
    expect(
      findChildren(findChild(sydney, "Periods") as Element, "Period").map((p) => readAttribute(p, "Name")),
    ).toEqual(["Daylight", "Standard"]);
    const tokyo = parseDefinition("Tokyo Standard Time");
    expect(findChildren(findChild(tokyo, "Periods") as Element, "Period").map((p) => readAttribute(p, "Bias"))).toEqual(
      ["-PT9H"],
    );
    const group = findChild(findChild(tokyo, "TransitionsGroups") as Element, "TransitionsGroup") as Element;
    expect(listChildElements(group).map((t) => t.localName)).toEqual(["Transition"]);
  });

  it("splits years whose rule differs into groups switching on 1 January", () => {
    // Israel: the Friday before the last Sunday of March is not always March's last Friday.
    const israel = parseDefinition("Israel Standard Time");
    const transitions = listChildElements(findChild(israel, "Transitions") as Element);
    expect(transitions.length).toBeGreaterThan(1);
    expect(transitions.slice(1).map((t) => readChildText(t, "DateTime"))).toSatisfy((dates: string[]) =>
      dates.every((d) => /^20\d\d-01-01T00:00:00$/.test(d)),
    );
    const periods = findChildren(findChild(israel, "Periods") as Element, "Period").map((p) => readAttribute(p, "Id"));
    expect(periods[0]).toBe(`trule:Microsoft/Registry/Israel Standard Time/${FROM}-Standard`);
  });

  // Morocco changes its clocks around Ramadan, more than once a year; a yearly rule pair keeps only the first pair.
  const EXACT = [
    "GMT Standard Time",
    "Eastern Standard Time",
    "Romance Standard Time",
    "India Standard Time",
    "AUS Eastern Standard Time",
    "Arabian Standard Time",
    "Pacific Standard Time",
    "Tokyo Standard Time",
    "E. South America Standard Time",
    "W. Europe Standard Time",
    "New Zealand Standard Time",
    "UTC",
    "Israel Standard Time",
    "Lord Howe Standard Time",
    "Chatham Islands Standard Time",
    "Pacific SA Standard Time",
    "Iran Standard Time",
    "Middle East Standard Time",
    "Egypt Standard Time",
  ];

  it.each(EXACT)("gives tz's offset at every instant of the years covered: %s", (windowsId) => {
    const zone = findWindowsZone(windowsId);
    if (!zone) throw new Error(windowsId);
    const read = createReader(parseDefinition(windowsId));
    const tz = IANAZone.create(zone.iana);
    const instants: number[] = [];
    for (let t = Date.UTC(FROM, 0, 1); t < Date.UTC(TO + 1, 0, 1); t += 6 * 3_600_000) instants.push(t);
    for (let year = FROM; year <= TO; year++) {
      for (const change of findClockChanges({ iana: zone.iana, year }).changes) {
        instants.push(change.utc - 60_000, change.utc);
      }
    }
    const wrong = instants
      .filter((t) => read(t) !== tz.offset(t))
      .map((t) => `${new Date(t).toISOString()}: ${read(t)} vs ${tz.offset(t)}`);
    expect(wrong.slice(0, 5)).toEqual([]);
  });
});
