import { encodeChangeKey, encodeFolderId, encodeItemId } from "../data/ids";
import {
  type CalendarEntry,
  type CalendarEvent,
  type ExtendedPropertyValue,
  isMeeting,
  type Person,
} from "../data/model";
import { listOriginalStarts } from "../data/recurrence";
import { attrs, el, type Xml } from "../soap/xml";
import { findWindowsZoneId, formatUtc } from "../timezone/zones";
import { CALENDAR_ITEM_ELEMENT_ORDER, describeExtendedPropertyKey, type ItemShape } from "./calendar-item";

/**
 * A calendar item as GetItem and FindItem return it: the properties its ItemShape asks for, each as
 * Exchange writes it, in the schema's order.
 */

function renderPerson(person: Person): Xml {
  return el(
    "t:Mailbox",
    el("t:Name", person.name),
    el("t:EmailAddress", person.email),
    el("t:RoutingType", "SMTP"),
    el("t:MailboxType", "Mailbox"),
  );
}

function renderAttendees(input: { name: string; people: Person[] }): Xml | null {
  if (input.people.length === 0) return null;
  return el(
    `t:${input.name}`,
    input.people.map((p) => el("t:Attendee", renderPerson(p), el("t:ResponseType", "Unknown"))),
  );
}

export function renderExtendedProperty(property: ExtendedPropertyValue): Xml {
  return el(
    "t:ExtendedProperty",
    el("t:ExtendedFieldURI", attrs(property.uri)),
    property.values
      ? el(
          "t:Values",
          property.values.map((v) => el("t:Value", v)),
        )
      : el("t:Value", property.value ?? ""),
  );
}

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

function renderRecurrence(entry: CalendarEntry): Xml | null {
  const recurrence = entry.event.recurrence;
  if (!recurrence || entry.kind !== "Single") return null;
  const pattern =
    recurrence.pattern.kind === "daily"
      ? el("t:DailyRecurrence", el("t:Interval", recurrence.pattern.interval))
      : el(
          "t:WeeklyRecurrence",
          el("t:Interval", recurrence.pattern.interval),
          el("t:DaysOfWeek", recurrence.pattern.days.map((d) => DAY_NAMES[d]).join(" ")),
        );
  const range = recurrence.endDate
    ? el("t:EndDateRecurrence", el("t:StartDate", recurrence.startDate), el("t:EndDate", recurrence.endDate))
    : recurrence.numberOfOccurrences !== undefined
      ? el(
          "t:NumberedRecurrence",
          el("t:StartDate", recurrence.startDate),
          el("t:NumberOfOccurrences", recurrence.numberOfOccurrences),
        )
      : el("t:NoEndRecurrence", el("t:StartDate", recurrence.startDate));
  return el("t:Recurrence", pattern, range);
}

export function renderItemId(entry: CalendarEntry): Xml {
  return el(
    "t:ItemId",
    attrs({
      Id: encodeItemId({ mailbox: entry.event.mailbox, uid: entry.event.uid, occurrenceStart: entry.originalStart }),
      ChangeKey: encodeChangeKey(entry.event),
    }),
  );
}

/** An occurrence of a series as OccurrenceInfoType: its id, where it is now, and where it was. */
function renderOccurrenceInfo(input: { name: string; event: CalendarEvent; originalStart: number }): Xml {
  const { event, originalStart } = input;
  const exception = event.exceptions.get(originalStart);
  const fields = exception && !exception.deleted ? exception.fields : {};
  const start = fields.start ?? originalStart;
  const end = fields.end ?? originalStart + (event.end - event.start);
  const entry: CalendarEntry = {
    event,
    fields: { ...event, start, end },
    kind: exception ? "Exception" : "Occurrence",
    originalStart,
  };
  return el(
    `t:${input.name}`,
    renderItemId(entry),
    el("t:Start", formatUtc(start)),
    el("t:End", formatUtc(end)),
    el("t:OriginalStart", formatUtc(originalStart)),
  );
}

/** The occurrences a master still has (deleted ones left out); open-ended series stop at the expansion horizon. */
function listLiveStarts(event: CalendarEvent): number[] {
  return listOriginalStarts({ event, until: Number.MAX_SAFE_INTEGER }).filter(
    (start) => !event.exceptions.get(start)?.deleted,
  );
}

const isMaster = (entry: CalendarEntry) => entry.kind === "Single" && entry.event.recurrence !== undefined;

