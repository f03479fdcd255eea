import {
  type AttendeeAvailability,
  AttendeeInfo,
  AvailabilityData,
  AvailabilityOptions,
  DateTime,
  DateTimeKind,
  type ExchangeService,
  FreeBusyViewType,
  LegacyFreeBusyStatus,
  ServiceError,
  TimeWindow,
} from "ews-javascript-api";
import type { EwsFailureReason } from "@/lib/calendars/ews-failures";
import type { UtcDayRange } from "./request-plan";
import type { BusyBlock, BusyStatus } from "./types";

/** One mailbox's part of one EWS answer, already free of the library's objects. */
export type MailboxAnswer =
  | { kind: "events"; busy: BusyBlock[] }
  | { kind: "no-data" }
  | { kind: "error"; reason: EwsFailureReason };

const BUSY_STATUS: Partial<Record<LegacyFreeBusyStatus, BusyStatus>> = {
  [LegacyFreeBusyStatus.Busy]: "busy",
  [LegacyFreeBusyStatus.Tentative]: "tentative",
  [LegacyFreeBusyStatus.OOF]: "oof",
  [LegacyFreeBusyStatus.WorkingElsewhere]: "working-elsewhere",
};

/** Views that carry CalendarEvents; None (and MergedOnly, which we never parse) mean nothing to show. */
const VIEWS_WITH_EVENTS = new Set([
  FreeBusyViewType.FreeBusy,
  FreeBusyViewType.FreeBusyMerged,
  FreeBusyViewType.Detailed,
  FreeBusyViewType.DetailedMerged,
]);

const NOT_FOUND = new Set([ServiceError.ErrorMailRecipientNotFound, ServiceError.ErrorNonExistentMailbox]);
const NOT_SHARED = new Set([ServiceError.ErrorNoFreeBusyAccess]);

/**
 * A UTC midnight as the library's DateTime in UTC mode: it formats the window with the host's local
 * clock otherwise, and a host west of Greenwich would then ask for the day before.
 */
function toUtcDateTime(instant: Date): DateTime {
  return DateTime.Parse(instant.toISOString(), DateTimeKind.Utc);
}

/** Copies start, end and status only; the service runs in UTC, so the library reads the times as UTC. */
function toBusyBlocks(answer: AttendeeAvailability): BusyBlock[] {
  const blocks: BusyBlock[] = [];
  for (const event of answer.CalendarEvents) {
    const status = BUSY_STATUS[event.FreeBusyStatus];
    if (!status) continue;
    blocks.push({
      start: event.StartTime.MomentDate.toDate().toISOString(),
      end: event.EndTime.MomentDate.toDate().toISOString(),
      status,
    });
  }
  return blocks;
}

function toMailboxAnswer(answer: AttendeeAvailability): MailboxAnswer {
  if (NOT_FOUND.has(answer.ErrorCode)) return { kind: "error", reason: "mailbox-not-found" };
  if (NOT_SHARED.has(answer.ErrorCode)) return { kind: "no-data" };
  if (answer.ErrorCode !== ServiceError.NoError) return { kind: "error", reason: "unexpected" };
  if (!VIEWS_WITH_EVENTS.has(answer.ViewType)) return { kind: "no-data" };
  return { kind: "events", busy: toBusyBlocks(answer) };
}

/**
 * One GetUserAvailability for up to 100 mailboxes over whole UTC days, asking for the FreeBusy view only:
 * Detailed would bring subjects and locations into this process, and data never fetched cannot leak.
 * Exchange answers in request order, one response per mailbox.
 */
export async function readAvailability(input: {
  service: ExchangeService;
  mailboxes: string[];
  days: UtcDayRange;
}): Promise<MailboxAnswer[]> {
  const options = new AvailabilityOptions();
  options.RequestedFreeBusyView = FreeBusyViewType.FreeBusy;
  const results = await input.service.GetUserAvailability(
    input.mailboxes.map((mailbox) => new AttendeeInfo(mailbox)),
    new TimeWindow(toUtcDateTime(input.days.start), toUtcDateTime(input.days.end)),
    AvailabilityData.FreeBusy,
    options,
  );
  const responses = results.AttendeesAvailability?.Responses ?? [];
  if (responses.length !== input.mailboxes.length) {
    throw new Error(`Exchange answered for ${responses.length} of ${input.mailboxes.length} mailboxes`);
  }
  return responses.map(toMailboxAnswer);
}
