import type { Element } from "@xmldom/xmldom";
import { DateTime } from "luxon";
import { findChild, locate, readChildText, requireChild } from "../soap/dom";
import { createSchemaFault } from "../soap/errors";
import { el, type Xml } from "../soap/xml";
import type { RequestZone } from "./request-zone";

/**
 * The availability service's legacy `t:TimeZone` (SerializableTimeZone): one pair of yearly
 * rules. UTC = local + Bias + (daylight ? DaylightTime.Bias : StandardTime.Bias).
 */
export const DAYS_OF_WEEK = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
export type DayOfWeekName = (typeof DAYS_OF_WEEK)[number];

export interface LegacyTransitionRule {
  bias: number;
  /** Minutes after local midnight (wall clock before the change). */
  timeOfDayMinutes: number;
  /** 1–5, 5 = last; 0 = no transition. With `year`, the day of the month (as the client library writes it). */
  dayOrder: number;
  month: number;
  dayOfWeek: number;
  year?: number;
}

export interface LegacyTimeZone {
  bias: number;
  standard: LegacyTransitionRule;
  daylight: LegacyTransitionRule;
}

function parseTimeOfDay(input: { text: string; element: Element }): number {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(input.text);
  if (!match) throw createSchemaFault({ message: `'${input.text}' is not a valid Time.`, ...locate(input.element) });
  return Number(match[1]) * 60 + Number(match[2]);
}

function parseInteger(input: { parent: Element; local: string }): number {
  const element = requireChild(input.parent, input.local);
  const text = readChildText(input.parent, input.local) ?? "";
  if (!/^-?\d+$/.test(text)) {
    throw createSchemaFault({ message: `'${text}' is not a valid ${input.local}.`, ...locate(element) });
  }
  return Number(text);
}

function parseRule(element: Element): LegacyTransitionRule {
  const dayName = readChildText(element, "DayOfWeek") ?? "Sunday";
  const dayOfWeek = DAYS_OF_WEEK.indexOf(dayName as DayOfWeekName);
  if (dayOfWeek < 0) throw createSchemaFault({ message: `'${dayName}' is not a valid DayOfWeek.`, ...locate(element) });
  const yearText = readChildText(element, "Year");
  return {
    bias: parseInteger({ parent: element, local: "Bias" }),
    timeOfDayMinutes: parseTimeOfDay({ text: readChildText(element, "Time") ?? "", element }),
    dayOrder: parseInteger({ parent: element, local: "DayOrder" }),
    month: parseInteger({ parent: element, local: "Month" }),
    dayOfWeek,
    year: yearText ? Number(yearText) : undefined,
  };
}

export function parseLegacyTimeZone(element: Element): LegacyTimeZone {
  return {
    bias: parseInteger({ parent: element, local: "Bias" }),
    standard: parseRule(requireChild(element, "StandardTime")),
    daylight: parseRule(requireChild(element, "DaylightTime")),
  };
}

function hasTransition(rule: LegacyTransitionRule): boolean {
  return rule.month >= 1 && rule.month <= 12 && rule.dayOrder >= 1;
}

export function observesDaylightTime(zone: LegacyTimeZone): boolean {
  return hasTransition(zone.standard) && hasTransition(zone.daylight) && zone.standard.bias !== zone.daylight.bias;
}

/** Wall-clock ms at which `rule` fires in `year`. */
export function findTransitionWall(input: { rule: LegacyTransitionRule; year: number }): number {
  const { rule, year } = input;
  const minutes = rule.timeOfDayMinutes * 60_000;
  if (rule.year !== undefined) return Date.UTC(year, rule.month - 1, rule.dayOrder) + minutes;
  const firstDow = new Date(Date.UTC(year, rule.month - 1, 1)).getUTCDay();
  const daysInMonth = new Date(Date.UTC(year, rule.month, 0)).getUTCDate();
  let day = 1 + ((rule.dayOfWeek - firstDow + 7) % 7) + (Math.min(rule.dayOrder, 5) - 1) * 7;
  while (day > daysInMonth) day -= 7;
  return Date.UTC(year, rule.month - 1, day) + minutes;
}

function isDaylightAtWall(input: { zone: LegacyTimeZone; wall: number }): boolean {
  const { zone, wall } = input;
  if (!observesDaylightTime(zone)) return false;
  const year = new Date(wall).getUTCFullYear();
  const start = findTransitionWall({ rule: zone.daylight, year });
  const end = findTransitionWall({ rule: zone.standard, year });
  return start < end ? wall >= start && wall < end : wall >= start || wall < end;
}

function isDaylightAtUtc(input: { zone: LegacyTimeZone; utc: number }): boolean {
  const { zone, utc } = input;
  if (!observesDaylightTime(zone)) return false;
  const year = new Date(utc - zone.bias * 60_000).getUTCFullYear();
  // The daylight rule fires on the standard-time clock, the standard rule on the daylight-time clock.
  const start = findTransitionWall({ rule: zone.daylight, year }) + (zone.bias + zone.standard.bias) * 60_000;
  const end = findTransitionWall({ rule: zone.standard, year }) + (zone.bias + zone.daylight.bias) * 60_000;
  return start < end ? utc >= start && utc < end : utc >= start || utc < end;
}

