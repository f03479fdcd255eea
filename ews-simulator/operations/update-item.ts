import type { Element } from "@xmldom/xmldom";
import type { CalendarEvent, EventFields } from "../data/model";
import {
  findChild,
  listChildElements,
  locate,
  readAttribute,
  readEnum,
  requireAttribute,
  requireChild,
} from "../soap/dom";
import { createSchemaFault, EwsItemError } from "../soap/errors";
import { NS } from "../soap/namespaces";
import { renderOperationResponse, renderResponseMessage, renderResponseMessages } from "../soap/render";
import { el, type Xml } from "../soap/xml";
import { createIanaZone } from "../timezone/zones";
import {
  type CalendarItemInput,
  describeExtendedPropertyKey,
  readCalendarItem,
  readExtendedFieldUri,
} from "./calendar-item";
import { renderItemId } from "./calendar-item-view";
import type { OperationContext, OperationHandler } from "./context";
import { isStaleChangeKey, type ResolvedItem, resolveItemElement } from "./items";

const CONFLICT_RESOLUTIONS = ["NeverOverwrite", "AutoResolve", "AlwaysOverwrite"] as const;
const SEND_CHOICES = [
  "SendToNone",
  "SendOnlyToAll",
  "SendOnlyToChanged",
  "SendToAllAndSaveCopy",
  "SendToChangedAndSaveCopy",
] as const;

/** Fields that an occurrence may override; the rest only change on the series or a single item. */
function pickOccurrenceFields(input: CalendarItemInput): Partial<EventFields> {
  const out: Partial<EventFields> = {};
  if (input.subject !== undefined) out.subject = input.subject;
  if (input.body !== undefined) {
    out.body = input.body.text;
    out.bodyType = input.body.type;
  }
  if (input.location !== undefined) out.location = input.location;
  if (input.start !== undefined) out.start = input.start;
  if (input.end !== undefined) out.end = input.end;
  if (input.isAllDay !== undefined) out.isAllDay = input.isAllDay;
  if (input.freeBusy !== undefined) out.freeBusy = input.freeBusy;
  if (input.sensitivity !== undefined) out.sensitivity = input.sensitivity;
  if (input.reminderIsSet !== undefined) out.reminderIsSet = input.reminderIsSet;
  if (input.reminderMinutes !== undefined) out.reminderMinutes = input.reminderMinutes;
  return out;
}

function applyToEvent(input: { event: CalendarEvent; change: CalendarItemInput }): void {
  const { event, change } = input;
  Object.assign(event, pickOccurrenceFields(change));
  if (change.requiredAttendees) event.requiredAttendees = change.requiredAttendees;
  if (change.optionalAttendees) event.optionalAttendees = change.optionalAttendees;
  if (change.categories) event.categories = change.categories;
  if (change.importance) event.importance = change.importance;
  if (change.startTimeZone) event.timeZone = change.startTimeZone;
  if (change.endTimeZone) event.endTimeZone = change.endTimeZone;
  for (const property of change.extendedProperties) {
    const key = describeExtendedPropertyKey(property.uri);
    event.extendedProperties = [
      ...event.extendedProperties.filter((p) => describeExtendedPropertyKey(p.uri) !== key),
      property,
    ];
  }
}

function deleteField(input: { event: CalendarEvent; path: Element }): void {
  const { event, path } = input;
  if (path.localName === "ExtendedFieldURI") {
    const key = describeExtendedPropertyKey(readExtendedFieldUri(path));
    event.extendedProperties = event.extendedProperties.filter((p) => describeExtendedPropertyKey(p.uri) !== key);
    return;
  }
  const uri = readAttribute(path, "FieldURI");
  if (uri === "calendar:Location") event.location = "";
  else if (uri === "item:Body") event.body = "";
  else if (uri === "calendar:OptionalAttendees") event.optionalAttendees = [];
  else if (uri === "calendar:RequiredAttendees") event.requiredAttendees = [];
  else if (uri === "item:Categories") event.categories = [];
  else throw new EwsItemError("ErrorInvalidPropertyDelete", `The simulator cannot delete '${uri}'.`);
}

