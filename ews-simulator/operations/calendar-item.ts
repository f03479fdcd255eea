import type { Element } from "@xmldom/xmldom";
import { encodeCalendarFolderId, encodeChangeKey, encodeItemId } from "../data/ids";
import {
  type CalendarEntry,
  type ExtendedPropertyValue,
  FREE_BUSY_STATUSES,
  isMeeting,
  type Person,
  SENSITIVITIES,
} from "../data/model";
import {
  findChild,
  findChildren,
  listChildElements,
  locate,
  parseXsBoolean,
  readAttribute,
  readChildText,
  readEnum,
  readText,
} from "../soap/dom";
import { createSchemaFault, EwsItemError } from "../soap/errors";
import { NS } from "../soap/namespaces";
import { attrs, el, type Xml } from "../soap/xml";
import { findWindowsZoneId, formatUtc, type RequestZone, resolveInstant, resolveZoneId } from "../timezone/zones";

/** Child order of t:CalendarItem in types.xsd (ItemType's elements, then CalendarItemType's). */
export const CALENDAR_ITEM_ELEMENT_ORDER = [
  "MimeContent",
  "ItemId",
  "ParentFolderId",
  "ItemClass",
  "Subject",
  "Sensitivity",
  "Body",
  "Attachments",
  "DateTimeReceived",
  "Size",
  "Categories",
  "Importance",
  "InReplyTo",
  "IsSubmitted",
  "IsDraft",
  "IsFromMe",
  "IsResend",
  "IsUnmodified",
  "InternetMessageHeaders",
  "DateTimeSent",
  "DateTimeCreated",
  "ResponseObjects",
  "ReminderDueBy",
  "ReminderIsSet",
  "ReminderNextTime",
  "ReminderMinutesBeforeStart",
  "DisplayCc",
  "DisplayTo",
  "DisplayBcc",
  "HasAttachments",
  "ExtendedProperty",
  "Culture",
  "EffectiveRights",
  "LastModifiedName",
  "LastModifiedTime",
  "IsAssociated",
  "WebClientReadFormQueryString",
  "WebClientEditFormQueryString",
  "ConversationId",
  "UniqueBody",
  "Flag",
  "StoreEntryId",
  "InstanceKey",
  "NormalizedBody",
  "EntityExtractionResult",
  "PolicyTag",
  "ArchiveTag",
  "RetentionDate",
  "Preview",
  "RightsManagementLicenseData",
  "PredictedActionReasons",
  "IsClutter",
  "BlockStatus",
  "HasBlockedImages",
  "TextBody",
  "IconIndex",
  "SearchKey",
  "SortKey",
  "Hashtags",
  "Mentions",
  "MentionedMe",
  "MentionsPreview",
  "MentionsEx",
  "AppliedHashtags",
  "AppliedHashtagsPreview",
  "Likes",
  "LikesPreview",
  "PendingSocialActivityTagIds",
  "AtAllMention",
  "CanDelete",
  "InferenceClassification",
  "UID",
  "RecurrenceId",
  "DateTimeStamp",
  "Start",
  "End",
  "OriginalStart",
  "IsAllDayEvent",
  "LegacyFreeBusyStatus",
  "Location",
  "When",
  "IsMeeting",
  "IsCancelled",
  "IsRecurring",
  "MeetingRequestWasSent",
  "IsResponseRequested",
  "CalendarItemType",
  "MyResponseType",
  "Organizer",
  "RequiredAttendees",
  "OptionalAttendees",
  "Resources",
  "InboxReminders",
  "ConflictingMeetingCount",
  "AdjacentMeetingCount",
  "ConflictingMeetings",
  "AdjacentMeetings",
  "Duration",
  "TimeZone",
  "AppointmentReplyTime",
  "AppointmentSequenceNumber",
  "AppointmentState",
  "Recurrence",
  "FirstOccurrence",
  "LastOccurrence",
  "ModifiedOccurrences",
  "DeletedOccurrences",
  "MeetingTimeZone",
  "StartTimeZone",
  "EndTimeZone",
  "ConferenceType",
  "AllowNewTimeProposal",
  "IsOnlineMeeting",
  "MeetingWorkspaceUrl",
  "NetShowUrl",
  "EnhancedLocation",
  "StartWallClock",
  "EndWallClock",
  "StartTimeZoneId",
  "EndTimeZoneId",
  "IntendedFreeBusyStatus",
  "JoinOnlineMeetingUrl",
  "OnlineMeetingSettings",
  "IsOrganizer",
  "CalendarActivityData",
  "DoNotForwardMeeting",
] as const;

