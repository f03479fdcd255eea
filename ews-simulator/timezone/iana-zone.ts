import { DateTime, Info, Settings } from "luxon";
import { memoizeOffsets } from "./offset-memo";
import type { RequestZone } from "./request-zone";

/**
 * IANA zones for the core, with luxon's answers but without luxon's cost per call: luxon builds
 * a DateTime and asks Intl for the offset on every conversion, which made availability spend
 * most of its time here. The fast path repeats luxon's arithmetic over remembered offsets
 * (timezone/zones.test.ts compares the two across DST changes); inputs luxon treats specially
 * (invalid zones, NaN, the edges of its range) still go to luxon.
 */

/** An IANA zone; recurrence expansion also needs the offset luxon starts from (see provisionalOffset). */
export interface IanaZone extends RequestZone {
  /**
   * The zone's offset now, which luxon takes as its first guess when it reads a wall time.
   * It decides which reading of an ambiguous wall time (the repeated hour when clocks go back)
   * wins, so anything that caches `toUtc` results must key on it.
   */
  provisionalOffset(): number;
}

/** The luxon conversions, kept for the inputs the fast path below does not cover. */
function luxonToUtc(input: { iana: string; wall: number }): number {
  const d = new Date(input.wall);
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
    { zone: input.iana },
  ).toMillis();
}

function luxonToWall(input: { iana: string; utc: number }): number {
  return input.utc + DateTime.fromMillis(input.utc, { zone: input.iana }).offset * 60_000;
}

/**
 * luxon's own range is ±8.64e15 ms; keeping a year clear of it means no offset can push a
 * reading out of range, so luxon's "invalid" outcomes cannot occur on the fast path.
 */
const FAST_RANGE_MS = 8.64e15 - 366 * 86_400_000;

function isOrdinaryInstant(ms: number): boolean {
  return Number.isInteger(ms) && Math.abs(ms) <= FAST_RANGE_MS;
}

function buildIanaZone(iana: string): IanaZone {
  // The same zone object luxon builds for `{ zone: iana }` ("UTC" is a fixed zone, not an IANA one).
  const zone = Info.normalizeZone(iana);
  const offsetAt = memoizeOffsets(zone);
  let nowMinute = Number.NaN;
  let nowOffset = Number.NaN;

  // Asked on every toUtc, with a "now" that moves every millisecond, so it is remembered per minute.
  const provisionalOffset = (): number => {
    const now = Settings.now();
    const minute = Math.floor(now / 60_000) * 60_000;
    if (minute === nowMinute) return nowOffset;
    const offset = offsetAt(minute);
    // No zone changes its offset twice within a minute, so when both ends of the minute agree every
    // instant in it has that offset; when they differ, "now" sits on a change and is asked exactly.
    if (offsetAt(minute + 59_999) !== offset) return zone.offset(now);
    nowMinute = minute;
    nowOffset = offset;
    return offset;
  };

  return {
    id: iana,
    provisionalOffset,
    toUtc(wall) {
      if (!zone.isValid || !isOrdinaryInstant(wall)) return luxonToUtc({ iana, wall });
      // luxon's DateTime.fromObject: guess the offset in force now, then correct it (its fixOffset).
      const guess = provisionalOffset();
      const utcGuess = wall - guess * 60_000;
      const o2 = offsetAt(utcGuess);
      if (o2 === guess) return utcGuess;
      const corrected = utcGuess - (o2 - guess) * 60_000;
      const o3 = offsetAt(corrected);
      if (o3 === o2) return corrected;
      // A wall time the clocks skip over: luxon keeps the wall reading with the smaller offset.
      return wall - Math.min(o2, o3) * 60_000;
    },
    toWall(utc) {
      if (!zone.isValid || !isOrdinaryInstant(utc)) return luxonToWall({ iana, utc });
      return utc + offsetAt(utc) * 60_000;
    },
  };
}

/**
 * Zones are built once per IANA id: the offset memo inside each is what makes conversions cheap.
 * Bounded because ids come from requests (TimeZoneContext, StartTimeZone).
 */
const ianaZones = new Map<string, IanaZone>();
const MAX_ZONES = 1_000;

export function createIanaZone(iana: string): IanaZone {
  let zone = ianaZones.get(iana);
  if (!zone) {
    if (ianaZones.size >= MAX_ZONES) ianaZones.clear();
    zone = buildIanaZone(iana);
    ianaZones.set(iana, zone);
  }
  return zone;
}
