import type { ExchangeService } from "ews-javascript-api";
import { buildAvailabilityEnvelope } from "../free-busy/availability-request";
import { parseAvailabilityWithWorkingHours, type RawFreeBusyResponse } from "../free-busy/availability-response";
import { impersonationOf, responseCodeOf, VIEWS_WITH_EVENTS } from "../free-busy/read-availability";
import type { UtcDayRange } from "../free-busy/request-plan";
import { postEnvelope } from "../soap/post-envelope";
import type { RawWorkingHours } from "./working-hours-response";

/** A mailbox's WorkingHours when the server answered NoError with a view that shares them. */
function workingHoursOf(response: RawFreeBusyResponse): RawWorkingHours | undefined {
  if (responseCodeOf(response) !== "NoError") return undefined;
  if (!response.viewType || !VIEWS_WITH_EVENTS.has(response.viewType)) return undefined;
  return response.workingHours;
}

/**
 * One GetUserAvailability (the same FreeBusy-only request the free/busy read sends) for up to 100
 * mailboxes, read for each mailbox's WorkingHours: undefined where the mailbox is unknown, shares
 * nothing, or sent none. Rejects as readAvailability does.
 */
export async function readWorkingHours(input: {
  service: ExchangeService;
  mailboxes: readonly string[];
  days: UtcDayRange;
}): Promise<(RawWorkingHours | undefined)[]> {
  const envelope = buildAvailabilityEnvelope({
    mailboxes: input.mailboxes,
    days: input.days,
    impersonation: impersonationOf(input.service),
  });
  const responses = parseAvailabilityWithWorkingHours(await postEnvelope({ service: input.service, envelope }));
  if (responses.length !== input.mailboxes.length) {
    throw new Error(`Exchange answered for ${responses.length} of ${input.mailboxes.length} mailboxes`);
  }
  return responses.map(workingHoursOf);
}
