import { attrs, el, type Xml } from "../soap/xml";
import { DAYS_OF_WEEK } from "./legacy";
import { type ClockChange, findClockChanges, type WindowsZone } from "./windows-zones";

/**
 * A Windows zone as GetServerTimeZones' TimeZoneDefinition: Periods, TransitionsGroups and
 * Transitions, shaped as Exchange 2013+ renders its registry rules (one rule group per run of
 * years with the same rule, switching groups on 1 January; period ids
 * `trule:Microsoft/Registry/<id>/<first year>-Standard|Daylight`, "1" for a zone with one rule).
 * The rules are read from the IANA zone's tz data for the years asked for.
 */

/** "The n-th (or last, -1) weekday of the month, at this wall-clock time before the change". */
interface RecurringDay {
  month: number;
  dayOfWeek: number;
  occurrence: number;
  timeOfDayMinutes: number;
}

export interface YearRule {
  /** UTC offsets in minutes east. */
  standardOffset: number;
  daylight?: { offset: number; start: RecurringDay; end: RecurringDay; yearStartsInDaylight: boolean };
}

function describeChange(change: ClockChange): RecurringDay {
  const wall = new Date(change.utc + change.offsetBefore * 60_000);
  const day = wall.getUTCDate();
  const daysInMonth = new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth() + 1, 0)).getUTCDate();
  return {
    month: wall.getUTCMonth() + 1,
    dayOfWeek: wall.getUTCDay(),
    // Windows keeps "last" (its 5, rendered -1) rather than "4th" when the week is the month's last.
    occurrence: day + 7 > daysInMonth ? -1 : Math.ceil(day / 7),
    timeOfDayMinutes: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
  };
}

/**
 * The year's rule from its clock changes. A year with more than one pair of changes (Morocco around
 * Ramadan) keeps its first pair; a year with a single change (a zone moving for good) keeps the new offset.
 */
export function deriveYearRule(input: { iana: string; year: number }): YearRule {
  const { startOffset, changes } = findClockChanges(input);
  const up = changes.find((c) => c.offsetAfter > c.offsetBefore);
  const down = changes.find((c) => c.offsetAfter < c.offsetBefore);
  if (!up || !down) return { standardOffset: changes.at(-1)?.offsetAfter ?? startOffset };
  return {
    standardOffset: down.offsetAfter,
    daylight: {
      offset: up.offsetAfter,
      start: describeChange(up),
      end: describeChange(down),
      yearStartsInDaylight: down.utc < up.utc,
    },
  };
}

interface RuleGroup {
  firstYear: number;
  rule: YearRule;
}

const groupsByZone = new Map<string, RuleGroup[]>();

/** Runs of years with the same rule; a zone's years never change, so each answer is kept. */
export function listRuleGroups(input: { zone: WindowsZone; fromYear: number; toYear: number }): RuleGroup[] {
  const key = `${input.zone.id}|${input.fromYear}|${input.toYear}`;
  let groups = groupsByZone.get(key);
  if (!groups) {
    groups = [];
    for (let year = input.fromYear; year <= input.toYear; year++) {
      const rule = deriveYearRule({ iana: input.zone.iana, year });
      const last = groups.at(-1);
      if (!last || JSON.stringify(last.rule) !== JSON.stringify(rule)) groups.push({ firstYear: year, rule });
    }
    groupsByZone.set(key, groups);
  }
  return groups;
}

/** xs:duration as Exchange writes it: "-PT1H", "PT5H30M", "PT0H", "PT23H59M59.999S". */
export function formatDuration(minutes: number): string {
  const sign = minutes < 0 ? "-" : "";
  const abs = Math.abs(minutes);
  const hours = Math.floor(abs / 60);
  const rest = abs % 60;
  return `${sign}PT${hours !== 0 || abs === 0 ? `${hours}H` : ""}${rest !== 0 ? `${rest}M` : ""}`;
}

function renderRecurringDay(input: { to: string; day: RecurringDay }): Xml {
  const { day } = input;
  return el(
    "t:RecurringDayTransition",
    el("t:To", attrs({ Kind: "Period" }), input.to),
    el("t:TimeOffset", formatDuration(day.timeOfDayMinutes)),
    el("t:Month", day.month),
    el("t:DayOfWeek", DAYS_OF_WEEK[day.dayOfWeek] ?? "Sunday"),
    el("t:Occurrence", day.occurrence),
  );
}

/** A group's periods and transitions, in the order its year runs (a southern zone opens on daylight time). */
function renderGroup(input: { zone: WindowsZone; group: RuleGroup; ruleId: string }) {
  const { zone, group, ruleId } = input;
  const id = (kind: "Standard" | "Daylight") => `trule:Microsoft/Registry/${zone.id}/${ruleId}-${kind}`;
  // Period biases are UTC minus local time.
  const standard = el(
    "t:Period",
    attrs({ Bias: formatDuration(-group.rule.standardOffset), Name: "Standard", Id: id("Standard") }),
  );
  const dst = group.rule.daylight;
  if (!dst)
    return {
      periods: [standard],
      transitions: [el("t:Transition", el("t:To", attrs({ Kind: "Period" }), id("Standard")))],
    };
  const daylight = el("t:Period", attrs({ Bias: formatDuration(-dst.offset), Name: "Daylight", Id: id("Daylight") }));
  const toDaylight = renderRecurringDay({ to: id("Daylight"), day: dst.start });
  const toStandard = renderRecurringDay({ to: id("Standard"), day: dst.end });
  return dst.yearStartsInDaylight
    ? { periods: [daylight, standard], transitions: [toStandard, toDaylight] }
    : { periods: [standard, daylight], transitions: [toDaylight, toStandard] };
}

export function renderTimeZoneDefinition(input: {
  zone: WindowsZone;
  full: boolean;
  fromYear: number;
  toYear: number;
}): Xml {
  const { zone } = input;
  const identity = attrs({ Id: zone.id, Name: zone.name });
  if (!input.full) return el("t:TimeZoneDefinition", identity);
  const groups = listRuleGroups(input);
  const rendered = groups.map((group) =>
    renderGroup({ zone, group, ruleId: groups.length === 1 ? "1" : String(group.firstYear) }),
  );
  return el(
    "t:TimeZoneDefinition",
    identity,
    el(
      "t:Periods",
      rendered.map((r) => r.periods),
    ),
    el(
      "t:TransitionsGroups",
      rendered.map((r, index) => el("t:TransitionsGroup", attrs({ Id: index }), r.transitions)),
    ),
    el(
      "t:Transitions",
      groups.map((group, index) =>
        index === 0
          ? el("t:Transition", el("t:To", attrs({ Kind: "Group" }), "0"))
          : el(
              "t:AbsoluteDateTransition",
              el("t:To", attrs({ Kind: "Group" }), String(index)),
              el("t:DateTime", `${group.firstYear}-01-01T00:00:00`),
            ),
      ),
    ),
  );
}
