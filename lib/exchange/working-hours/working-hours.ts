import type { EwsFailure } from "@/lib/exchange/connection/failures";
import { type EwsRun, runEws } from "@/lib/exchange/connection/run-ews";
import type { EwsAccess } from "../connection/access";
import { mapWithConcurrency } from "../connection/bounded-concurrency";
import { retryWhenServerBusy } from "../connection/server-busy-retry";
import { chunk, MAX_MAILBOXES_PER_REQUEST, normaliseMailboxes, type UtcDayRange } from "../free-busy/request-plan";
import { readLegacyTimeZone } from "./legacy-time-zone";
import { resolveLegacyTimeZone } from "./legacy-time-zone-match";
import { readWorkingHours } from "./working-hours-read";
import type { RawWorkingHours } from "./working-hours-response";
import { toWeeklyWorkingHours, type WeeklyWorkingHours } from "./working-hours-weekly";

export type { IsoWeekday, WeeklyWorkingHours, WorkingWindow } from "./working-hours-weekly";

/** A mailbox's working hours: weekly windows in `timeZone` (IANA), as its owner set them in Exchange. */
export interface MailboxWorkingHours {
  timeZone: string;
  weekly: WeeklyWorkingHours;
}

/**
 * Per mailbox (lower-cased): its hours, or null when none could be had (unknown mailbox, nothing shared,
 * no WorkingHours sent, a rule no zone matches, or its request failed while others worked).
 */
export type WorkingHoursResult =
  | { ok: true; hours: Record<string, MailboxWorkingHours | null> }
  | { ok: false; failure: EwsFailure };

const CONCURRENT_REQUESTS = 4;
const DAY_MS = 86_400_000;

/** The UTC day around `now`: the answer's WorkingHours do not depend on the window, so the least is asked. */
function dayOf(now: Date): UtcDayRange {
  const start = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return { start: new Date(start), end: new Date(start + DAY_MS) };
}

function toMailboxWorkingHours(input: {
  raw: RawWorkingHours | undefined;
  preferred: string | undefined;
  now: Date;
}): MailboxWorkingHours | null {
  if (!input.raw) return null;
  const zone = readLegacyTimeZone(input.raw);
  const weekly = toWeeklyWorkingHours(input.raw.periods);
  if (!zone || !weekly) return null;
  const timeZone = resolveLegacyTimeZone({ zone, preferred: input.preferred, now: input.now });
  return timeZone ? { timeZone, weekly } : null;
}

/**
 * The working hours each of `mailboxes` (any case, duplicates ignored) keeps in Exchange, read live from
 * GetUserAvailability's WorkingHours (FreeBusy view, one request per 100 mailboxes) and stored nowhere.
 * Exchange states the zone as one legacy rule pair; it becomes the mailbox's `preferredTimeZones` entry
 * (keys lower-case) when that zone agrees with the rule in the year of `now`, else the zone that does.
 * ok:false only when every request failed.
 */
export async function fetchWorkingHours(
  input: EwsAccess & { mailboxes: readonly string[]; preferredTimeZones: Record<string, string>; now: Date },
): Promise<WorkingHoursResult> {
  const { mailboxes: asked, preferredTimeZones, now, ...access } = input;
  const mailboxes = normaliseMailboxes(asked);
  const days = dayOf(now);
  const groups = chunk(mailboxes, MAX_MAILBOXES_PER_REQUEST);
  const runs = await mapWithConcurrency({
    items: groups,
    limit: CONCURRENT_REQUESTS,
    run: (group): Promise<EwsRun<(RawWorkingHours | undefined)[]>> =>
      runEws({
        ...access,
        call: (service) =>
          retryWhenServerBusy({ attempt: () => readWorkingHours({ service, mailboxes: group, days }) }),
      }),
  });
  const failures = runs.flatMap((run) => (run.ok ? [] : [run.failure]));
  // Nothing worked: one connection-level failure (unreachable, wrong password, …) for the caller to show.
  if (failures[0] && failures.length === runs.length) return { ok: false, failure: failures[0] };
  const entries = groups.flatMap((group, index) => {
    const run = runs[index];
    return group.map((mailbox, position) => {
      const preferred = Object.hasOwn(preferredTimeZones, mailbox) ? preferredTimeZones[mailbox] : undefined;
      const raw = run?.ok ? run.value[position] : undefined;
      return [mailbox, toMailboxWorkingHours({ raw, preferred, now })] as const;
    });
  });
  // fromEntries, not assignment: an address such as "__proto__" stays an ordinary key.
  return { ok: true, hours: Object.fromEntries(entries) };
}
