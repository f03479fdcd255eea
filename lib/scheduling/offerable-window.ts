import type { TimeInterval } from "./intervals";
import type { SlotRules } from "./rules";
import { DAY_MS, MINUTE_MS } from "./zone-clock";

/**
 * The part of `window` in which a slot may start under `rules` at `now`: from now plus the minimum notice
 * to now plus the horizon. Empty (start ≥ end) when the window lies wholly outside: then there is nothing
 * to offer, and nothing to read from a calendar either.
 */
export function offerableWindow(input: { rules: SlotRules; window: TimeInterval; now: number }): TimeInterval {
  const { rules, window, now } = input;
  return {
    start: Math.max(window.start, now + rules.minimumNoticeMinutes * MINUTE_MS),
    end: Math.min(window.end, rules.horizonDays === null ? Number.POSITIVE_INFINITY : now + rules.horizonDays * DAY_MS),
  };
}
