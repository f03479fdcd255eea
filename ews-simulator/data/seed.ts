import { DateTime } from "luxon";
import type { SimAccount } from "../contract";
import { createIanaZone } from "../timezone/zones";
import { SERVICE_ACCOUNT, seedAccounts } from "./accounts";
import type {
  CalendarEvent,
  EventFields,
  FreeBusyStatus,
  MailboxProfile,
  Person,
  Recurrence,
  Sensitivity,
} from "./model";
import { createMailboxProfile } from "./people";
import { createPrng, type Prng } from "./prng";

/**
 * The deterministic seed: every person's calendar laid out around "now" in their own zone
 * (this week and the next few). Every subject, location and body carries a unique canary
 * string, so tests can prove none of it leaks past the availability permissions or the app.
 */
export interface SeedData {
  profiles: MailboxProfile[];
  events: CalendarEvent[];
  canaries: string[];
}

const DAY = 86_400_000;

function createCanaryFactory(input: { prng: Prng; used: Set<string> }): () => string {
  return () => {
    for (;;) {
      const hex = (input.prng.nextUint32().toString(16).padStart(8, "0") + input.prng.nextUint32().toString(16)).slice(
        0,
        12,
      );
      const canary = `CANARY-${hex.padEnd(12, "0")}`;
      if (!input.used.has(canary)) {
        input.used.add(canary);
        return canary;
      }
    }
  };
}

interface EventSpec {
  title: string;
  place: string;
  /** Days after this week's Monday (local), hour/minute local. */
  day: number;
  minutes: number;
  durationMinutes: number;
  freeBusy?: FreeBusyStatus;
  sensitivity?: Sensitivity;
  allDayCount?: number;
  attendees?: Person[];
  recurrence?: (monday: string) => Recurrence;
}

function toLocalDate(wall: number): string {
  return DateTime.fromMillis(wall, { zone: "UTC" }).toISODate() ?? "1970-01-01";
}