/** ISO 8601 duration, as Exchange writes calendar:Duration (PT1H30M, P1D). */
function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes > 0 && minutes % 1440 === 0) return `P${minutes / 1440}D`;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return `P${days > 0 ? `${days}D` : ""}T${hours > 0 ? `${hours}H` : ""}${rest > 0 || hours === 0 ? `${rest}M` : ""}`;
}

/** A stable, plausible message size: Exchange reports the item's size in bytes; ours grows with its texts. */
function estimateSize(entry: CalendarEntry): number {
  const texts = [entry.fields.subject, entry.fields.body, entry.fields.location, ...entry.event.categories];
  const people = entry.event.requiredAttendees.length + entry.event.optionalAttendees.length;
  return 2048 + texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) + 256 * people;
}

interface Property {
  uri: string;
  /** The element it is written as (its place in the schema's order). */
  element: (typeof CALENDAR_ITEM_ELEMENT_ORDER)[number];
  inDefault: boolean;
  /** FindItem never returns bodies or recipient lists (Exchange leaves them to GetItem). */
  inFindItem: boolean;
  render: (entry: CalendarEntry) => Xml | null;
}

const PROPERTIES: Property[] = [
  {
    uri: "folder:ParentFolderId",
    element: "ParentFolderId",
    inDefault: true,
    inFindItem: true,
    render: (e) =>
      el(
        "t:ParentFolderId",
        attrs({ Id: encodeFolderId({ mailbox: e.event.mailbox, folder: e.event.folder }), ChangeKey: "AQAAAA==" }),
      ),
  },
  {
    uri: "item:ItemClass",
    element: "ItemClass",
    inDefault: true,
    inFindItem: true,
    render: () => el("t:ItemClass", "IPM.Appointment"),
  },
  {
    uri: "item:Subject",
    element: "Subject",
    inDefault: true,
    inFindItem: true,
    render: (e) => el("t:Subject", e.fields.subject),
  },
  {
    uri: "item:Sensitivity",
    element: "Sensitivity",
    inDefault: true,
    inFindItem: true,
    render: (e) => el("t:Sensitivity", e.fields.sensitivity),
  },
  {
    uri: "item:Body",
    element: "Body",
    inDefault: true,
    inFindItem: false,
    render: (e) => el("t:Body", attrs({ BodyType: e.fields.bodyType }), e.fields.body),
  },
  {
    uri: "item:DateTimeReceived",
    element: "DateTimeReceived",
    inDefault: true,
    inFindItem: true,
    render: (e) => el("t:DateTimeReceived", formatUtc(e.event.created)),
  },
  {
    uri: "item:Size",
    element: "Size",
    inDefault: true,
    inFindItem: true,
    render: (e) => el("t:Size", estimateSize(e)),
  },
  {
    uri: "item:Categories",
    element: "Categories",
    inDefault: true,
    inFindItem: true,
    render: (e) =>
      e.event.categories.length === 0
        ? null
        : el(
            "t:Categories",
            e.event.categories.map((category) => el("t:String", category)),
          ),
  },
  {
    uri: "item:Importance",
    element: "Importance",
    inDefault: true,
    inFindItem: true,
    render: (e) => el("t:Importance", e.event.importance),
  },
  {
    uri: "item:DateTimeCreated",
    element: "DateTimeCreated",
    inDefault: false,
    inFindItem: true,
    render: (e) => el("t:DateTimeCreated", formatUtc(e.event.created)),
  },
  {
    uri: "item:ReminderIsSet",
    element: "ReminderIsSet",
    inDefault: false,
    inFindItem: true,
    render: (e) => el("t:ReminderIsSet", e.fields.reminderIsSet),
  },
  {
    uri: "item:ReminderMinutesBeforeStart",
    element: "ReminderMinutesBeforeStart",
    inDefault: false,
    inFindItem: true,
    render: (e) => el("t:ReminderMinutesBeforeStart", e.fields.reminderMinutes),
  },
  {
    uri: "item:HasAttachments",
    element: "HasAttachments",
    inDefault: true,
    inFindItem: true,
    render: () => el("t:HasAttachments", false),
  },
  {
    uri: "item:EffectiveRights",
    element: "EffectiveRights",
    inDefault: false,
    inFindItem: true,
    // The owner's (or an impersonating service account's) rights on an item of their own calendar.
    render: () =>
      el(
        "t:EffectiveRights",
        el("t:CreateAssociated", false),
        el("t:CreateContents", false),
        el("t:CreateHierarchy", false),
        el("t:Delete", true),
        el("t:Modify", true),
        el("t:Read", true),
        el("t:ViewPrivateItems", true),
      ),
  },
  {
    uri: "item:LastModifiedTime",
    element: "LastModifiedTime",
    inDefault: false,
    inFindItem: true,
    render: (e) => el("t:LastModifiedTime", formatUtc(e.event.modified)),
  },
  { uri: "calendar:UID", element: "UID", inDefault: false, inFindItem: true, render: (e) => el("t:UID", e.event.uid) },
  {
    uri: "calendar:RecurrenceId",
    element: "RecurrenceId",
    inDefault: false,
    inFindItem: true,
    render: (e) => (e.originalStart === undefined ? null : el("t:RecurrenceId", formatUtc(e.originalStart))),
  },
  {
    uri: "calendar:Start",
    element: "Start",
    inDefault: true,
    inFindItem: true,
    render: (e) => el("t:Start", formatUtc(e.fields.start)),
  },
  {
    uri: "calendar:End",
    element: "End",
    inDefault: true,
    inFindItem: true,
    render: (e) => el("t:End", formatUtc(e.fields.end)),
  },
  {
    uri: "calendar:OriginalStart",
    element: "OriginalStart",
    inDefault: false,
    inFindItem: true,
    render: (e) => (e.originalStart === undefined ? null : el("t:OriginalStart", formatUtc(e.originalStart))),
  },
  {
    uri: "calendar:IsAllDayEvent",
    element: "IsAllDayEvent",
    inDefault: true,
    inFindItem: true,
    render: (e) => el("t:IsAllDayEvent", e.fields.isAllDay),
  },
  {
    uri: "calendar:LegacyFreeBusyStatus",
    element: "LegacyFreeBusyStatus",
    inDefault: true,
    inFindItem: true,
    render: (e) => el("t:LegacyFreeBusyStatus", e.fields.freeBusy),
  },
  {
    uri: "calendar:Location",
    element: "Location",
    inDefault: true,
    inFindItem: true,
    render: (e) => el("t:Location", e.fields.location),
  },
  {
    uri: "calendar:IsMeeting",
    element: "IsMeeting",
    inDefault: true,
    inFindItem: true,
    render: (e) => el("t:IsMeeting", isMeeting(e.event)),
  },
  {
    uri: "calendar:IsCancelled",
    element: "IsCancelled",
    inDefault: true,
    inFindItem: true,
    render: () => el("t:IsCancelled", false),
  },
  {
    uri: "calendar:IsRecurring",
    element: "IsRecurring",
    inDefault: true,
    inFindItem: true,
    render: (e) => el("t:IsRecurring", e.kind !== "Single"),
  },
  {
    uri: "calendar:CalendarItemType",
    element: "CalendarItemType",
    inDefault: true,
    inFindItem: true,
    render: (e) => el("t:CalendarItemType", isMaster(e) ? "RecurringMaster" : e.kind),
  },
  {
    uri: "calendar:MyResponseType",
    element: "MyResponseType",
    inDefault: true,
    inFindItem: true,
    render: () => el("t:MyResponseType", "Organizer"),
  },
  {
    uri: "calendar:Organizer",
    element: "Organizer",
    inDefault: true,
    inFindItem: true,
    render: (e) => el("t:Organizer", renderPerson(e.event.organizer)),
  },
  {
    uri: "calendar:RequiredAttendees",
    element: "RequiredAttendees",
    inDefault: false,
    inFindItem: false,
    render: (e) => renderAttendees({ name: "RequiredAttendees", people: e.event.requiredAttendees }),
  },
  {
    uri: "calendar:OptionalAttendees",
    element: "OptionalAttendees",
    inDefault: false,
    inFindItem: false,
    render: (e) => renderAttendees({ name: "OptionalAttendees", people: e.event.optionalAttendees }),
  },
  {
    uri: "calendar:Duration",
    element: "Duration",
    inDefault: false,
    inFindItem: true,
    render: (e) => el("t:Duration", formatDuration(e.fields.end - e.fields.start)),
  },
  {
    uri: "calendar:AppointmentSequenceNumber",
    element: "AppointmentSequenceNumber",
    inDefault: false,
    inFindItem: true,
    // Bumped by updates sent to attendees; the simulator sends none, so it stays where it started.
    render: () => el("t:AppointmentSequenceNumber", 0),
  },
  {
    uri: "calendar:AppointmentState",
    element: "AppointmentState",
    inDefault: false,
    inFindItem: true,
    // A bit mask: 1 = meeting, 2 = received (an attendee's copy), 4 = cancelled. Every item here is the organizer's.
    render: (e) => el("t:AppointmentState", isMeeting(e.event) ? 1 : 0),
  },
  {
    uri: "calendar:Recurrence",
    element: "Recurrence",
    inDefault: false,
    inFindItem: false,
    render: renderRecurrence,
  },
  {
    uri: "calendar:FirstOccurrence",
    element: "FirstOccurrence",
    inDefault: false,
    inFindItem: false,
    render: (e) => {
      const first = isMaster(e) ? listLiveStarts(e.event)[0] : undefined;
      return first === undefined
        ? null
        : renderOccurrenceInfo({ name: "FirstOccurrence", event: e.event, originalStart: first });
    },
  },
  {
    uri: "calendar:LastOccurrence",
    element: "LastOccurrence",
    inDefault: false,
    inFindItem: false,
    render: (e) => {
      const recurrence = e.event.recurrence;
      // A series without an end has no last occurrence.
      if (!isMaster(e) || !recurrence || (!recurrence.endDate && recurrence.numberOfOccurrences === undefined))
        return null;
      const last = listLiveStarts(e.event).at(-1);
      return last === undefined
        ? null
        : renderOccurrenceInfo({ name: "LastOccurrence", event: e.event, originalStart: last });
    },
  },
  {
    uri: "calendar:ModifiedOccurrences",
    element: "ModifiedOccurrences",
    inDefault: false,
    inFindItem: false,
    render: (e) => {
      const modified = isMaster(e)
        ? [...e.event.exceptions.entries()].filter(([, exception]) => !exception.deleted).map(([start]) => start)
        : [];
      return modified.length === 0
        ? null
        : el(
            "t:ModifiedOccurrences",
            modified
              .sort((a, b) => a - b)
              .map((start) => renderOccurrenceInfo({ name: "Occurrence", event: e.event, originalStart: start })),
          );
    },
  },
  {
    uri: "calendar:DeletedOccurrences",
    element: "DeletedOccurrences",
    inDefault: false,
    inFindItem: false,
    render: (e) => {
      const deleted = isMaster(e)
        ? [...e.event.exceptions.entries()].filter(([, exception]) => exception.deleted).map(([start]) => start)
        : [];
      return deleted.length === 0
        ? null
        : el(
            "t:DeletedOccurrences",
            deleted.sort((a, b) => a - b).map((start) => el("t:DeletedOccurrence", el("t:Start", formatUtc(start)))),
          );
    },
  },
  {
    uri: "calendar:StartTimeZone",
    element: "StartTimeZone",
    inDefault: false,
    inFindItem: true,
    render: (e) => el("t:StartTimeZone", attrs({ Id: findWindowsZoneId(e.event.timeZone) })),
  },
  {
    uri: "calendar:EndTimeZone",
    element: "EndTimeZone",
    inDefault: false,
    inFindItem: true,
    render: (e) => el("t:EndTimeZone", attrs({ Id: findWindowsZoneId(e.event.endTimeZone) })),
  },
];

