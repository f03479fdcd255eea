import type { RawTransition, RawWorkingHours } from "./working-hours-response";

/** One of a legacy zone's two yearly changes (SerializableTimeZoneTime). */
export interface LegacyTransition {
  /** Added to the zone's Bias while this part of the year applies. */
  bias: number;
  /** Minutes after local midnight, on the clock in force before the change. */
  timeOfDayMinutes: number;
  /** 1–4 the nth weekday of the month, 5 the last; 0 no change. With `year`, the day of the month. */
  dayOrder: number;
  /** 1–12; 0 no change. */
  month: number;
  /** 0 Sunday … 6 Saturday. */
  dayOfWeek: number;
  year?: number;
}

/**
 * The availability service's legacy time zone (SerializableTimeZone): UTC = local + bias + the bias of
 * the part of the year in force. One rule pair, so it describes one year's pattern, not a zone's history.
 */
export interface LegacyTimeZone {
  bias: number;
  standard: LegacyTransition;
  daylight: LegacyTransition;
}

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const INTEGER = /^[+-]?\d{1,6}$/;
const TIME_OF_DAY = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
/** No real zone is more than 14 hours from UTC; a bias beyond that is a misreading. */
const MAX_BIAS_MINUTES = 14 * 60;

function readInteger(text: string | undefined): number | undefined {
  return text !== undefined && INTEGER.test(text) ? Number(text) : undefined;
}

function readTransition(raw: RawTransition | undefined): LegacyTransition | undefined {
  if (!raw) return undefined;
  const bias = readInteger(raw.Bias);
  const dayOrder = readInteger(raw.DayOrder);
  const month = readInteger(raw.Month);
  const dayOfWeek = DAY_NAMES.indexOf(raw.DayOfWeek ?? "");
  const time = TIME_OF_DAY.exec(raw.Time ?? "");
  const year = raw.Year === undefined || raw.Year === "" ? undefined : readInteger(raw.Year);
  if (bias === undefined || dayOrder === undefined || month === undefined || dayOfWeek < 0 || !time) return undefined;
  if (raw.Year && year === undefined) return undefined;
  const timeOfDayMinutes = Number(time[1]) * 60 + Number(time[2]);
  if (Math.abs(bias) > MAX_BIAS_MINUTES || month < 0 || month > 12 || dayOrder < 0 || timeOfDayMinutes >= 1440) {
    return undefined;
  }
  if (dayOrder > (year === undefined ? 5 : 31)) return undefined;
  return { bias, timeOfDayMinutes, dayOrder, month, dayOfWeek, ...(year === undefined ? {} : { year }) };
}

/** The WorkingHours' zone rule, or undefined when a part is missing or out of range. */
export function readLegacyTimeZone(raw: RawWorkingHours): LegacyTimeZone | undefined {
  const bias = readInteger(raw.bias);
  const standard = readTransition(raw.standard);
  const daylight = readTransition(raw.daylight);
  if (bias === undefined || Math.abs(bias) > MAX_BIAS_MINUTES || !standard || !daylight) return undefined;
  return { bias, standard, daylight };
}

const changes = (rule: LegacyTransition) => rule.month >= 1 && rule.dayOrder >= 1;

/** Whether the rule has a daylight part at all (Exchange writes DayOrder 0, Month 0 for zones without). */
export function observesDaylightTime(zone: LegacyTimeZone): boolean {
  return changes(zone.standard) && changes(zone.daylight) && zone.standard.bias !== zone.daylight.bias;
}

/** UTC offsets in minutes (local = UTC + offset), as luxon counts them. */
export function legacyOffsets(zone: LegacyTimeZone): { standard: number; daylight: number } {
  return { standard: -(zone.bias + zone.standard.bias), daylight: -(zone.bias + zone.daylight.bias) };
}

/** The local date-time (as UTC-based ms) at which `rule` fires in `year`. */
function transitionWall(input: { rule: LegacyTransition; year: number }): number {
  const { rule, year } = input;
  const time = rule.timeOfDayMinutes * 60_000;
  if (rule.year !== undefined) return Date.UTC(year, rule.month - 1, rule.dayOrder) + time;
  const firstWeekday = new Date(Date.UTC(year, rule.month - 1, 1)).getUTCDay();
  const daysInMonth = new Date(Date.UTC(year, rule.month, 0)).getUTCDate();
  let day = 1 + ((rule.dayOfWeek - firstWeekday + 7) % 7) + (rule.dayOrder - 1) * 7;
  while (day > daysInMonth) day -= 7;
  return Date.UTC(year, rule.month - 1, day) + time;
}

/**
 * The instants (epoch ms) at which a daylight-saving rule starts and ends daylight time in `year`: the
 * daylight change fires on the standard clock, the standard change on the daylight clock.
 */
export function legacyTransitionInstants(input: { zone: LegacyTimeZone; year: number }): {
  toDaylight: number;
  toStandard: number;
} {
  const { zone, year } = input;
  const offsets = legacyOffsets(zone);
  return {
    toDaylight: transitionWall({ rule: zone.daylight, year }) - offsets.standard * 60_000,
    toStandard: transitionWall({ rule: zone.standard, year }) - offsets.daylight * 60_000,
  };
}

/** The rule's UTC offset (minutes) at `instant`. */
export function legacyOffsetAt(input: { zone: LegacyTimeZone; instant: number }): number {
  const { zone, instant } = input;
  const offsets = legacyOffsets(zone);
  if (!observesDaylightTime(zone)) return offsets.standard;
  const year = new Date(instant + offsets.standard * 60_000).getUTCFullYear();
  const { toDaylight, toStandard } = legacyTransitionInstants({ zone, year });
  const daylight =
    toDaylight < toStandard
      ? instant >= toDaylight && instant < toStandard
      : instant >= toDaylight || instant < toStandard;
  return daylight ? offsets.daylight : offsets.standard;
}
