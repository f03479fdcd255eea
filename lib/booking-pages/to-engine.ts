import type { bookingPageDateOverrides, bookingPageHosts, bookingPages } from "@/lib/db/schema";
import type { HostSchedule, IsoWeekday, MinuteWindow, SlotRules } from "@/lib/scheduling/rules";

// Pure translation from stored rows to the slot engine's inputs: the one place that knows both shapes.

type PageRules = Pick<
  typeof bookingPages.$inferSelect,
  | "durationMinutes"
  | "slotIntervalMinutes"
  | "bufferBeforeMinutes"
  | "bufferAfterMinutes"
  | "minimumNoticeMinutes"
  | "horizonDays"
  | "dailyLimit"
  | "blockTentative"
  | "blockWorkingElsewhere"
>;

type HostSettings = Pick<
  typeof bookingPageHosts.$inferSelect,
  "userId" | "timeZone" | "weeklyHours" | "useExchangeWorkingHours"
>;

type OverrideRow = Pick<typeof bookingPageDateOverrides.$inferSelect, "userId" | "date" | "windows">;

export function toSlotRules(page: PageRules): SlotRules {
  return {
    lengthMinutes: page.durationMinutes,
    slotIntervalMinutes: page.slotIntervalMinutes,
    beforeBufferMinutes: page.bufferBeforeMinutes,
    afterBufferMinutes: page.bufferAfterMinutes,
    minimumNoticeMinutes: page.minimumNoticeMinutes,
    horizonDays: page.horizonDays,
    dailyLimit: page.dailyLimit,
    tentativeBlocks: page.blockTentative,
    workingElsewhereBlocks: page.blockWorkingElsewhere,
  };
}

/**
 * One host's schedule: their weekly hours (or, when they use Exchange working hours and the caller read
 * them, those) and their own date overrides keyed by local date. Overrides of other hosts are ignored, so
 * a caller may pass the page's whole list.
 */
export function toHostSchedule(input: {
  host: HostSettings;
  overrides: readonly OverrideRow[];
  /** The host's Exchange working hours, when `host.useExchangeWorkingHours` and they could be read. */
  exchangeWorkingHours?: readonly { day: number; startMinute: number; endMinute: number }[];
}): HostSchedule {
  const { host } = input;
  const source =
    host.useExchangeWorkingHours && input.exchangeWorkingHours ? input.exchangeWorkingHours : host.weeklyHours;
  const weekly: Partial<Record<IsoWeekday, MinuteWindow[]>> = {};
  for (const window of source) {
    const day = window.day as IsoWeekday;
    weekly[day] = [...(weekly[day] ?? []), { startMinute: window.startMinute, endMinute: window.endMinute }];
  }
  const overrides: Record<string, MinuteWindow[]> = {};
  for (const override of input.overrides) {
    if (override.userId !== host.userId) continue;
    overrides[override.date] = override.windows.map((w) => ({ startMinute: w.startMinute, endMinute: w.endMinute }));
  }
  return { timeZone: host.timeZone, weekly, overrides };
}
