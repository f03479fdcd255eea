import type { Element } from "@xmldom/xmldom";
import { encodeEntryId } from "../data/ids";
import { type CalendarEntry, type FreeBusyStatus, isMeeting, type MailboxProfile } from "../data/model";
import { findPermission } from "../data/people";
import { listCalendarEntries } from "../data/recurrence";
import { findChild, findChildren, locate, readChildText, readEnum, requireChild } from "../soap/dom";
import { createSchemaFault, EwsFault, EwsItemError } from "../soap/errors";
import { NS } from "../soap/namespaces";
import { renderOperationResponse, renderResponseMessage } from "../soap/render";
import { el, type Xml } from "../soap/xml";
import { createLegacyZone, deriveLegacyTimeZone, parseLegacyTimeZone, renderLegacyTimeZone } from "../timezone/legacy";
import { formatWall, parseXsDateTime, type RequestZone } from "../timezone/zones";
import type { OperationContext, OperationHandler } from "./context";

const VIEW_TYPES = ["None", "MergedOnly", "FreeBusy", "FreeBusyMerged", "Detailed", "DetailedMerged"] as const;
type ViewType = (typeof VIEW_TYPES)[number];

/**
 * Exchange's documented per-request limit on MailboxDataArray. Beyond it Exchange answers
 * ErrorMailboxDataArrayTooBig ("There are too many target users in the EmailAddress array.
 * The allowed size = 100; the actual size = 101.", the text Microsoft Graph relays from the
 * same availability service). GetUserAvailabilityResponse has no request-level
 * ResponseMessage, so request-level errors arrive as a SOAP fault.
 */
const MAX_MAILBOXES = 100;
const DAY_MS = 86_400_000;

/**
 * Merged string digits. 0–3 are documented; for WorkingElsewhere (Exchange 2013+) we send 4,
 * as Microsoft Graph's availabilityView (same availability service) documents and as the EWS
 * Managed API / ews-javascript-api decode it. MS-OXWAVLS says 4 (no data) is never returned
 * in the merged string, so there is no clash. WorkingElsewhere ranks below the busy states:
 * someone working elsewhere can still be booked.
 */
const MERGED_DIGIT: Record<FreeBusyStatus, { digit: string; rank: number }> = {
  Free: { digit: "0", rank: 0 },
  NoData: { digit: "0", rank: 0 },
  WorkingElsewhere: { digit: "4", rank: 1 },
  Tentative: { digit: "1", rank: 2 },
  Busy: { digit: "2", rank: 3 },
  OOF: { digit: "3", rank: 4 },
};

interface AvailabilityOptions {
  zone: RequestZone;
  startUtc: number;
  endUtc: number;
  interval: number;
  view: ViewType;
}

function readWindowBound(input: { element: Element; zone: RequestZone }): { wall: number; utc: number } {
  const text = input.element.textContent ?? "";
  const parsed = parseXsDateTime(text);
  if (!parsed) throw createSchemaFault({ message: `'${text}' is not a valid dateTime.`, ...locate(input.element) });
  if (parsed.offsetMinutes === undefined) return { wall: parsed.wall, utc: input.zone.toUtc(parsed.wall) };
  const utc = parsed.wall - parsed.offsetMinutes * 60_000;
  return { wall: input.zone.toWall(utc), utc };
}

