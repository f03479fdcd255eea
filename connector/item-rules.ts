import { BOOKING_ID_PROPERTY, BOOKING_ITEM_FIELD_URIS, EWS_NS } from "@/lib/exchange";
import { childrenNamed, hasOnlyAttributes, isElement, type XmlElement } from "./xml-tree";

/**
 * What the connector lets item operations do (PROTOCOL.md, "What the connector relays"): exactly what the
 * app needs for its own bookings. Reads are a CalendarView of the mailbox's own calendar or a GetItem, in
 * the IdOnly shape plus the booking fields the gateway itself reads (lib/exchange's BOOKING_ITEM_FIELD_URIS
 * and BOOKING_ID_PROPERTY, so the two cannot drift apart); CreateItem makes calendar items carrying the
 * booking property, or cancels items. GetItem, UpdateItem, DeleteItem and the items a CancelCalendarItem
 * refers to are named by id only: the rule returns those ids, and the relay shows each to be one of the
 * app's items (booking-check.ts) before the request goes to Exchange.
 */

export type ItemRule = { ok: true; itemIds: string[] } | { ok: false; message: string };

const { m: M, t: T } = EWS_NS;
const READ_FIELDS: ReadonlySet<string> = new Set(BOOKING_ITEM_FIELD_URIS);
const READ_FIELDS_IN_WORDS = `the item id, ${BOOKING_ITEM_FIELD_URIS.join(", ")} and Slotbridge's booking id property`;

const allow = (itemIds: string[] = []): ItemRule => ({ ok: true, itemIds });
const refuse = (message: string): ItemRule => ({ ok: false, message });

/** Schema identifiers are echoed in refusals; anything else is not. */
export function safeName(name: string | undefined): string {
  return name && /^[A-Za-z][A-Za-z0-9]{0,63}(:[A-Za-z][A-Za-z0-9]{0,63})?$/.test(name) ? name : "(unnamed)";
}

/** `t:ExtendedFieldURI` naming exactly Slotbridge's booking id property (the set id's case does not matter). */
export function isBookingPropertyUri(element: XmlElement | undefined): boolean {
  if (!isElement(element, T, "ExtendedFieldURI") || element.children.length > 0) return false;
  const { attributes } = element;
  return (
    hasOnlyAttributes(element, ["PropertySetId", "PropertyName", "PropertyType"]) &&
    attributes.get("PropertySetId")?.toLowerCase() === BOOKING_ID_PROPERTY.propertySetId &&
    attributes.get("PropertyName") === BOOKING_ID_PROPERTY.propertyName &&
    attributes.get("PropertyType") === BOOKING_ID_PROPERTY.propertyType
  );
}

/** An item (a CalendarItem in a request or in Exchange's answer) that carries the booking id property with a value. */
export function carriesBookingProperty(item: XmlElement): boolean {
  return childrenNamed(item, T, "ExtendedProperty").some((property) => {
    const [uri, value, ...more] = property.children;
    return more.length === 0 && isBookingPropertyUri(uri) && isElement(value, T, "Value") && value.text.trim() !== "";
  });
}

/** The children of `element`, each of `names` (in the messages namespace) at most once and nothing else. */
function namedChildren(input: {
  element: XmlElement;
  names: readonly string[];
}): { ok: true; byName: Map<string, XmlElement> } | { ok: false; unexpected: string } {
  const byName = new Map<string, XmlElement>();
  for (const child of input.element.children) {
    if (child.uri !== M || !input.names.includes(child.local) || byName.has(child.local)) {
      return { ok: false, unexpected: child.local };
    }
    byName.set(child.local, child);
  }
  return { ok: true, byName };
}

/** IdOnly, plus only the booking fields; undefined when the shape is allowed, else the refusal. */
function checkItemShape(operation: string, shape: XmlElement | undefined): string | undefined {
  if (!shape) return `${operation} must state its item shape.`;
  const [base, additional, ...more] = shape.children;
  if (!isElement(base, T, "BaseShape") || base.text.trim() !== "IdOnly") {
    const asked = isElement(base, T, "BaseShape") ? base.text.trim() : undefined;
    return `${operation} must ask for the IdOnly shape (it asked for ${safeName(asked)}).`;
  }
  const extra = additional?.uri === T && additional.local === "AdditionalProperties" ? more[0] : additional;
  if (extra) return `${operation} may not carry ${safeName(extra.local)} in its item shape.`;
  for (const property of additional?.children ?? []) {
    if (isBookingPropertyUri(property)) continue;
    const uri = property.attributes.get("FieldURI");
    const isReadField =
      isElement(property, T, "FieldURI") &&
      property.children.length === 0 &&
      hasOnlyAttributes(property, ["FieldURI"]) &&
      uri !== undefined &&
      READ_FIELDS.has(uri);
    if (!isReadField) {
      const asked = property.local === "FieldURI" ? uri : property.local;
      return `${operation} may ask only for ${READ_FIELDS_IN_WORDS}; it asked for ${safeName(asked)}.`;
    }
  }
  return undefined;
}

/** Exactly one `t:DistinguishedFolderId Id="calendar"` with no Mailbox: the calendar of the request's own mailbox. */
function isOwnCalendar(folderIds: XmlElement): boolean {
  const [folder, ...more] = folderIds.children;
  return (
    more.length === 0 &&
    isElement(folder, T, "DistinguishedFolderId") &&
    hasOnlyAttributes(folder, ["Id"]) &&
    folder.attributes.get("Id") === "calendar" &&
    folder.children.length === 0
  );
}

/** `t:ItemId Id="…"` (ChangeKey allowed), nothing inside; the id, or undefined. */
function itemIdOf(element: XmlElement | undefined, local = "ItemId"): string | undefined {
  if (!isElement(element, T, local) || element.children.length > 0) return undefined;
  if (!hasOnlyAttributes(element, ["Id", "ChangeKey"])) return undefined;
  const id = element.attributes.get("Id");
  return id?.trim() ? id : undefined;
}

