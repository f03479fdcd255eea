import { IANAZone } from "luxon";
import { WINDOWS_TO_IANA_MAP } from "windows-iana";
import { WINDOWS_ZONE_DISPLAY_NAMES } from "./windows-zone-names";

/**
 * The time zones the simulated server knows, as Exchange knows them: Windows zone ids (CLDR's
 * windowsZones, through windows-iana), each with its display name and the IANA zone CLDR names
 * for it worldwide (territory 001), whose tz rules give the zone's offsets and clock changes.
 */
export interface WindowsZone {
  id: string;
  name: string;
  iana: string;
}

let catalog: ReadonlyMap<string, WindowsZone> | undefined;

function buildCatalog(): ReadonlyMap<string, WindowsZone> {
  const zones = new Map<string, WindowsZone>();
  for (const entry of WINDOWS_TO_IANA_MAP) {
    const iana = entry.iana[0];
    if (entry.territory !== "001" || !iana) continue;
    const id = entry.windowsName;
    zones.set(id, { id, name: WINDOWS_ZONE_DISPLAY_NAMES.get(id) ?? id, iana });
  }
  return zones;
}

/** Every zone, by id without regard to case (the order Windows enumerates its registry keys in). */
export function listWindowsZones(): WindowsZone[] {
  catalog ??= buildCatalog();
  return [...catalog.values()].sort((a, b) => a.id.localeCompare(b.id, "en", { sensitivity: "base" }));
}

export function findWindowsZone(id: string): WindowsZone | undefined {
  catalog ??= buildCatalog();
  return catalog.get(id);
}

/** A clock change: the instant, and the UTC offsets (minutes east) before and after it. */
export interface ClockChange {
  utc: number;
  offsetBefore: number;
  offsetAfter: number;
}

const MINUTE = 60_000;
const WEEK = 7 * 24 * 60 * MINUTE;

/**
 * The offset of `iana` on 1 January of `year` (UTC) and its clock changes that year. Offsets are sampled weekly (no zone changes its clocks
 * twice within a week in the years this is asked for) and each change is bisected to the minute.
 */
export function findClockChanges(input: { iana: string; year: number }): {
  startOffset: number;
  changes: ClockChange[];
} {
  const zone = IANAZone.create(input.iana);
  const end = Date.UTC(input.year + 1, 0, 1);
  const changes: ClockChange[] = [];
  let cursor = Date.UTC(input.year, 0, 1);
  let offset = zone.offset(cursor);
  const startOffset = offset;
  while (cursor < end) {
    const next = Math.min(cursor + WEEK, end);
    const nextOffset = zone.offset(next);
    if (nextOffset !== offset) {
      let lo = cursor;
      let hi = next;
      while (hi - lo > MINUTE) {
        const mid = lo + Math.floor((hi - lo) / (2 * MINUTE)) * MINUTE;
        if (zone.offset(mid) === offset) lo = mid;
        else hi = mid;
      }
      changes.push({ utc: hi, offsetBefore: offset, offsetAfter: zone.offset(hi) });
      offset = nextOffset;
    }
    cursor = next;
  }
  return { startOffset, changes };
}
