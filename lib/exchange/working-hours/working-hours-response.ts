import type { PlaceRule } from "../soap/element-places";
import { EWS_NS } from "../soap/ews-namespaces";

/** SerializableTimeZoneTime's children, as sent (strings: readLegacyTimeZone checks them). */
export type TransitionField = "Bias" | "Time" | "DayOrder" | "Month" | "DayOfWeek" | "Year";
export type RawTransition = Partial<Record<TransitionField, string>>;

/** WorkingPeriod's children, as sent. */
export type PeriodField = "DayOfWeek" | "StartTimeInMinutes" | "EndTimeInMinutes";
export type RawWorkingPeriod = Partial<Record<PeriodField, string>>;

/**
 * A FreeBusyView's WorkingHours, as sent: the mailbox's legacy zone rule and its working periods. Kept as
 * text so one mailbox's odd WorkingHours makes that mailbox unreadable, not the whole answer.
 */
export interface RawWorkingHours {
  bias?: string;
  standard?: RawTransition;
  daylight?: RawTransition;
  periods: RawWorkingPeriod[];
}

/** Where WorkingHours and its children sit, below the reader's "view" place. */
export type WorkingHoursPlace =
  | "workingHours"
  | "zone"
  | "zoneBias"
  | "transition"
  | "transitionField"
  | "periods"
  | "period"
  | "periodField";

const { t } = EWS_NS;

const TRANSITION_FIELDS: readonly TransitionField[] = ["Bias", "Time", "DayOrder", "Month", "DayOfWeek", "Year"];
const PERIOD_FIELDS: readonly PeriodField[] = ["DayOfWeek", "StartTimeInMinutes", "EndTimeInMinutes"];

export const WORKING_HOURS_RULES: readonly PlaceRule<"view" | WorkingHoursPlace>[] = [
  ["view", t, "WorkingHours", "workingHours"],
  ["workingHours", t, "TimeZone", "zone"],
  ["zone", t, "Bias", "zoneBias"],
  ["zone", t, "StandardTime", "transition"],
  ["zone", t, "DaylightTime", "transition"],
  ...TRANSITION_FIELDS.map((local) => ["transition", t, local, "transitionField"] as const),
  ["workingHours", t, "WorkingPeriodArray", "periods"],
  ["periods", t, "WorkingPeriod", "period"],
  ...PERIOD_FIELDS.map((local) => ["period", t, local, "periodField"] as const),
];

/** Places whose text the collector keeps. */
export const WORKING_HOURS_VALUES: readonly WorkingHoursPlace[] = ["zoneBias", "transitionField", "periodField"];

/**
 * Follows the WorkingHours part of one answer as the reader walks it. `open` hands the new WorkingHours
 * to `attach` (the current FreeBusyResponse); `close` receives each value's trimmed text. The field names
 * used as keys come from the rules above only, never from the server.
 */
export function createWorkingHoursCollector(attach: (hours: RawWorkingHours) => void) {
  let hours: RawWorkingHours | undefined;
  let fields: Record<string, string> | undefined;
  let field: string | undefined;
  return {
    open(input: { place: string; local: string }): void {
      const { place, local } = input;
      if (place === "workingHours") {
        hours = { periods: [] };
        attach(hours);
      } else if (place === "transition" && hours) {
        fields = {};
        if (local === "StandardTime") hours.standard = fields;
        else hours.daylight = fields;
      } else if (place === "period" && hours) {
        fields = {};
        hours.periods.push(fields);
      } else if (place === "transitionField" || place === "periodField") {
        field = local;
      }
    },
    close(input: { place: string; value: string }): void {
      const { place, value } = input;
      if (place === "zoneBias" && hours) hours.bias = value;
      else if ((place === "transitionField" || place === "periodField") && fields && field) fields[field] = value;
      else if (place === "transition" || place === "period") fields = undefined;
      else if (place === "workingHours") hours = undefined;
    },
  };
}