function applyUpdates(input: { context: OperationContext; resolved: ResolvedItem; updates: Element }): void {
  const { context, resolved } = input;
  const { event, entry } = resolved;
  for (const update of listChildElements(input.updates)) {
    const path = listChildElements(update)[0];
    if (!path) throw createSchemaFault({ message: `'${update.localName}' needs a property path.`, ...locate(update) });
    if (update.localName === "DeleteItemField") {
      if (entry.originalStart !== undefined)
        throw new EwsItemError("ErrorInvalidPropertyDelete", "Occurrences cannot lose fields.");
      deleteField({ event, path });
      continue;
    }
    const item = findChild(update, "CalendarItem");
    if (!item) throw new EwsItemError("ErrorInvalidPropertySet", "Only calendar item fields can be set.");
    if (listChildElements(item).length !== 1)
      throw new EwsItemError("ErrorIncorrectUpdatePropertyCount", "Each update sets exactly one property.");
    const change = readCalendarItem({
      item,
      zone: context.zone,
      createZone: createIanaZone,
      lookupName: (email) => context.store.findProfile(email)?.displayName,
    });
    if (entry.originalStart !== undefined) {
      const previous = event.exceptions.get(entry.originalStart);
      const fields = previous && !previous.deleted ? previous.fields : {};
      event.exceptions.set(entry.originalStart, {
        deleted: false,
        fields: { ...fields, ...pickOccurrenceFields(change) },
      });
    } else {
      applyToEvent({ event, change });
    }
  }
  const current = entry.originalStart !== undefined ? event.exceptions.get(entry.originalStart) : undefined;
  const start = current && !current.deleted ? (current.fields.start ?? entry.fields.start) : event.start;
  const end = current && !current.deleted ? (current.fields.end ?? entry.fields.end) : event.end;
  if (entry.originalStart === undefined ? event.end < event.start : end < start) {
    throw new EwsItemError("ErrorCalendarEndDateIsEarlierThanStartDate");
  }
}

function updateOne(input: { context: OperationContext; change: Element; conflict: string; send?: string }): Xml {
  const { context, change } = input;
  const idElement = listChildElements(change).find((c) => c.namespaceURI === NS.t && c.localName !== "Updates");
  if (!idElement) throw createSchemaFault({ message: "ItemChange needs an item id.", ...locate(change) });
  const resolved = resolveItemElement({ context, element: idElement });
  if (!input.send) throw new EwsItemError("ErrorSendMeetingInvitationsOrCancellationsRequired");
  if (
    input.conflict === "NeverOverwrite" &&
    isStaleChangeKey({ event: resolved.event, changeKey: resolved.changeKey })
  ) {
    throw new EwsItemError("ErrorIrresolvableConflict");
  }
  // Work on a copy so a failing update leaves the stored item as it was.
  const draft: CalendarEvent = {
    ...resolved.event,
    exceptions: new Map(resolved.event.exceptions),
    extendedProperties: [...resolved.event.extendedProperties],
    categories: [...resolved.event.categories],
  };
  applyUpdates({ context, resolved: { ...resolved, event: draft }, updates: requireChild(change, "Updates") });
  Object.assign(resolved.event, draft);
  context.store.touchEvent({ event: resolved.event, now: context.now });
  const entry = { ...resolved.entry, event: resolved.event };
  return el("m:Items", el("t:CalendarItem", renderItemId(entry)));
}

export const updateItem: OperationHandler = (context) => {
  const body = context.request.body;
  const conflict =
    readEnum({
      element: body,
      value: requireAttribute(body, "ConflictResolution"),
      allowed: CONFLICT_RESOLUTIONS,
      what: "ConflictResolution",
    }) ?? "AutoResolve";
  const send = readEnum({
    element: body,
    value: readAttribute(body, "SendMeetingInvitationsOrCancellations"),
    allowed: SEND_CHOICES,
    what: "SendMeetingInvitationsOrCancellations",
  });
  const changes = listChildElements(requireChild(body, "ItemChanges", NS.m));
  const messages = changes.map((change) => {
    try {
      return renderResponseMessage({
        name: "UpdateItemResponseMessage",
        content: [updateOne({ context, change, conflict, send }), el("m:ConflictResults", el("t:Count", 0))],
      });
    } catch (error) {
      if (error instanceof EwsItemError) {
        return renderResponseMessage({ name: "UpdateItemResponseMessage", error, content: el("m:Items") });
      }
      throw error;
    }
  });
  return renderOperationResponse({ name: "UpdateItemResponse", content: renderResponseMessages(messages) });
};