const REPEATABLE = new Set(["ExtendedProperty"]);

/** Exchange validates requests against the schema, so out-of-order children are ErrorSchemaValidation. */
export function checkCalendarItemOrder(item: Element): void {
  let previous = -1;
  for (const child of listChildElements(item)) {
    const local = child.localName ?? "";
    const index = (CALENDAR_ITEM_ELEMENT_ORDER as readonly string[]).indexOf(local);
    if (child.namespaceURI !== NS.t || index < 0) {
      throw createSchemaFault({
        message: `The element 'CalendarItem' has invalid child element '${local}'.`,
        ...locate(child),
      });
    }
    if (index < previous || (index === previous && !REPEATABLE.has(local))) {
      throw createSchemaFault({
        message: `The element 'CalendarItem' in namespace '${NS.t}' has invalid child element '${local}' in namespace '${NS.t}'.`,
        ...locate(child),
      });
    }
    previous = index;
  }
}

const URI_ATTRIBUTES = [
  "DistinguishedPropertySetId",
  "PropertySetId",
  "PropertyTag",
  "PropertyName",
  "PropertyId",
  "PropertyType",
] as const;

export function readExtendedFieldUri(element: Element): Record<string, string> {
  const uri: Record<string, string> = {};
  for (const name of URI_ATTRIBUTES) {
    const value = readAttribute(element, name);
    if (value !== undefined) uri[name] = value;
  }
  if (!uri.PropertyType)
    throw createSchemaFault({ message: "ExtendedFieldURI needs PropertyType.", ...locate(element) });
  return uri;
}

/** Two ExtendedFieldURIs name the same property when set, name/id and tag agree (type is not part of the name). */
export function describeExtendedPropertyKey(uri: Record<string, string>): string {
  const tag = uri.PropertyTag ? Number(uri.PropertyTag).toString(16) : "";
  return [
    uri.DistinguishedPropertySetId ?? "",
    (uri.PropertySetId ?? "").toLowerCase(),
    uri.PropertyName ?? "",
    uri.PropertyId ?? "",
    tag,
  ].join("|");
}

export function readExtendedProperty(element: Element): ExtendedPropertyValue {
  const uriElement = findChild(element, "ExtendedFieldURI");
  if (!uriElement) throw createSchemaFault({ message: "ExtendedProperty needs ExtendedFieldURI.", ...locate(element) });
  const valuesElement = findChild(element, "Values");
  return {
    uri: readExtendedFieldUri(uriElement),
    value: valuesElement ? undefined : (readChildText(element, "Value") ?? ""),
    values: valuesElement ? findChildren(valuesElement, "Value").map(readText) : undefined,
  };
}

function readAttendees(parent: Element | undefined): Person[] {
  if (!parent) return [];
  return findChildren(parent, "Attendee").map((attendee) => {
    const mailbox = findChild(attendee, "Mailbox");
    const email = mailbox ? readChildText(mailbox, "EmailAddress") : undefined;
    if (!mailbox || !email)
      throw new EwsItemError("ErrorInvalidRequest", "An attendee needs a Mailbox with an EmailAddress.");
    return { email: email.toLowerCase(), name: readChildText(mailbox, "Name") ?? email };
  });
}