function readOptions(input: { body: Element; context: OperationContext }): AvailabilityOptions {
  const { body, context } = input;
  const legacy = findChild(body, "TimeZone");
  // The legacy element belongs to this request; the TimeZoneContext header is the 2010+ way.
  const zone = legacy ? createLegacyZone(parseLegacyTimeZone(legacy)) : context.zone;
  const options = findChild(body, "FreeBusyViewOptions");
  if (!options) {
    throw new EwsFault("ErrorInvalidRequest", "The simulator answers FreeBusyViewOptions only (no suggestions).");
  }
  const window = requireChild(options, "TimeWindow");
  const start = readWindowBound({ element: requireChild(window, "StartTime"), zone });
  const end = readWindowBound({ element: requireChild(window, "EndTime"), zone });
  const intervalText = readChildText(options, "MergedFreeBusyIntervalInMinutes");
  const interval = intervalText === undefined ? 30 : Number(intervalText);
  if (!Number.isInteger(interval) || interval < 5 || interval > 1440) {
    throw new EwsFault("ErrorInvalidMergedFreeBusyInterval");
  }
  const view =
    readEnum({
      element: options,
      value: readChildText(options, "RequestedView"),
      allowed: VIEW_TYPES,
      what: "RequestedView",
    }) ?? "FreeBusy";
  if (view === "None") throw new EwsFault("ErrorInvalidFreeBusyViewType");
  if (end.utc <= start.utc) throw new EwsFault("ErrorInvalidTimeInterval");
  // Count days on the requester's clock, so a window across a DST change is not an hour "too long".
  const days = Math.ceil((end.wall - start.wall) / DAY_MS);
  const limit = context.call.maxAvailabilityDays;
  if (end.wall - start.wall > limit * DAY_MS) {
    throw new EwsFault(
      "ErrorTimeIntervalTooBig",
      `The requested time duration specified for FreeBusyViewOptions.TimeWindow is too long. The allowed limit = ${limit} days; the actual limit = ${days} days.`,
    );
  }
  return { zone, startUtc: start.utc, endUtc: end.utc, interval, view };
}

function grantView(input: { requested: ViewType; profile: MailboxProfile; requester: string }): ViewType {
  const permission = findPermission({ profile: input.profile, requester: input.requester });
  if (permission === "None") return "None";
  const detailsAllowed = permission === "Owner" || permission === "FreeBusyTimeAndSubjectAndLocation";
  if (detailsAllowed) return input.requested;
  if (input.requested === "Detailed") return "FreeBusy";
  if (input.requested === "DetailedMerged") return "FreeBusyMerged";
  return input.requested;
}

function renderMerged(input: { entries: CalendarEntry[]; options: AvailabilityOptions }): string {
  const { startUtc, endUtc, interval } = input.options;
  const slotMs = interval * 60_000;
  const slots = Math.ceil((endUtc - startUtc) / slotMs);
  let merged = "";
  for (let i = 0; i < slots; i++) {
    const from = startUtc + i * slotMs;
    const to = Math.min(from + slotMs, endUtc);
    let best = MERGED_DIGIT.Free;
    for (const entry of input.entries) {
      if (entry.fields.start < to && entry.fields.end > from && MERGED_DIGIT[entry.fields.freeBusy].rank > best.rank) {
        best = MERGED_DIGIT[entry.fields.freeBusy];
      }
    }
    merged += best.digit;
  }
  return merged;
}

function renderDetails(input: { entry: CalendarEntry; isOwner: boolean }): Xml {
  const { entry, isOwner } = input;
  const isPrivate = entry.fields.sensitivity === "Private";
  // Private items keep their subject and location from everyone but the owner, whatever the grant.
  const reveal = isOwner || !isPrivate;
  return el(
    "t:CalendarEventDetails",
    el("t:ID", encodeEntryId(entry.event)),
    reveal ? el("t:Subject", entry.fields.subject) : null,
    reveal ? el("t:Location", entry.fields.location) : null,
    el("t:IsMeeting", isMeeting(entry.event)),
    el("t:IsRecurring", entry.kind !== "Single"),
    el("t:IsException", entry.kind === "Exception"),
    el("t:IsReminderSet", entry.fields.reminderIsSet),
    el("t:IsPrivate", isPrivate),
  );
}

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

