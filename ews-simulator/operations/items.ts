import type { Element } from "@xmldom/xmldom";
import { decodeItemId, encodeChangeKey, type ItemRef } from "../data/ids";
import type { CalendarEntry, CalendarEvent } from "../data/model";
import { findCalendarEntry, listOriginalStarts } from "../data/recurrence";
import { listChildElements, readAttribute } from "../soap/dom";
import { EwsItemError } from "../soap/errors";
import { NS } from "../soap/namespaces";
import { canAccessMailbox, type OperationContext } from "./context";

export interface ResolvedItem {
  event: CalendarEvent;
  entry: CalendarEntry;
  /** The ChangeKey the client sent, if any. */
  changeKey?: string;
}

function decodeOrThrow(id: string): ItemRef {
  const ref = decodeItemId(id);
  if (!ref) throw new EwsItemError("ErrorInvalidIdMalformed");
  return ref;
}

function findEvent(input: { context: OperationContext; ref: ItemRef }): CalendarEvent {
  const { context, ref } = input;
  if (!context.store.findProfile(ref.mailbox)) throw new EwsItemError("ErrorItemNotFound");
  if (!canAccessMailbox({ context, mailbox: ref.mailbox })) throw new EwsItemError("ErrorAccessDenied");
  const event = context.store.findEvent({ mailbox: ref.mailbox, uid: ref.uid });
  if (!event) throw new EwsItemError("ErrorItemNotFound");
  return event;
}

/** Resolves t:ItemId, t:OccurrenceItemId or t:RecurringMasterItemId (and CancelCalendarItem's ReferenceItemId). */
export function resolveItemElement(input: { context: OperationContext; element: Element }): ResolvedItem {
  const { context, element } = input;
  const local = element.localName;
  if (local === "ItemId" || local === "ReferenceItemId") {
    const ref = decodeOrThrow(readAttribute(element, "Id") ?? "");
    const event = findEvent({ context, ref });
    const entry = findCalendarEntry({ event, occurrenceStart: ref.occurrenceStart });
    if (!entry) throw new EwsItemError("ErrorItemNotFound");
    return { event, entry, changeKey: readAttribute(element, "ChangeKey") };
  }
  if (local === "RecurringMasterItemId") {
    const ref = decodeOrThrow(readAttribute(element, "OccurrenceId") ?? "");
    const event = findEvent({ context, ref });
    return { event, entry: { event, fields: event, kind: "Single" }, changeKey: readAttribute(element, "ChangeKey") };
  }
  if (local === "OccurrenceItemId") {
    const ref = decodeOrThrow(readAttribute(element, "RecurringMasterId") ?? "");
    const event = findEvent({ context, ref });
    if (!event.recurrence) throw new EwsItemError("ErrorCalendarCannotUseIdForOccurrenceId");
    const index = Number(readAttribute(element, "InstanceIndex") ?? "0");
    const starts = listOriginalStarts({ event, until: Number.MAX_SAFE_INTEGER });
    const start = starts[index - 1];
    if (!Number.isInteger(index) || index < 1 || start === undefined) {
      throw new EwsItemError(
        "ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange",
        "The occurrence index is out of range.",
      );
    }
    const entry = findCalendarEntry({ event, occurrenceStart: start });
    if (!entry) throw new EwsItemError("ErrorCalendarOccurrenceIsDeletedFromRecurrence", "The occurrence was deleted.");
    return { event, entry, changeKey: readAttribute(element, "ChangeKey") };
  }
  throw new EwsItemError("ErrorInvalidIdMalformed");
}

/** The id elements under ItemIds (ItemId, OccurrenceItemId, RecurringMasterItemId), in request order. */
export function listItemIdElements(parent: Element): Element[] {
  return listChildElements(parent).filter((child) => child.namespaceURI === NS.t);
}

export function isStaleChangeKey(input: { event: CalendarEvent; changeKey?: string }): boolean {
  return input.changeKey !== undefined && input.changeKey !== encodeChangeKey(input.event);
}