const ORDER = new Map<string, number>(CALENDAR_ITEM_ELEMENT_ORDER.map((name, index) => [name, index]));
const position = (element: string) => ORDER.get(element) ?? Number.MAX_SAFE_INTEGER;

/** The field URIs the simulator returns, for tests of what a shape yields. */
export const RENDERED_FIELD_URIS: readonly string[] = PROPERTIES.map((p) => p.uri);

/** A t:CalendarItem in schema order with the properties the shape asks for. */
export function renderCalendarItem(input: { entry: CalendarEntry; shape: ItemShape; forFindItem: boolean }): Xml {
  const { entry, shape, forFindItem } = input;
  const wanted = (p: Property): boolean => {
    if (forFindItem && !p.inFindItem) return false;
    if (shape.fields.has(p.uri)) return true;
    if (shape.base === "AllProperties") return true;
    return shape.base === "Default" && p.inDefault;
  };
  const requestedKeys = new Set(shape.extended.map(describeExtendedPropertyKey));
  const parts: Array<{ at: number; xml: Xml | null }> = [
    ...PROPERTIES.filter(wanted).map((p) => ({ at: position(p.element), xml: p.render(entry) })),
    ...entry.event.extendedProperties
      .filter((p) => requestedKeys.has(describeExtendedPropertyKey(p.uri)))
      .map((p) => ({ at: position("ExtendedProperty"), xml: renderExtendedProperty(p) })),
  ];
  // Stable: extended properties keep the order they were set in.
  parts.sort((a, b) => a.at - b.at);
  return el(
    "t:CalendarItem",
    renderItemId(entry),
    parts.map((part) => part.xml),
  );
}