function readZoneAttribute(element: Element | undefined): string | undefined {
  if (!element) return undefined;
  const id = readAttribute(element, "Id") ?? "";
  const iana = resolveZoneId(id);
  if (!iana) throw new EwsItemError("ErrorCalendarInvalidTimeZone", `The time zone '${id}' is not known.`);
  return iana;
}

/** MeetingTimeZone (Exchange 2007 clients): TimeZoneName if we know it, else the fixed BaseOffset. */
function readMeetingTimeZone(element: Element | undefined): string | undefined {
  if (!element) return undefined;
  const name = readAttribute(element, "TimeZoneName");
  const byName = name ? resolveZoneId(name) : undefined;
  if (byName) return byName;
  const match = /^(-)?PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(readChildText(element, "BaseOffset") ?? "");
  if (!match) return undefined;
  const bias = (match[1] ? -1 : 1) * (Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0));
  const offset = -bias;
  const sign = offset < 0 ? "-" : "+";
  return `UTC${sign}${Math.floor(Math.abs(offset) / 60)}:${String(Math.abs(offset) % 60).padStart(2, "0")}`;
}

/** Everything CreateItem/UpdateItem may set on a calendar item; absent fields stay undefined. */
export interface CalendarItemInput {
  subject?: string;
  body?: { text: string; type: "Text" | "HTML" };
  sensitivity?: (typeof SENSITIVITIES)[number];
  reminderIsSet?: boolean;
  reminderMinutes?: number;
  extendedProperties: ExtendedPropertyValue[];
  start?: number;
  end?: number;
  isAllDay?: boolean;
  freeBusy?: (typeof FREE_BUSY_STATUSES)[number];
  location?: string;
  requiredAttendees?: Person[];
  optionalAttendees?: Person[];
  startTimeZone?: string;
  endTimeZone?: string;
}

export function readCalendarItem(input: {
  item: Element;
  zone: RequestZone;
  createZone: (iana: string) => RequestZone;
}): CalendarItemInput {
  const { item } = input;
  checkCalendarItemOrder(item);
  const meetingZone = readMeetingTimeZone(findChild(item, "MeetingTimeZone"));
  const startTimeZone = readZoneAttribute(findChild(item, "StartTimeZone")) ?? meetingZone;
  const endTimeZone = readZoneAttribute(findChild(item, "EndTimeZone")) ?? startTimeZone;
  // The creation zone also reads the times that carry no offset (Microsoft's "create appointments in a specific time zone").
  const readTime = (local: string, zoneId: string | undefined): number | undefined => {
    const element = findChild(item, local);
    if (!element) return undefined;
    const zone = zoneId ? input.createZone(zoneId) : input.zone;
    const instant = resolveInstant({ text: readText(element), zone });
    if (instant === undefined)
      throw createSchemaFault({ message: `'${readText(element)}' is not a valid dateTime.`, ...locate(element) });
    return instant;
  };
  const bodyElement = findChild(item, "Body");
  const flag = (local: string): boolean | undefined => {
    const element = findChild(item, local);
    return element ? parseXsBoolean({ value: readText(element), element }) : undefined;
  };
  const reminderMinutes = readChildText(item, "ReminderMinutesBeforeStart");
  return {
    subject: readChildText(item, "Subject"),
    body: bodyElement
      ? { text: readText(bodyElement), type: readAttribute(bodyElement, "BodyType") === "HTML" ? "HTML" : "Text" }
      : undefined,
    sensitivity: readEnum({
      element: item,
      value: readChildText(item, "Sensitivity"),
      allowed: SENSITIVITIES,
      what: "Sensitivity",
    }),
    reminderIsSet: flag("ReminderIsSet"),
    reminderMinutes: reminderMinutes === undefined ? undefined : Number(reminderMinutes),
    extendedProperties: findChildren(item, "ExtendedProperty").map(readExtendedProperty),
    start: readTime("Start", startTimeZone),
    end: readTime("End", endTimeZone),
    isAllDay: flag("IsAllDayEvent"),
    freeBusy: readEnum({
      element: item,
      value: readChildText(item, "LegacyFreeBusyStatus"),
      allowed: FREE_BUSY_STATUSES,
      what: "LegacyFreeBusyStatus",
    }),
    location: readChildText(item, "Location"),
    requiredAttendees: findChild(item, "RequiredAttendees")
      ? readAttendees(findChild(item, "RequiredAttendees"))
      : undefined,
    optionalAttendees: findChild(item, "OptionalAttendees")
      ? readAttendees(findChild(item, "OptionalAttendees"))
      : undefined,
    startTimeZone,
    endTimeZone,
  };
}