function buildMailboxEvents(input: {
  profile: MailboxProfile;
  colleague: Person | undefined;
  now: Date;
  canary: () => string;
  prng: Prng;
}): CalendarEvent[] {
  const { profile, canary, prng } = input;
  const zone = createIanaZone(profile.timeZone);
  const localNow = DateTime.fromJSDate(input.now, { zone: profile.timeZone });
  const monday = localNow.startOf("week");
  const mondayWall = Date.UTC(monday.year, monday.month - 1, monday.day);
  const mondayDate = toLocalDate(mondayWall);
  const work = profile.workStartMinutes;
  // Draw the variations up front and always the same number of them, so the canaries do not depend on "now".
  const shift = [prng.next(), prng.next(), prng.next(), prng.next()].map((r) => Math.floor(r * 3) * 30);
  const owner: Person = { email: profile.email, name: profile.displayName };
  const colleague = input.colleague ? [input.colleague] : [];
  const weekdays = (days: number[]) => days.map((d) => (d + 1) % 7);

  const specs: EventSpec[] = [
    {
      title: "Team sync",
      place: "Room Fjord",
      day: -14,
      minutes: work + 60,
      durationMinutes: 60,
      attendees: colleague,
      recurrence: () => ({
        pattern: { kind: "weekly", interval: 1, days: weekdays([0, 2]) },
        startDate: toLocalDate(mondayWall - 14 * DAY),
        endDate: toLocalDate(mondayWall + 70 * DAY),
      }),
    },
    {
      title: "Daily check-in",
      place: "Huddle corner",
      day: -7,
      minutes: work,
      durationMinutes: 15,
      recurrence: () => ({
        pattern: { kind: "daily", interval: 1 },
        startDate: toLocalDate(mondayWall - 7 * DAY),
        endDate: toLocalDate(mondayWall + 42 * DAY),
      }),
    },
    {
      title: "Project review",
      place: "Room Atlas",
      day: 1,
      minutes: work + 240 + (shift[0] ?? 0),
      durationMinutes: 60,
      attendees: colleague,
    },
    { title: "Budget call", place: "Phone", day: 3, minutes: work + 330 + (shift[1] ?? 0), durationMinutes: 30 },
    {
      title: "Private appointment",
      place: "Clinic",
      day: 4,
      minutes: work + 180,
      durationMinutes: 60,
      sensitivity: "Private",
    },
    { title: "Focus reminder", place: "Desk", day: 0, minutes: work + 420, durationMinutes: 30, freeBusy: "Free" },
    {
      title: "Design workshop",
      place: "Room Delta",
      day: 9,
      minutes: work + 120 + (shift[2] ?? 0),
      durationMinutes: 90,
      attendees: colleague,
    },
    {
      title: "Maybe: vendor demo",
      place: "Room Echo",
      day: 8,
      minutes: work + 420,
      durationMinutes: 60,
      freeBusy: "Tentative",
    },
    { title: "Hiring panel", place: "Room Gamma", day: 14, minutes: work + 240 + (shift[3] ?? 0), durationMinutes: 60 },
    { title: "Offsite", place: "Harbour venue", day: 16, minutes: 0, durationMinutes: 0, allDayCount: 1 },
    {
      title: "Working from the branch office",
      place: "Branch office",
      day: 10,
      minutes: 0,
      durationMinutes: 0,
      allDayCount: 1,
      freeBusy: "WorkingElsewhere",
    },
    { title: "Vacation", place: "Away", day: 24, minutes: 0, durationMinutes: 0, allDayCount: 2, freeBusy: "OOF" },
    {
      title: "Conference talk prep",
      place: "Library",
      day: 2,
      minutes: work + 300,
      durationMinutes: 120,
      freeBusy: "OOF",
    },
  ];

  const events = specs.map((spec, index): CalendarEvent => {
    const startWall = mondayWall + spec.day * DAY + spec.minutes * 60_000;
    const start = zone.toUtc(startWall);
    const end = spec.allDayCount
      ? zone.toUtc(startWall + spec.allDayCount * DAY)
      : zone.toUtc(startWall + spec.durationMinutes * 60_000);
    const fields: EventFields = {
      subject: `${spec.title} ${canary()}`,
      location: `${spec.place} ${canary()}`,
      body: `Notes for ${spec.title.toLowerCase()} ${canary()}`,
      bodyType: "Text",
      start,
      end,
      isAllDay: spec.allDayCount !== undefined,
      freeBusy: spec.freeBusy ?? "Busy",
      sensitivity: spec.sensitivity ?? "Normal",
      reminderIsSet: index % 2 === 0,
      reminderMinutes: 15,
    };
    return {
      ...fields,
      uid: `seed-${profile.email.split("@")[0]}-${index + 1}`,
      mailbox: profile.email,
      version: 1,
      timeZone: profile.timeZone,
      endTimeZone: profile.timeZone,
      organizer: owner,
      requiredAttendees: spec.attendees ?? [],
      optionalAttendees: [],
      extendedProperties: [],
      categories: [],
      importance: "Normal",
      folder: "calendar",
      recurrence: spec.recurrence?.(mondayDate),
      exceptions: new Map(),
      created: input.now.getTime() - 30 * DAY,
      modified: input.now.getTime() - 30 * DAY,
    };
  });

  const [weekly, daily] = events;
  const occurrenceAt = (event: CalendarEvent, day: number) =>
    zone.toUtc(mondayWall + day * DAY + (zone.toWall(event.start) - toDayStart(zone.toWall(event.start))));
  if (weekly) {
    // This week's Wednesday moves to the afternoon; next week's Monday is cancelled.
    const moved = occurrenceAt(weekly, 2);
    weekly.exceptions.set(moved, {
      deleted: false,
      fields: {
        start: moved + 4 * 3_600_000,
        end: moved + 5 * 3_600_000,
        subject: `Team sync (moved) ${canary()}`,
        location: `Room Glacier ${canary()}`,
        body: `Moved because of the all-hands ${canary()}`,
      },
    });
    weekly.exceptions.set(occurrenceAt(weekly, 7), { deleted: true });
  }
  if (daily) {
    const later = occurrenceAt(daily, 3);
    daily.exceptions.set(later, {
      deleted: false,
      fields: {
        start: later + 30 * 60_000,
        end: later + 45 * 60_000,
        subject: `Daily check-in (late) ${canary()}`,
        location: `Kitchen ${canary()}`,
        body: `Pushed back half an hour ${canary()}`,
      },
    });
    daily.exceptions.set(occurrenceAt(daily, 1), { deleted: true });
  }
  return events;
}

function toDayStart(wall: number): number {
  return wall - (((wall % DAY) + DAY) % DAY);
}

/** Every account gets a mailbox except the service account, which only signs in. */
export function buildSeed(input: { accounts: SimAccount[]; now: Date }): SeedData {
  const people = input.accounts.filter((a) => a.email.toLowerCase() !== SERVICE_ACCOUNT.email);
  const profiles = people.map(createMailboxProfile);
  const used = new Set<string>();
  const events = profiles.flatMap((profile, index) => {
    const prng = createPrng(`slotbridge-seed/${profile.email}`);
    const next = profiles[(index + 1) % profiles.length];
    const colleague = next && next.email !== profile.email ? { email: next.email, name: next.displayName } : undefined;
    return buildMailboxEvents({
      profile,
      colleague,
      now: input.now,
      canary: createCanaryFactory({ prng, used }),
      prng,
    });
  });
  return { profiles, events, canaries: [...used] };
}

/** All canary strings of the default seed (they do not depend on "now"). */
export function eventCanaries(accounts: SimAccount[] = seedAccounts()): string[] {
  return buildSeed({ accounts, now: new Date(Date.UTC(2025, 0, 6)) }).canaries;
}
