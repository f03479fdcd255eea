import type { Element } from "@xmldom/xmldom";
import {
  type ExtendedPropertyValue,
  FREE_BUSY_STATUSES,
  IMPORTANCES,
  type Importance,
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
import { type RequestZone, resolveInstant, resolveZoneId } from "../timezone/zones";

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

/**
 * Attendees as Exchange stores them: an address of the organisation gets its directory display name
 * (whatever name the client sent); an outside address keeps the name sent, or the address itself.
 */
function readAttendees(input: { parent: Element | undefined; lookupName: NameLookup }): Person[] {
  if (!input.parent) return [];
  return findChildren(input.parent, "Attendee").map((attendee) => {
    const mailbox = findChild(attendee, "Mailbox");
    const email = mailbox ? readChildText(mailbox, "EmailAddress") : undefined;
    if (!mailbox || !email)
      throw new EwsItemError("ErrorInvalidRequest", "An attendee needs a Mailbox with an EmailAddress.");
    const address = email.toLowerCase();
    return { email: address, name: input.lookupName(address) ?? readChildText(mailbox, "Name") ?? email };
  });
}

/** The directory's display name for an address of the organisation; undefined for anyone else. */
export type NameLookup = (email: string) => string | undefined;

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
  categories?: string[];
  importance?: Importance;
}

export function readCalendarItem(input: {
  item: Element;
  zone: RequestZone;
  createZone: (iana: string) => RequestZone;
  lookupName: NameLookup;
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
  const categories = findChild(item, "Categories");
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
      ? readAttendees({ parent: findChild(item, "RequiredAttendees"), lookupName: input.lookupName })
      : undefined,
    optionalAttendees: findChild(item, "OptionalAttendees")
      ? readAttendees({ parent: findChild(item, "OptionalAttendees"), lookupName: input.lookupName })
      : undefined,
    startTimeZone,
    endTimeZone,
    categories: categories ? findChildren(categories, "String").map(readText) : undefined,
    importance: readEnum({
      element: item,
      value: readChildText(item, "Importance"),
      allowed: IMPORTANCES,
      what: "Importance",
    }),
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