export function createLegacyZone(zone: LegacyTimeZone): RequestZone {
  return {
    id: "Legacy",
    toUtc(wall) {
      const extra = isDaylightAtWall({ zone, wall }) ? zone.daylight.bias : zone.standard.bias;
      return wall + (zone.bias + extra) * 60_000;
    },
    toWall(utc) {
      const extra = isDaylightAtUtc({ zone, utc }) ? zone.daylight.bias : zone.standard.bias;
      return utc - (zone.bias + extra) * 60_000;
    },
  };
}

const NO_TRANSITION: LegacyTransitionRule = { bias: 0, timeOfDayMinutes: 0, dayOrder: 0, month: 0, dayOfWeek: 0 };

function describeTransition(input: { iana: string; utc: number; offsetBefore: number }): LegacyTransitionRule {
  const wallBefore = DateTime.fromMillis(input.utc + input.offsetBefore * 60_000, { zone: "UTC" });
  const daysInMonth = wallBefore.daysInMonth ?? 31;
  // Exchange writes "last <weekday>" as 5, so a rule that moves between the 4th and 5th week stays one rule.
  const dayOrder = wallBefore.day + 7 > daysInMonth ? 5 : Math.ceil(wallBefore.day / 7);
  return {
    bias: 0,
    timeOfDayMinutes: wallBefore.hour * 60 + wallBefore.minute,
    dayOrder,
    month: wallBefore.month,
    dayOfWeek: wallBefore.weekday % 7,
  };
}

/** Finds the instant in (from, to] where the zone's offset changes, to the minute. */
function bisectTransition(input: { iana: string; from: number; to: number }): number {
  const offsetAt = (utc: number) => DateTime.fromMillis(utc, { zone: input.iana }).offset;
  let lo = input.from;
  let hi = input.to;
  const before = offsetAt(lo);
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (offsetAt(mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * Deriving the rules walks a whole year of offsets (hundreds of luxon calls), and availability
 * renders them for every mailbox of every request. The result depends only on zone and year,
 * so each pair is derived once; the results are frozen because they are shared.
 */
const derivedZones = new Map<string, LegacyTimeZone>();
const MAX_DERIVED = 1_000;

/** The yearly rule pair for an IANA zone, as Exchange shapes WorkingHours/TimeZone. */
export function deriveLegacyTimeZone(input: { iana: string; year: number }): LegacyTimeZone {
  const key = `${input.year} ${input.iana}`;
  let zone = derivedZones.get(key);
  if (!zone) {
    if (derivedZones.size >= MAX_DERIVED) derivedZones.clear();
    const derived = deriveUncached(input);
    zone = Object.freeze({
      ...derived,
      standard: Object.freeze(derived.standard),
      daylight: Object.freeze(derived.daylight),
    });
    derivedZones.set(key, zone);
  }
  return zone;
}

function deriveUncached(input: { iana: string; year: number }): LegacyTimeZone {
  const { iana, year } = input;
  const changes: { utc: number; offsetBefore: number; offsetAfter: number }[] = [];
  let cursor = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: "UTC" }).toMillis();
  const endOfYear = DateTime.fromObject({ year: year + 1, month: 1, day: 1 }, { zone: "UTC" }).toMillis();
  let offset = DateTime.fromMillis(cursor, { zone: iana }).offset;
  while (cursor < endOfYear) {
    const next = cursor + 86_400_000;
    const nextOffset = DateTime.fromMillis(next, { zone: iana }).offset;
    if (nextOffset !== offset) {
      changes.push({
        utc: bisectTransition({ iana, from: cursor, to: next }),
        offsetBefore: offset,
        offsetAfter: nextOffset,
      });
      offset = nextOffset;
    }
    cursor = next;
  }
  const toDaylight = changes.find((c) => c.offsetAfter > c.offsetBefore);
  const toStandard = changes.find((c) => c.offsetAfter < c.offsetBefore);
  if (!toDaylight || !toStandard) {
    return { bias: -offset, standard: NO_TRANSITION, daylight: NO_TRANSITION };
  }
  const standardOffset = toDaylight.offsetBefore;
  return {
    bias: -standardOffset,
    standard: describeTransition({ iana, utc: toStandard.utc, offsetBefore: toStandard.offsetBefore }),
    daylight: {
      ...describeTransition({ iana, utc: toDaylight.utc, offsetBefore: toDaylight.offsetBefore }),
      bias: -(toDaylight.offsetAfter - standardOffset),
    },
  };
}

function formatTimeOfDay(minutes: number): string {
  const h = String(Math.floor(minutes / 60)).padStart(2, "0");
  const m = String(minutes % 60).padStart(2, "0");
  return `${h}:${m}:00`;
}

function renderRule(input: { name: string; rule: LegacyTransitionRule }): Xml {
  const { rule } = input;
  return el(
    `t:${input.name}`,
    el("t:Bias", rule.bias),
    el("t:Time", formatTimeOfDay(rule.timeOfDayMinutes)),
    el("t:DayOrder", rule.dayOrder),
    el("t:Month", rule.month),
    el("t:DayOfWeek", DAYS_OF_WEEK[rule.dayOfWeek] ?? "Sunday"),
  );
}

export function renderLegacyTimeZone(zone: LegacyTimeZone): Xml {
  return el(
    "t:TimeZone",
    el("t:Bias", zone.bias),
    renderRule({ name: "StandardTime", rule: zone.standard }),
    renderRule({ name: "DaylightTime", rule: zone.daylight }),
  );
}

export function findLegacyTimeZoneElement(request: Element): Element | undefined {
  return findChild(request, "TimeZone");
}
