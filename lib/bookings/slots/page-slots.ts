import "server-only";
import { fetchTeamFreeBusy } from "@/lib/availability/fetch-team-free-busy";
import { toHostSchedule, toSlotRules } from "@/lib/booking-pages/to-engine";
import { openConnectionAccess } from "@/lib/calendars/connection-access";
import { exchangeConfigFromEnv } from "@/lib/calendars/exchange-config";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { credentialKeysFromEnv } from "@/lib/crypto/keys-from-env";
import { type ExchangeOutboundConfig, fetchWorkingHours, type MailboxWorkingHours } from "@/lib/exchange";
import { busyFromBlocks } from "@/lib/scheduling/busy";
import { getSlotsWithFreeHosts, type SlotWithHosts } from "@/lib/scheduling/get-slots";
import type { TimeInterval } from "@/lib/scheduling/intervals";
import { offerableWindow } from "@/lib/scheduling/offerable-window";
import type { BusyInterval, HostSchedule, SchedulingHost, SchedulingType } from "@/lib/scheduling/rules";
import { DAY_MS, MINUTE_MS } from "@/lib/scheduling/zone-clock";
import type { BookableHost, BookablePage } from "./bookable-page";
import { loadHeldTime } from "./existing-holds";

export type PageSlotsResult =
  | {
      ok: true;
      slots: SlotWithHosts[];
      /** The zone each host's day is read in (their own, or their mailbox's when Exchange's hours rule). */
      hostTimeZones: ReadonlyMap<string, string>;
    }
  /** No host's calendar could be read: offering slots now would be guessing. */
  | { ok: false; reason: "calendar_unavailable"; message: string };

const CALENDAR_UNAVAILABLE = "The calendar behind this page cannot be reached right now. Please try again shortly.";

const ENGINE_TYPE: Record<BookablePage["page"]["schedulingType"], SchedulingType> = {
  single: "single",
  round_robin: "round-robin",
  collective: "collective",
};

/**
 * The slots of `bookable` starting in `window`, each with the hosts free for it: busy time read live from
 * Exchange (FreeBusy view, through each host's own connection) plus the holds of existing bookings, run
 * through the slot engine. Nothing read here is kept. Hosts whose calendar cannot be read are left out
 * (fail closed): a round-robin page then offers the others, a collective or single page nothing.
 *
 * Exchange is asked only about the part of `window` the page could ever offer (its minimum notice to its
 * horizon): a window wholly outside answers no slots without a single EWS request, whatever anyone asks.
 */
export async function computePageSlots(input: {
  bookable: BookablePage;
  window: TimeInterval;
  now: number;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
  /** A booking being rescheduled: its own holds do not count against its new time. */
  ignoreBookingId?: string;
}): Promise<PageSlotsResult> {
  const { bookable, now } = input;
  const { page } = bookable;
  const rules = toSlotRules(page);
  const window = offerableWindow({ rules, window: input.window, now });
  if (window.start >= window.end) return { ok: true, slots: [], hostTimeZones: new Map() };
  // Busy time must cover the window widened by a slot and its buffers; holds whole days for the daily limit.
  const reach = (page.durationMinutes + page.bufferBeforeMinutes + page.bufferAfterMinutes) * MINUTE_MS;
  const busySpan = { start: window.start - reach, end: window.end + reach };
  const heldSpan = { start: window.start - reach - DAY_MS, end: window.end + reach + DAY_MS };

  const config = input.config ?? exchangeConfigFromEnv();
  const keys = input.keys ?? credentialKeysFromEnv();
  const [busy, held, workingHours] = await Promise.all([
    readHostsBusy({ bookable, span: busySpan, config, keys }),
    loadHeldTime({
      hostUserIds: bookable.hosts.map((h) => h.settings.userId),
      span: heldSpan,
      ignoreBookingId: input.ignoreBookingId,
    }),
    readHostsWorkingHours({ bookable, now, config, keys }),
  ]);
  if (bookable.hosts.length > 0 && busy.size === 0) {
    return { ok: false, reason: "calendar_unavailable", message: CALENDAR_UNAVAILABLE };
  }
  const readable = bookable.hosts.filter((host) => busy.has(host.settings.userId));
  if (readable.length === 0 || (page.schedulingType !== "round_robin" && readable.length < bookable.hosts.length)) {
    return { ok: true, slots: [], hostTimeZones: new Map() };
  }
  const hosts: SchedulingHost[] = readable.map((host) => ({
    id: host.settings.userId,
    schedule: scheduleOf({ host, exchangeHours: workingHours.get(host.settings.userId) }),
    busy: busy.get(host.settings.userId) ?? [],
    bookings: held.get(host.settings.userId) ?? [],
  }));
  const slots = getSlotsWithFreeHosts({
    schedulingType: ENGINE_TYPE[page.schedulingType],
    rules,
    hosts,
    window,
    now,
  });
  return { ok: true, slots, hostTimeZones: new Map(hosts.map((host) => [host.id, host.schedule.timeZone])) };
}

