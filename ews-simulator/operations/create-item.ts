import type { Element } from "@xmldom/xmldom";
import { findChild, listChildElements, readAttribute, readEnum, requireChild } from "../soap/dom";
import { EwsItemError } from "../soap/errors";
import { NS } from "../soap/namespaces";
import { renderOperationResponse, renderResponseMessage, renderResponseMessages } from "../soap/render";
import { el, type Xml } from "../soap/xml";
import { createIanaZone } from "../timezone/zones";
import { readCalendarItem } from "./calendar-item";
import { renderItemId } from "./calendar-item-view";
import { type OperationContext, type OperationHandler, readFolderTargets } from "./context";
import { isCalendar, resolveFolder } from "./folders";
import { resolveItemElement } from "./items";

const SEND_INVITATIONS = ["SendToNone", "SendOnlyToAll", "SendToAllAndSaveCopy"] as const;
const DISPOSITIONS = ["SaveOnly", "SendOnly", "SendAndSaveCopy"] as const;

function findTargetMailbox(context: OperationContext): string {
  const saved = findChild(context.request.body, "SavedItemFolderId", NS.m);
  const target = saved ? readFolderTargets(saved)[0] : undefined;
  if (!target) return resolveFolder({ context, target: { kind: "distinguished", id: "calendar" } }).mailbox;
  const folder = resolveFolder({ context, target });
  if (!isCalendar(folder))
    throw new EwsItemError(
      "ErrorCannotCreateCalendarItemInNonCalendarFolder",
      "Calendar items can only be created in a calendar folder.",
    );
  return folder.mailbox;
}

function createCalendarItem(input: { context: OperationContext; item: Element }): Xml {
  const { context, item } = input;
  const body = context.request.body;
  const invitations = readEnum({
    element: body,
    value: readAttribute(body, "SendMeetingInvitations"),
    allowed: SEND_INVITATIONS,
    what: "SendMeetingInvitations",
  });
  const fields = readCalendarItem({
    item,
    zone: context.zone,
    createZone: createIanaZone,
    lookupName: (email) => context.store.findProfile(email)?.displayName,
  });
  if (!invitations) throw new EwsItemError("ErrorSendMeetingInvitationsRequired");
  const mailbox = findTargetMailbox(context);
  if (fields.start === undefined || fields.end === undefined) {
    throw new EwsItemError("ErrorCalendarInvalidPropertyValue", "Start and End are required.");
  }
  if (fields.end < fields.start) throw new EwsItemError("ErrorCalendarEndDateIsEarlierThanStartDate");
  const profile = context.store.findProfile(mailbox);
  const zone = fields.startTimeZone ?? context.zone.id;
  const event = context.store.addEvent({
    mailbox,
    subject: fields.subject ?? "",
    body: fields.body?.text ?? "",
    bodyType: fields.body?.type ?? "Text",
    location: fields.location ?? "",
    start: fields.start,
    end: fields.end,
    isAllDay: fields.isAllDay ?? false,
    freeBusy: fields.freeBusy ?? "Busy",
    sensitivity: fields.sensitivity ?? "Normal",
    reminderIsSet: fields.reminderIsSet ?? true,
    reminderMinutes: fields.reminderMinutes ?? 15,
    timeZone: zone,
    endTimeZone: fields.endTimeZone ?? zone,
    organizer: { email: mailbox, name: profile?.displayName ?? mailbox },
    requiredAttendees: fields.requiredAttendees ?? [],
    optionalAttendees: fields.optionalAttendees ?? [],
    extendedProperties: fields.extendedProperties,
    categories: fields.categories ?? [],
    importance: fields.importance ?? "Normal",
    folder: "calendar",
    sendMeetingInvitations: invitations,
    exceptions: new Map(),
    created: context.now,
    modified: context.now,
  });
  // Invitations are not delivered to attendees' calendars: only the organizer's copy is simulated.
  return el("m:Items", el("t:CalendarItem", renderItemId({ event, fields: event, kind: "Single" })));
}

/**
 * CancelCalendarItem: the organizer's copy leaves the calendar (the whole series, or one occurrence). As
 * exchangelib and ews-javascript-api send it: MessageDisposition SendAndSaveCopy or SendOnly, optionally a
 * SavedItemFolderId (Sent Items) and SendMeetingInvitations, which a cancellation does not use.
 */
function cancelCalendarItem(input: { context: OperationContext; item: Element }): Xml {
  const { context, item } = input;
  const body = context.request.body;
  const disposition = readEnum({
    element: body,
    value: readAttribute(body, "MessageDisposition"),
    allowed: DISPOSITIONS,
    what: "MessageDisposition",
  });
  if (!disposition) throw new EwsItemError("ErrorMessageDispositionRequired");
  if (disposition === "SaveOnly") {
    throw new EwsItemError(
      "ErrorInvalidOperation",
      "A meeting cancellation must be sent (SendOnly or SendAndSaveCopy).",
    );
  }
  const { event, entry } = resolveItemElement({ context, element: requireChild(item, "ReferenceItemId") });
  if (entry.originalStart !== undefined) {
    event.exceptions.set(entry.originalStart, { deleted: true });
    context.store.touchEvent({ event, now: context.now });
  } else {
    // The organizer's copy of a cancelled meeting goes to Deleted Items, as Outlook and Exchange do.
    context.store.moveEvent({ event, to: "deleteditems", now: context.now });
  }
  // Sent (and, with SendAndSaveCopy, saved to the SavedItemFolderId or Sent Items): Exchange lists no items.
  return el("m:Items");
}

export const createItem: OperationHandler = (context) => {
  const items = listChildElements(requireChild(context.request.body, "Items", NS.m));
  const messages = items.map((item) => {
    try {
      if (item.namespaceURI === NS.t && item.localName === "CalendarItem") {
        return renderResponseMessage({
          name: "CreateItemResponseMessage",
          content: createCalendarItem({ context, item }),
        });
      }
      if (item.namespaceURI === NS.t && item.localName === "CancelCalendarItem") {
        return renderResponseMessage({
          name: "CreateItemResponseMessage",
          content: cancelCalendarItem({ context, item }),
        });
      }
      throw new EwsItemError(
        "ErrorInvalidRequest",
        `The simulator creates calendar items only, not '${item.localName}'.`,
      );
    } catch (error) {
      if (error instanceof EwsItemError) {
        return renderResponseMessage({ name: "CreateItemResponseMessage", error, content: el("m:Items") });
      }
      throw error;
    }
  });
  return renderOperationResponse({ name: "CreateItemResponse", content: renderResponseMessages(messages) });
};
