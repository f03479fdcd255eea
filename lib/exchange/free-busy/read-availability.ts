import { ConnectingIdType, type ExchangeService } from "ews-javascript-api";
import type { EwsFailureReason } from "@/lib/exchange/connection/failures";
import { postEnvelope } from "../soap/post-envelope";
import { buildAvailabilityEnvelope, type Impersonation } from "./availability-request";
import { parseAvailabilityResponse, type RawCalendarEvent, type RawFreeBusyResponse } from "./availability-response";
import type { UtcDayRange } from "./request-plan";
import type { BusyBlock, BusyStatus } from "./types";

/** One mailbox's part of one EWS answer, already free of the wire format. */
export type MailboxAnswer =
  | { kind: "events"; busy: BusyBlock[] }
  | { kind: "no-data" }
  | { kind: "error"; reason: EwsFailureReason };

/** BusyType → our status; Free and NoData (and anything unknown) are no block. A Map: keys come from the server. */
const BUSY_STATUS = new Map<string, BusyStatus>([
  ["Busy", "busy"],
  ["Tentative", "tentative"],
  ["OOF", "oof"],
  ["WorkingElsewhere", "working-elsewhere"],
]);

/** Views that carry CalendarEvents (and WorkingHours); None and MergedOnly mean nothing to show. */
export const VIEWS_WITH_EVENTS = new Set(["FreeBusy", "FreeBusyMerged", "Detailed", "DetailedMerged"]);

const NOT_FOUND = new Set(["ErrorMailRecipientNotFound", "ErrorNonExistentMailbox"]);
const NOT_SHARED = new Set(["ErrorNoFreeBusyAccess"]);

const CONNECTING_ID: Record<ConnectingIdType, Impersonation["idType"]> = {
  [ConnectingIdType.PrincipalName]: "PrincipalName",
  [ConnectingIdType.SID]: "SID",
  [ConnectingIdType.SmtpAddress]: "SmtpAddress",
};

/** runEws decides impersonation (from actAs) on the service, as it did for the library's own requests. */
export function impersonationOf(service: ExchangeService): Impersonation | undefined {
  const user = service.ImpersonatedUserId;
  return user?.Id ? { idType: CONNECTING_ID[user.IdType], id: user.Id } : undefined;
}

function toBusyBlocks(events: readonly RawCalendarEvent[]): BusyBlock[] {
  const blocks: BusyBlock[] = [];
  for (const event of events) {
    const status = BUSY_STATUS.get(event.busyType);
    if (!status) continue;
    blocks.push({ start: new Date(event.start).toISOString(), end: new Date(event.end).toISOString(), status });
  }
  return blocks;
}

/** The schema requires ResponseClass but not ResponseCode: a bare Success means NoError. */
export function responseCodeOf(response: RawFreeBusyResponse): string | undefined {
  return response.responseCode ?? (response.responseClass === "Success" ? "NoError" : undefined);
}

function toMailboxAnswer(response: RawFreeBusyResponse): MailboxAnswer {
  const code = responseCodeOf(response);
  if (code && NOT_FOUND.has(code)) return { kind: "error", reason: "mailbox-not-found" };
  if (code && NOT_SHARED.has(code)) return { kind: "no-data" };
  if (code !== "NoError") return { kind: "error", reason: "unexpected" };
  // No view, None or MergedOnly: the server shares nothing we read (Kiri's "None" to everyone but her).
  if (!response.viewType || !VIEWS_WITH_EVENTS.has(response.viewType)) return { kind: "no-data" };
  return { kind: "events", busy: toBusyBlocks(response.events) };
}

/**
 * One GetUserAvailability for up to 100 mailboxes over whole UTC days, FreeBusy view only, written and read
 * here rather than by ews-javascript-api (its DOM and moment parsing cost ~100 ms for a 100-person week)
 * but sent through the service's transport. Exchange answers in request order, one response per mailbox.
 * Rejects as the transport or the SOAP fault did (see postEnvelope), or on an answer it cannot read.
 */
export async function readAvailability(input: {
  service: ExchangeService;
  mailboxes: string[];
  days: UtcDayRange;
}): Promise<MailboxAnswer[]> {
  const envelope = buildAvailabilityEnvelope({
    mailboxes: input.mailboxes,
    days: input.days,
    impersonation: impersonationOf(input.service),
  });
  const responses = parseAvailabilityResponse(await postEnvelope({ service: input.service, envelope }));
  if (responses.length !== input.mailboxes.length) {
    throw new Error(`Exchange answered for ${responses.length} of ${input.mailboxes.length} mailboxes`);
  }
  return responses.map(toMailboxAnswer);
}
