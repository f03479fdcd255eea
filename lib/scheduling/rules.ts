import type { TimeInterval } from "./intervals";

// What the slot engine is asked: a page's rules, its hosts (each with hours in their own zone, busy time
// and bookings), a window and the clock. All instants are epoch ms; convert ISO strings at the edge.

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Wall-clock hours on one local day: [startMinute, endMinute) after local midnight, endMinute ≤ 1440. */
export interface MinuteWindow {
  readonly startMinute: number;
  readonly endMinute: number;
}

export interface HostSchedule {
  /** IANA zone the windows are read in. */
  readonly timeZone: string;
  /** A day missing or empty has no hours. Windows may touch (they join) but not overlap. */
  readonly weekly: Readonly<Partial<Record<IsoWeekday, readonly MinuteWindow[]>>>;
  /** Local date (yyyy-MM-dd) → windows replacing that day's weekly hours; an empty list blacks it out. */
  readonly overrides?: Readonly<Record<string, readonly MinuteWindow[]>>;
}

export interface SlotRules {
  readonly lengthMinutes: number;
  /** Distance between slot starts; null means the slot length. */
  readonly slotIntervalMinutes: number | null;
  /** Busy time is widened by the buffers: a slot needs [start − before, end + after] free. */
  readonly beforeBufferMinutes: number;
  readonly afterBufferMinutes: number;
  /** Slots start no earlier than now + notice. */
  readonly minimumNoticeMinutes: number;
  /** Slots start before now + horizonDays × 24 h; null: no limit. */
  readonly horizonDays: number | null;
  /** Bookings a host takes per local day (in the host's zone); null: no limit. */
  readonly dailyLimit: number | null;
  /** Busy and out-of-office always block; these two do unless set to false. */
  readonly tentativeBlocks?: boolean;
  readonly workingElsewhereBlocks?: boolean;
}

/** How a host is taken up in a busy interval (Exchange's free/busy statuses; free time has no interval). */
export type BusyStatus = "busy" | "tentative" | "oof" | "working-elsewhere";

/** A busy interval as the caller reads it from the calendar: ISO-8601 instants. */
export interface BusyBlockInput {
  readonly start: string;
  readonly end: string;
  readonly status: BusyStatus;
}

export interface BusyInterval extends TimeInterval {
  readonly status: BusyStatus;
}

/** A booking's held time (buffers included) as it blocks the host. */
export interface HeldBooking extends TimeInterval {
  /**
   * The instant whose local day the booking counts on for dailyLimit: the meeting's own start, which the
   * held time's start (moved earlier by a buffer) may not share a day with. Absent: `start`.
   */
  readonly countsOn?: number;
}

export interface SchedulingHost {
  readonly id: string;
  readonly schedule: HostSchedule;
  /** From Exchange, as handed over: unsorted, overlapping. */
  readonly busy: readonly BusyInterval[];
  /** Existing bookings: they block like busy time and count toward dailyLimit (see HeldBooking). */
  readonly bookings: readonly HeldBooking[];
}

/** "single" takes exactly one host; "round-robin" needs one free host; "collective" needs all of them. */
export type SchedulingType = "single" | "round-robin" | "collective";

export interface SlotQuery {
  readonly schedulingType: SchedulingType;
  readonly rules: SlotRules;
  readonly hosts: readonly SchedulingHost[];
  /**
   * Slots whose start lies in [start, end). Busy time and bookings must cover it widened by the slot length
   * and buffers, and bookings whole local days, for the daily limit.
   */
  readonly window: TimeInterval;
  /** The clock, for minimum notice and the horizon. */
  readonly now: number;
}

export interface Slot {
  readonly start: number;
  readonly end: number;
}

/** The Exchange statuses that take a host's time under `rules`. */
export function blockingStatuses(rules: SlotRules): ReadonlySet<BusyStatus> {
  const statuses = new Set<BusyStatus>(["busy", "oof"]);
  if (rules.tentativeBlocks ?? true) statuses.add("tentative");
  if (rules.workingElsewhereBlocks ?? true) statuses.add("working-elsewhere");
  return statuses;
}
