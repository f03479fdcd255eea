import {
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
import { MailboxServiceError } from "./ews-failures";

export type FreeBusyStatus = "Free" | "Tentative" | "Busy" | "OOF" | "WorkingElsewhere" | "NoData";

/** Everything of an event that may leave this module: when, and how busy. Nothing else exists in this type. */
export interface FreeBusySlot {
  start: string;
  end: string;
  status: FreeBusyStatus;
}

const DAY_MS = 86_400_000;
export const PREVIEW_DAYS = 7;

function toStatus(value: number): FreeBusyStatus {
  const name = LegacyFreeBusyStatus[value];
  return name === "Free" || name === "Tentative" || name === "Busy" || name === "OOF" || name === "WorkingElsewhere"
    ? name
    : "NoData";
}

/**
 * The mailbox's free/busy from `now` for PREVIEW_DAYS, asking Exchange for the FreeBusy view only: Detailed
 * would bring subjects and locations into this process, and data never fetched cannot leak. Each event is
 * copied field by field into a FreeBusySlot at once; the library's objects go no further than this function.
 */
export async function readFreeBusy({
  service,
  mailbox,
  now,
}: {
  service: ExchangeService;
  mailbox: string;
  now: Date;
}): Promise<FreeBusySlot[]> {
  const windowEnd = new Date(now.getTime() + PREVIEW_DAYS * DAY_MS);
  // The library sends whole dates, so ask from today's UTC midnight to the day after the window, then clip.
  // In UTC mode: otherwise it formats those dates with the host's local clock, and a host west of Greenwich
  // would ask for a window one day early and lose the preview's last hours.
  const firstDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const start = DateTime.Parse(firstDay.toISOString(), DateTimeKind.Utc);
  const options = new AvailabilityOptions();
  options.RequestedFreeBusyView = FreeBusyViewType.FreeBusy;
  const results = await service.GetUserAvailability(
    [new AttendeeInfo(mailbox)],
    new TimeWindow(start, start.AddDays(PREVIEW_DAYS + 1)),
    AvailabilityData.FreeBusy,
    options,
  );
  const [answer] = results.AttendeesAvailability.Responses;
  if (!answer) throw new MailboxServiceError(ServiceError.ErrorMailRecipientNotFound);
  if (answer.ErrorCode !== ServiceError.NoError) throw new MailboxServiceError(answer.ErrorCode);
  const slots: FreeBusySlot[] = [];
  for (const event of answer.CalendarEvents) {
    const eventStart = event.StartTime.MomentDate.toDate();
    const eventEnd = event.EndTime.MomentDate.toDate();
    if (eventEnd <= now || eventStart >= windowEnd) continue;
    slots.push({
      start: new Date(Math.max(eventStart.getTime(), now.getTime())).toISOString(),
      end: new Date(Math.min(eventEnd.getTime(), windowEnd.getTime())).toISOString(),
      status: toStatus(event.FreeBusyStatus),
    });
  }
  return slots.sort((a, b) => a.start.localeCompare(b.start));
}