/** Which properties a response carries: ItemShape's BaseShape plus AdditionalProperties. */
export interface ItemShape {
  base: "IdOnly" | "Default" | "AllProperties";
  fields: Set<string>;
  extended: Record<string, string>[];
}

export function readItemShape(shapeElement: Element | undefined): ItemShape {
  if (!shapeElement) return { base: "Default", fields: new Set(), extended: [] };
  const base = readEnum({
    element: shapeElement,
    value: readChildText(shapeElement, "BaseShape") ?? "Default",
    allowed: ["IdOnly", "Default", "AllProperties"] as const,
    what: "BaseShape",
  });
  const additional = findChild(shapeElement, "AdditionalProperties");
  const fields = new Set<string>();
  const extended: Record<string, string>[] = [];
  for (const child of additional ? listChildElements(additional) : []) {
    if (child.localName === "FieldURI") fields.add(readAttribute(child, "FieldURI") ?? "");
    else if (child.localName === "ExtendedFieldURI") extended.push(readExtendedFieldUri(child));
  }
  return { base: base ?? "Default", fields, extended };
}

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

interface Property {
  uri: string;
  inDefault: boolean;
  /** FindItem never returns bodies or recipient lists (Exchange leaves them to GetItem). */
  inFindItem: boolean;
  render: (entry: CalendarEntry) => Xml | null;
}