/**
 * A host's schedule: their weekly hours, or Exchange's working hours when they chose those and Exchange
 * answered. Exchange states its own zone, which then governs the host's whole schedule (overrides too):
 * hours set in Outlook mean wall-clock time where the mailbox lives.
 */
function scheduleOf(input: { host: BookableHost; exchangeHours: MailboxWorkingHours | undefined }): HostSchedule {
  const { host, exchangeHours } = input;
  if (!exchangeHours) return toHostSchedule({ host: host.settings, overrides: host.overrides });
  const windows = Object.entries(exchangeHours.weekly).flatMap(([day, list]) =>
    (list ?? []).map((window) => ({ day: Number(day), startMinute: window.startMinute, endMinute: window.endMinute })),
  );
  return toHostSchedule({
    host: { ...host.settings, timeZone: exchangeHours.timeZone },
    overrides: host.overrides,
    exchangeWorkingHours: windows,
  });
}

/**
 * The Exchange working hours of hosts who asked for them (one live lookup each, through their own
 * connection); a host missing from the map keeps the weekly hours set on the page.
 */
async function readHostsWorkingHours(input: {
  bookable: BookablePage;
  now: number;
  config: ExchangeOutboundConfig;
  keys: CredentialKeyRing;
}): Promise<Map<string, MailboxWorkingHours>> {
  const hours = new Map<string, MailboxWorkingHours>();
  await Promise.all(
    input.bookable.hosts.map(async (host) => {
      const connection = host.connection;
      if (!host.settings.useExchangeWorkingHours || !connection) return;
      const opened = await openConnectionAccess({
        row: connection,
        config: input.config,
        keys: input.keys,
        organisationCaPems: input.bookable.organisationCaPems,
      });
      if (!opened.ok) return;
      const mailbox = connection.mailboxEmail.toLowerCase();
      const result = await fetchWorkingHours({
        ...opened.access,
        mailboxes: [mailbox],
        preferredTimeZones: { [mailbox]: host.settings.timeZone },
        now: new Date(input.now),
      });
      const found = result.ok ? result.hours[mailbox] : null;
      if (found) hours.set(host.settings.userId, found);
    }),
  );
  return hours;
}

/**
 * Each readable host's busy intervals over `span`: one live FreeBusy lookup per connection, in parallel.
 * A host is missing from the map when they have no connection or their calendar could not be read.
 */
async function readHostsBusy(input: {
  bookable: BookablePage;
  span: TimeInterval;
  config: ExchangeOutboundConfig;
  keys: CredentialKeyRing;
}): Promise<Map<string, BusyInterval[]>> {
  const busy = new Map<string, BusyInterval[]>();
  await Promise.all(
    input.bookable.hosts.map(async (host) => {
      const connection = host.connection;
      if (!connection) return;
      const opened = await openConnectionAccess({
        row: connection,
        config: input.config,
        keys: input.keys,
        organisationCaPems: input.bookable.organisationCaPems,
      });
      if (!opened.ok) return;
      const result = await fetchTeamFreeBusy({
        ...opened.access,
        mailboxes: [connection.mailboxEmail],
        window: { start: new Date(input.span.start), end: new Date(input.span.end) },
      });
      const answer = result.ok ? result.members[0] : undefined;
      if (answer?.status === "ok") busy.set(host.settings.userId, busyFromBlocks(answer.busy));
    }),
  );
  return busy;
}
