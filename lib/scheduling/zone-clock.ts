import { IANAZone } from "luxon";
import type { TimeInterval } from "./intervals";

// A zone's UTC offsets over a span, read from luxon (the platform's tz database) once per 12 hours of the
// span and at each transition, so that turning wall-clock times into instants afterwards is arithmetic:
// no luxon call per slot, per window, or per host.

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

const PROBE_STEP_MS = 12 * 3_600_000;
/** Local days touching the span reach at most ~1 day beyond it (offsets lie within −12 h … +14 h). */
const MARGIN_MS = 3 * DAY_MS;
/**
 * Offset tables are read for whole blocks of this many days and kept (at most MAX_TABLES, least recently
 * used dropped): every slot lookup needs one, and reading it (dozens of Intl calls) cost more than the
 * engine's own work. They hold the tz database's rules and nothing else, the same for every caller.
 */
const TABLE_BLOCK_MS = 32 * DAY_MS;
const MAX_TABLES = 256;

export interface ZoneClock {
  readonly zone: string;
  /** The offset in force at `instant`, in ms to add to UTC. */
  offsetAt(instant: number): number;
  /** Days since 1970-01-01 of the wall-clock date at `instant`. */
  localDayOf(instant: number): number;
  /**
   * The first instant whose wall clock reads `wallTime` or later (`wallTime`: the local date and time
   * written as if it were UTC, in ms). One rule for every case:
   * - an ordinary time maps to its one instant;
   * - a time skipped by a forward jump maps to the jump itself (02:30 on a spring-forward night in New
   *   York is 03:00 EDT): a window starting in the gap opens at the first valid instant after it, and one
   *   ending in it closes there;
   * - a time that occurs twice maps to its first occurrence (01:30 on a fall-back night is 01:30 EDT),
   *   so 00:00–04:00 on a 25-hour day lasts 5 hours: windows are wall-clock.
   * The result never decreases as `wallTime` grows, so windows keep their order and cannot cross.
   */
  instantOfWallTime(wallTime: number): number;
}

/**
 * Zone names the platform knows; remembered, since asking builds an Intl.DateTimeFormat (~50 µs). Only
 * known names: they are a few hundred, while anyone can send the public API endless made-up ones.
 */
const knownZones = new Set<string>();

export function isKnownTimeZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  const known = IANAZone.isValidZone(zone);
  if (known) knownZones.add(zone);
  return known;
}

export function createZoneClock(input: { zone: string; span: TimeInterval }): ZoneClock {
  const { froms, offsets } = offsetTableFor(input);
  const offsetAt = (instant: number) => {
    let i = froms.length - 1;
    while (i > 0 && (froms[i] as number) > instant) i--;
    return offsets[i] as number;
  };
  return {
    zone: input.zone,
    offsetAt,
    localDayOf: (instant) => Math.floor((instant + offsetAt(instant)) / DAY_MS),
    instantOfWallTime: (wallTime) => {
      for (let i = 0; i < froms.length; i++) {
        const until = froms[i + 1] ?? Number.POSITIVE_INFINITY;
        // While offsets[i] is in force the wall clock reads instant + offset: it reaches wallTime here.
        const candidate = Math.max(froms[i] as number, wallTime - (offsets[i] as number));
        if (candidate < until) return candidate;
      }
      return wallTime - (offsets[offsets.length - 1] as number);
    },
  };
}

/** offsets[i] is in force from froms[i] (froms[0] = −∞) until froms[i + 1]. */
interface OffsetTable {
  readonly froms: readonly number[];
  readonly offsets: readonly number[];
}

const tables = new Map<string, OffsetTable>();

/** A table covering the span and its margin: the blocks around it, read once and then reused. */
function offsetTableFor(input: { zone: string; span: TimeInterval }): OffsetTable {
  const firstBlock = Math.floor((input.span.start - MARGIN_MS) / TABLE_BLOCK_MS);
  const lastBlock = Math.floor((input.span.end + MARGIN_MS) / TABLE_BLOCK_MS);
  const key = `${input.zone} ${firstBlock} ${lastBlock}`;
  let table = tables.get(key);
  if (table) {
    tables.delete(key); // re-inserted below: the Map's order is the order of use
  } else {
    table = readOffsets({
      zone: input.zone,
      from: firstBlock * TABLE_BLOCK_MS,
      to: (lastBlock + 1) * TABLE_BLOCK_MS,
    });
    if (tables.size >= MAX_TABLES) tables.delete(tables.keys().next().value as string);
  }
  tables.set(key, table);
  return table;
}

function readOffsets(input: { zone: string; from: number; to: number }): OffsetTable {
  const zone = IANAZone.create(input.zone);
  if (!zone.isValid) throw new Error(`Unknown time zone "${input.zone}".`);
  const offsetAt = (instant: number) => Math.round(zone.offset(instant) * MINUTE_MS);
  const first = Math.floor(input.from / 1000) * 1000;
  const last = input.to;
  const froms = [Number.NEGATIVE_INFINITY];
  let current = offsetAt(first);
  const offsets = [current];
  for (let probe = first; probe < last; probe += PROBE_STEP_MS) {
    const next = probe + PROBE_STEP_MS;
    const nextOffset = offsetAt(next);
    let from = probe;
    // Binary search, to the second (the tz database's resolution), for each change in (from, next].
    while (current !== nextOffset) {
      let lo = from;
      let hi = next;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (offsetAt(mid) === current) lo = mid;
        else hi = mid;
      }
      current = offsetAt(hi);
      froms.push(hi);
      offsets.push(current);
      from = hi;
    }
  }
  return { froms, offsets };
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a day number; 1970-01-01 was a Thursday. */
export function isoWeekdayOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** The day number of an ISO date (yyyy-MM-dd), or undefined when it is not a real calendar date. */
export function dayOfIsoDate(date: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return ms / DAY_MS;
}