/** The ids of an `m:ItemIds`, all plain ItemIds (no occurrence or series-master ids); undefined otherwise. */
function plainItemIds(itemIds: XmlElement | undefined): string[] | undefined {
  if (!itemIds || itemIds.children.length === 0) return undefined;
  const ids = itemIds.children.map((child) => itemIdOf(child));
  return ids.every((id): id is string => id !== undefined) ? ids : undefined;
}

function findItem(operation: XmlElement): ItemRule {
  if (!hasOnlyAttributes(operation, ["Traversal"]) || operation.attributes.get("Traversal") !== "Shallow") {
    return refuse("FindItem must be a shallow search.");
  }
  const parts = namedChildren({ element: operation, names: ["ItemShape", "CalendarView", "ParentFolderIds"] });
  if (!parts.ok) {
    return refuse(`FindItem is relayed only as a CalendarView of the calendar, without ${safeName(parts.unexpected)}.`);
  }
  const shapeRefusal = checkItemShape("FindItem", parts.byName.get("ItemShape"));
  if (shapeRefusal) return refuse(shapeRefusal);
  const view = parts.byName.get("CalendarView");
  if (!view) return refuse("FindItem is relayed only as a CalendarView.");
  if (view.children.length > 0 || !hasOnlyAttributes(view, ["StartDate", "EndDate", "MaxEntriesReturned"])) {
    return refuse("FindItem's CalendarView may state only its start, end and maximum number of entries.");
  }
  const folders = parts.byName.get("ParentFolderIds");
  if (!folders || !isOwnCalendar(folders)) return refuse("FindItem may search only the mailbox's own calendar.");
  return allow();
}

function getItem(operation: XmlElement): ItemRule {
  const parts = namedChildren({ element: operation, names: ["ItemShape", "ItemIds"] });
  if (operation.attributes.size > 0 || !parts.ok) return refuse("GetItem may state only its item shape and ids.");
  const shapeRefusal = checkItemShape("GetItem", parts.byName.get("ItemShape"));
  if (shapeRefusal) return refuse(shapeRefusal);
  const ids = plainItemIds(parts.byName.get("ItemIds"));
  return ids ? allow(ids) : refuse("GetItem may name items only by ItemId.");
}

function updateItem(operation: XmlElement): ItemRule {
  const parts = namedChildren({ element: operation, names: ["ItemChanges"] });
  const changes = parts.ok ? parts.byName.get("ItemChanges") : undefined;
  if (
    !changes ||
    changes.children.length === 0 ||
    !hasOnlyAttributes(operation, ["ConflictResolution", "SendMeetingInvitationsOrCancellations", "MessageDisposition"])
  ) {
    return refuse("UpdateItem may state only its item changes.");
  }
  const ids: string[] = [];
  for (const change of changes.children) {
    const [itemId, updates, ...more] = change.children;
    const id = itemIdOf(itemId);
    if (!isElement(change, T, "ItemChange") || !id || !isElement(updates, T, "Updates") || more.length > 0) {
      return refuse("UpdateItem may change items named only by ItemId.");
    }
    ids.push(id);
  }
  return allow(ids);
}

function deleteItem(operation: XmlElement): ItemRule {
  const parts = namedChildren({ element: operation, names: ["ItemIds"] });
  if (
    !parts.ok ||
    !hasOnlyAttributes(operation, ["DeleteType", "SendMeetingCancellations", "AffectedTaskOccurrences"])
  ) {
    return refuse("DeleteItem may state only its ids and how to delete them.");
  }
  const ids = plainItemIds(parts.byName.get("ItemIds"));
  return ids ? allow(ids) : refuse("DeleteItem may name items only by ItemId.");
}

function createItem(operation: XmlElement): ItemRule {
  const parts = namedChildren({ element: operation, names: ["SavedItemFolderId", "Items"] });
  const items = parts.ok ? parts.byName.get("Items") : undefined;
  if (!parts.ok || !items || !hasOnlyAttributes(operation, ["MessageDisposition", "SendMeetingInvitations"])) {
    return refuse("CreateItem may state only its items and the calendar they go to.");
  }
  const folder = parts.byName.get("SavedItemFolderId");
  if (folder && !isOwnCalendar(folder)) return refuse("CreateItem may save items only in the mailbox's own calendar.");
  if (items.children.length === 0) return refuse("CreateItem must hold an item.");
  const referenced: string[] = [];
  for (const item of items.children) {
    const kind = item.local;
    if (isElement(item, T, "CalendarItem")) {
      if (!carriesBookingProperty(item)) {
        return refuse("CreateItem may create a calendar item only when it carries Slotbridge's booking id property.");
      }
    } else if (isElement(item, T, "CancelCalendarItem")) {
      const references = childrenNamed(item, T, "ReferenceItemId");
      const id = references.length === 1 ? itemIdOf(references[0], "ReferenceItemId") : undefined;
      if (!id) return refuse("CancelCalendarItem must refer to exactly one item by its id.");
      referenced.push(id);
    } else {
      return refuse(
        `CreateItem may create only calendar items carrying Slotbridge's booking id property, or cancel them (not ${safeName(kind)}).`,
      );
    }
  }
  return allow(referenced);
}

/** One rule per item operation the connector relays (CancelCalendarItem travels inside CreateItem). */
export const ITEM_RULES = {
  FindItem: findItem,
  GetItem: getItem,
  UpdateItem: updateItem,
  DeleteItem: deleteItem,
  CreateItem: createItem,
} satisfies Record<string, (operation: XmlElement) => ItemRule>;