function renderWorkingHours(input: { profile: MailboxProfile; year: number }): Xml {
  const { profile } = input;
  return el(
    "t:WorkingHours",
    renderLegacyTimeZone(deriveLegacyTimeZone({ iana: profile.timeZone, year: input.year })),
    el(
      "t:WorkingPeriodArray",
      el(
        "t:WorkingPeriod",
        el("t:DayOfWeek", profile.workingDays.map((d) => DAY_NAMES[d]).join(" ")),
        el("t:StartTimeInMinutes", profile.workStartMinutes),
        el("t:EndTimeInMinutes", profile.workEndMinutes),
      ),
    ),
  );
}

function renderFreeBusyView(input: {
  context: OperationContext;
  profile: MailboxProfile;
  options: AvailabilityOptions;
}): Xml {
  const { context, profile, options } = input;
  const view = grantView({ requested: options.view, profile, requester: context.actingAs });
  if (view === "None") return el("m:FreeBusyView", el("t:FreeBusyViewType", "None"));
  const entries = listCalendarEntries({
    events: context.store.listEvents(profile.email),
    from: options.startUtc,
    to: options.endUtc,
  }).filter((entry) => entry.fields.freeBusy !== "Free");
  const merged = view === "MergedOnly" || view === "FreeBusyMerged" || view === "DetailedMerged";
  const withEvents = view !== "MergedOnly";
  const withDetails = view === "Detailed" || view === "DetailedMerged";
  const isOwner = profile.email === context.actingAs;
  const events = entries.map((entry) =>
    el(
      "t:CalendarEvent",
      el("t:StartTime", formatWall(options.zone.toWall(entry.fields.start))),
      el("t:EndTime", formatWall(options.zone.toWall(entry.fields.end))),
      el("t:BusyType", entry.fields.freeBusy),
      withDetails ? renderDetails({ entry, isOwner }) : null,
    ),
  );
  return el(
    "m:FreeBusyView",
    el("t:FreeBusyViewType", view),
    merged ? el("t:MergedFreeBusy", renderMerged({ entries, options })) : null,
    withEvents && events.length > 0 ? el("t:CalendarEventArray", events) : null,
    withEvents ? renderWorkingHours({ profile, year: new Date(options.startUtc).getUTCFullYear() }) : null,
  );
}

export const getUserAvailability: OperationHandler = (context) => {
  const body = context.request.body;
  const mailboxArray = findChild(body, "MailboxDataArray", NS.m);
  if (!mailboxArray) throw createSchemaFault({ message: "MailboxDataArray is required.", ...locate(body) });
  const mailboxes = findChildren(mailboxArray, "MailboxData");
  if (mailboxes.length === 0) throw new EwsFault("ErrorMailboxDataArrayEmpty");
  if (mailboxes.length > MAX_MAILBOXES) {
    throw new EwsFault(
      "ErrorMailboxDataArrayTooBig",
      `There are too many target users in the EmailAddress array. The allowed size = ${MAX_MAILBOXES}; the actual size = ${mailboxes.length}.`,
    );
  }
  const options = readOptions({ body, context });
  const responses = mailboxes.map((mailboxData) => {
    const email = requireChild(mailboxData, "Email");
    const address = (readChildText(email, "Address") ?? "").toLowerCase();
    const profile = context.store.findProfile(address);
    if (!profile) {
      return el(
        "m:FreeBusyResponse",
        renderResponseMessage({
          name: "ResponseMessage",
          error: new EwsItemError(
            "ErrorMailRecipientNotFound",
            `Unable to resolve e-mail address ${address} to an Active Directory object.`,
          ),
        }),
        el("m:FreeBusyView", el("t:FreeBusyViewType", "None")),
      );
    }
    return el(
      "m:FreeBusyResponse",
      renderResponseMessage({ name: "ResponseMessage" }),
      renderFreeBusyView({ context, profile, options }),
    );
  });
  return renderOperationResponse({
    name: "GetUserAvailabilityResponse",
    content: el("m:FreeBusyResponseArray", responses),
  });
};