const PROPERTIES: Property[] = [
  {
    uri: "folder:ParentFolderId",
    inDefault: true,
    inFindItem: true,
    render: (e) =>
      el("t:ParentFolderId", attrs({ Id: encodeCalendarFolderId(e.event.mailbox), ChangeKey: "AQAAAA==" })),
  },
  { uri: "item:ItemClass", inDefault: true, inFindItem: true, render: () => el("t:ItemClass", "IPM.Appointment") },
  { uri: "item:Subject", inDefault: true, inFindItem: true, render: (e) => el("t:Subject", e.fields.subject) },
  {
    uri: "item:Sensitivity",
    inDefault: true,
    inFindItem: true,
    render: (e) => el("t:Sensitivity", e.fields.sensitivity),
  },
  {
    uri: "item:Body",
    inDefault: true,
    inFindItem: false,
    render: (e) => el("t:Body", attrs({ BodyType: e.fields.bodyType }), e.fields.body),
  },
  {
    uri: "item:DateTimeCreated",
    inDefault: false,
    inFindItem: true,
    render: (e) => el("t:DateTimeCreated", formatUtc(e.event.created)),
  },
  {
    uri: "item:ReminderIsSet",
    inDefault: false,
    inFindItem: true,
    render: (e) => el("t:ReminderIsSet", e.fields.reminderIsSet),
  },
  {
    uri: "item:ReminderMinutesBeforeStart",
    inDefault: false,
    inFindItem: true,
    render: (e) => el("t:ReminderMinutesBeforeStart", e.fields.reminderMinutes),
  },
  { uri: "item:HasAttachments", inDefault: true, inFindItem: true, render: () => el("t:HasAttachments", false) },
  {
    uri: "item:LastModifiedTime",
    inDefault: false,
    inFindItem: true,
    render: (e) => el("t:LastModifiedTime", formatUtc(e.event.modified)),
  },
  { uri: "calendar:UID", inDefault: false, inFindItem: true, render: (e) => el("t:UID", e.event.uid) },
  { uri: "calendar:Start", inDefault: true, inFindItem: true, render: (e) => el("t:Start", formatUtc(e.fields.start)) },
  { uri: "calendar:End", inDefault: true, inFindItem: true, render: (e) => el("t:End", formatUtc(e.fields.end)) },
  {
    uri: "calendar:OriginalStart",
    inDefault: false,
    inFindItem: true,
    render: (e) => (e.originalStart === undefined ? null : el("t:OriginalStart", formatUtc(e.originalStart))),
  },
  {
    uri: "calendar:IsAllDayEvent",
    inDefault: true,
    inFindItem: true,
    render: (e) => el("t:IsAllDayEvent", e.fields.isAllDay),
  },
  {
    uri: "calendar:LegacyFreeBusyStatus",
    inDefault: true,
    inFindItem: true,
    render: (e) => el("t:LegacyFreeBusyStatus", e.fields.freeBusy),
  },
  { uri: "calendar:Location", inDefault: true, inFindItem: true, render: (e) => el("t:Location", e.fields.location) },
  {
    uri: "calendar:IsMeeting",
    inDefault: true,
    inFindItem: true,
    render: (e) => el("t:IsMeeting", isMeeting(e.event)),
  },
  { uri: "calendar:IsCancelled", inDefault: true, inFindItem: true, render: () => el("t:IsCancelled", false) },
  {
    uri: "calendar:IsRecurring",
    inDefault: true,
    inFindItem: true,
    render: (e) => el("t:IsRecurring", e.kind !== "Single"),
  },
  {
    uri: "calendar:CalendarItemType",
    inDefault: true,
    inFindItem: true,
    render: (e) => el("t:CalendarItemType", e.kind === "Single" && e.event.recurrence ? "RecurringMaster" : e.kind),
  },
  {
    uri: "calendar:MyResponseType",
    inDefault: true,
    inFindItem: true,
    render: () => el("t:MyResponseType", "Organizer"),
  },
  {
    uri: "calendar:Organizer",
    inDefault: true,
    inFindItem: true,
    render: (e) => el("t:Organizer", renderPerson(e.event.organizer)),
  },
  {
    uri: "calendar:RequiredAttendees",
    inDefault: false,
    inFindItem: false,
    render: (e) => renderAttendees({ name: "RequiredAttendees", people: e.event.requiredAttendees }),
  },
  {
    uri: "calendar:OptionalAttendees",
    inDefault: false,
    inFindItem: false,
    render: (e) => renderAttendees({ name: "OptionalAttendees", people: e.event.optionalAttendees }),
  },
  { uri: "calendar:Recurrence", inDefault: false, inFindItem: false, render: renderRecurrence },
  {
    uri: "calendar:StartTimeZone",
    inDefault: false,
    inFindItem: true,
    render: (e) => el("t:StartTimeZone", attrs({ Id: findWindowsZoneId(e.event.timeZone) })),
  },
  {
    uri: "calendar:EndTimeZone",
    inDefault: false,
    inFindItem: true,
    render: (e) => el("t:EndTimeZone", attrs({ Id: findWindowsZoneId(e.event.endTimeZone) })),
  },
];

const EXTENDED_POSITION = PROPERTIES.findIndex((p) => p.uri === "item:LastModifiedTime");

export function renderItemId(entry: CalendarEntry): Xml {
  return el(
    "t:ItemId",
    attrs({
      Id: encodeItemId({ mailbox: entry.event.mailbox, uid: entry.event.uid, occurrenceStart: entry.originalStart }),
      ChangeKey: encodeChangeKey(entry.event),
    }),
  );
}

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
  const extended = entry.event.extendedProperties
    .filter((p) => requestedKeys.has(describeExtendedPropertyKey(p.uri)))
    .map(renderExtendedProperty);
  const rendered = PROPERTIES.map((p, index) => [
    index === EXTENDED_POSITION ? extended : null,
    wanted(p) ? p.render(entry) : null,
  ]);
  return el("t:CalendarItem", renderItemId(entry), rendered);
}
