import { IANAZone } from "luxon";
import { findIana, findIanaAliases, findWindows } from "windows-iana";
import type { RequestZone } from "./request-zone";

export { createIanaZone, type IanaZone } from "./iana-zone";
export { type RequestZone, UTC_ZONE } from "./request-zone";

/** Windows zone id ("Pacific Standard Time") → IANA; an IANA id is accepted as is. */
export function resolveZoneId(id: string): string | undefined {
  const trimmed = id.trim();
  if (trimmed === "UTC") return "UTC";
  const iana = findIana(trimmed)[0];
  if (iana) return iana;
  return IANAZone.isValidZone(trimmed) ? trimmed : undefined;
}

/**
 * windows-iana scans its whole table per lookup, and FindItem asks for every item's two zones;
 * the mapping never changes. Bounded because ids come from requests.
 */
const windowsIds = new Map<string, string>();
const MAX_WINDOWS_IDS = 1_000;

/** IANA → Windows id, trying CLDR aliases (Europe/Kyiv vs Europe/Kiev) when the name itself is unknown. */
export function findWindowsZoneId(iana: string): string {
  let id = windowsIds.get(iana);
  if (id === undefined) {
    if (windowsIds.size >= MAX_WINDOWS_IDS) windowsIds.clear();
    id = lookUpWindowsZoneId(iana);
    windowsIds.set(iana, id);
  }
  return id;
}

function lookUpWindowsZoneId(iana: string): string {
  if (iana === "UTC" || iana === "Etc/UTC") return "UTC";
  const direct = findWindows(iana)[0];
  if (direct) return direct;
  for (const alias of findIanaAliases(iana)) {
    const viaAlias = findWindows(alias)[0];
    if (viaAlias) return viaAlias;
  }
  return "UTC";
}

const XS_DATE_TIME = /^(-?\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** xs:dateTime (or xs:date) → wall-clock ms plus the explicit offset in minutes, if any. */
export function parseXsDateTime(text: string): { wall: number; offsetMinutes?: number } | undefined {
  const match = XS_DATE_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = match;
  const millis = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), millis);
  if (Number.isNaN(wall)) return undefined;
  if (!zone) return { wall };
  if (zone === "Z") return { wall, offsetMinutes: 0 };
  const sign = zone.startsWith("-") ? -1 : 1;
  const [oh, om] = zone.slice(1).split(":").map(Number);
  return { wall, offsetMinutes: sign * ((oh ?? 0) * 60 + (om ?? 0)) };
}

/** An xs:dateTime with Z or an offset is absolute; without one it is read in `zone`. */
export function resolveInstant(input: { text: string; zone: RequestZone }): number | undefined {
  const parsed = parseXsDateTime(input.text);
  if (!parsed) return undefined;
  if (parsed.offsetMinutes !== undefined) return parsed.wall - parsed.offsetMinutes * 60_000;
  return input.zone.toUtc(parsed.wall);
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

// Date.UTC reads years 0–99 as 19xx, hence setUTCFullYear for year 0.
const YEAR_0 = new Date(0).setUTCFullYear(0, 0, 1);
const YEAR_10000 = Date.UTC(10_000, 0, 1);

/** Wall-clock ms → "YYYY-MM-DDTHH:MM:SS" (no offset, as availability answers). */
export function formatWall(wall: number): string {
  // Years 0000–9999 are exactly what toISOString writes in this shape, and it is much cheaper than six pads.
  if (wall >= YEAR_0 && wall < YEAR_10000) return new Date(wall).toISOString().slice(0, 19);
  const d = new Date(wall);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** UTC ms → "YYYY-MM-DDTHH:MM:SSZ", the form Exchange uses for item times. */
export function formatUtc(utc: number): string {
  return `${formatWall(utc)}Z`;
}
