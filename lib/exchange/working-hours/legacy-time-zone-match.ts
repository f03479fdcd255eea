import { DateTime, IANAZone } from "luxon";
import { WINDOWS_TO_IANA_MAP } from "windows-iana";
import {
  type LegacyTimeZone,
  legacyOffsetAt,
  legacyOffsets,
  legacyTransitionInstants,
  observesDaylightTime,
} from "./legacy-time-zone";

/** One change of a zone's UTC offset (minutes) at `instant`. */
interface OffsetChange {
  instant: number;
  before: number;
  after: number;
}

const MINUTE_MS = 60_000;
const WEEK_MS = 7 * 86_400_000;

const offsetAt = (input: { iana: string; instant: number }) =>
  DateTime.fromMillis(input.instant, { zone: input.iana }).offset;

/** The instant in (from, to] at which the zone's offset changes, to the minute. */
function bisectChange(input: { iana: string; from: number; to: number }): number {
  const { iana } = input;
  const before = offsetAt({ iana, instant: input.from });
  let low = input.from;
  let high = input.to;
  while (high - low > MINUTE_MS) {
    const middle = low + Math.floor((high - low) / (2 * MINUTE_MS)) * MINUTE_MS;
    if (offsetAt({ iana, instant: middle }) === before) low = middle;
    else high = middle;
  }
  return high;
}

/**
 * Every offset change of `iana` in `year` (UTC), sampled weekly and bisected to the minute; two changes
 * within one week would be missed, which no daylight-saving rule a legacy zone can state does.
 */
function listOffsetChanges(input: { iana: string; year: number }): OffsetChange[] {
  const { iana } = input;
  const end = Date.UTC(input.year + 1, 0, 1);
  const found: OffsetChange[] = [];
  let from = Date.UTC(input.year, 0, 1);
  let before = offsetAt({ iana, instant: from });
  while (from < end) {
    const to = Math.min(from + WEEK_MS, end);
    const after = offsetAt({ iana, instant: to });
    if (after !== before) found.push({ instant: bisectChange({ iana, from, to }), before, after });
    from = to;
    before = after;
  }
  return found;
}

/** The month (1–12) of `instant` on the clock that read `offset` minutes. */
const localMonth = (input: { instant: number; offset: number }) =>
  new Date(input.instant + input.offset * MINUTE_MS).getUTCMonth() + 1;

/**
 * How well `iana` fits the rule in `year`: "exact" when its offsets change exactly when the rule says,
 * "months" when offsets and the months of the changes agree (the rule pair is only an approximation of
 * some zones, and Exchange's own tables lag tz), undefined when they disagree.
 */
export function compareWithLegacyTimeZone(input: {
  zone: LegacyTimeZone;
  iana: string;
  year: number;
}): "exact" | "months" | undefined {
  const { zone, iana, year } = input;
  const offsets = legacyOffsets(zone);
  const changes = listOffsetChanges({ iana, year });
  if (!observesDaylightTime(zone)) {
    const constant = changes.length === 0 && offsetAt({ iana, instant: Date.UTC(year, 0, 1) }) === offsets.standard;
    return constant ? "exact" : undefined;
  }
  const toDaylight = changes.find((c) => c.before === offsets.standard && c.after === offsets.daylight);
  const toStandard = changes.find((c) => c.before === offsets.daylight && c.after === offsets.standard);
  if (changes.length !== 2 || !toDaylight || !toStandard) return undefined;
  const monthsAgree =
    localMonth({ instant: toDaylight.instant - MINUTE_MS, offset: toDaylight.before }) === zone.daylight.month &&
    localMonth({ instant: toStandard.instant - MINUTE_MS, offset: toStandard.before }) === zone.standard.month;
  if (!monthsAgree) return undefined;
  const expected = legacyTransitionInstants({ zone, year });
  return expected.toDaylight === toDaylight.instant && expected.toStandard === toStandard.instant ? "exact" : "months";
}

interface Candidate {
  iana: string;
  region: string;
  /** The zone CLDR names first for its Windows zone (territory 001). */
  primary: boolean;
}

let candidates: Candidate[] | undefined;

/** CLDR's zones (through windows-iana), each once, in the table's order. */
function listCandidates(): Candidate[] {
  if (candidates) return candidates;
  const byName = new Map<string, Candidate>();
  for (const entry of WINDOWS_TO_IANA_MAP) {
    for (const iana of entry.iana) {
      const known = byName.get(iana);
      if (known) known.primary ||= entry.territory === "001";
      else if (IANAZone.isValidZone(iana)) {
        byName.set(iana, { iana, region: regionOf(iana), primary: entry.territory === "001" });
      }
    }
  }
  candidates = [...byName.values()];
  return candidates;
}

const regionOf = (iana: string) => iana.split("/")[0] ?? "";

/**
 * A team's members mostly share a few zones, and a search of every candidate costs a few thousand luxon
 * calls: each (year, preferred zone, rule) is resolved once.
 */
const resolved = new Map<string, string | undefined>();
const MAX_RESOLVED = 500;

/** Mid-January and mid-July: one instant in each half of the year, to rule most zones out cheaply. */
const probes = (year: number) => [Date.UTC(year, 0, 15), Date.UTC(year, 6, 15)];

/**
 * The IANA zone for a mailbox's legacy zone rule in the year of `now`. `preferred` (the host's zone as
 * configured) is kept when its offsets and change months agree with the rule. Otherwise the best of
 * CLDR's zones that agree: exact change instants first, then the preferred zone's region, then the
 * zone CLDR lists first for its Windows zone, then CLDR's order (so Etc/UTC for UTC). undefined
 * when no zone agrees (a rule no real zone follows this year).
 */
export function resolveLegacyTimeZone(input: {
  zone: LegacyTimeZone;
  preferred: string | undefined;
  now: Date;
}): string | undefined {
  const year = input.now.getUTCFullYear();
  const key = JSON.stringify([year, input.preferred ?? null, input.zone]);
  if (resolved.has(key)) return resolved.get(key);
  if (resolved.size >= MAX_RESOLVED) resolved.clear();
  const iana = resolveUncached({ zone: input.zone, preferred: input.preferred, year });
  resolved.set(key, iana);
  return iana;
}

function resolveUncached(input: {
  zone: LegacyTimeZone;
  preferred: string | undefined;
  year: number;
}): string | undefined {
  const { zone, preferred, year } = input;
  if (preferred && IANAZone.isValidZone(preferred) && compareWithLegacyTimeZone({ zone, iana: preferred, year })) {
    return preferred;
  }
  const preferredRegion = preferred ? regionOf(preferred) : undefined;
  const expected = probes(year).map((instant) => ({ instant, offset: legacyOffsetAt({ zone, instant }) }));
  const ranked = listCandidates()
    .filter(({ iana }) => expected.every(({ instant, offset }) => offsetAt({ iana, instant }) === offset))
    .flatMap((candidate) => {
      const fit = compareWithLegacyTimeZone({ zone, iana: candidate.iana, year });
      if (!fit) return [];
      const score = [fit === "exact" ? 0 : 1, candidate.region === preferredRegion ? 0 : 1, candidate.primary ? 0 : 1];
      return [{ iana: candidate.iana, score }];
    })
    // Stable: ties keep CLDR's order, which lists Windows zones as Windows does (Eastern before Haiti).
    .sort((a, b) => compareScores(a.score, b.score));
  return ranked[0]?.iana;
}

function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
