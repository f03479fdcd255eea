import type { Element } from "@xmldom/xmldom";
import type { CalendarEntry } from "../data/model";
import { isMeeting } from "../data/model";
import { findChild, listChildElements, readAttribute, requireAttribute } from "../soap/dom";
import { EwsItemError } from "../soap/errors";
import { NS } from "../soap/namespaces";
import { type RequestZone, resolveInstant } from "../timezone/zones";
import { describeExtendedPropertyKey, readExtendedFieldUri } from "./calendar-item";

/**
 * FindItem's Restriction and SortOrder over calendar items, read once from the request and then applied to
 * each item: the common calendar fields and extended properties (such as the app's booking id).
 * A field Exchange could query but the simulator does not model is refused with ErrorUnsupportedPathForQuery
 * (ErrorUnsupportedPathForSortGroup for a sort) rather than silently matching nothing.
 */

type ValueType = "string" | "dateTime" | "boolean" | "number";
type Value = string | number | boolean;

interface QueryField {
  type: ValueType;
  /** The item's values (several for multi-valued properties such as Categories); empty when it has none. */
  read(entry: CalendarEntry): Value[];
}

const one = (value: Value | undefined): Value[] => (value === undefined ? [] : [value]);

function calendarItemType(entry: CalendarEntry): string {
  return entry.kind === "Single" && entry.event.recurrence ? "RecurringMaster" : entry.kind;
}

/** The item fields a Restriction or SortOrder may name, by FieldURI. */
const QUERY_FIELDS: Record<string, QueryField> = {
  "item:Subject": { type: "string", read: (e) => one(e.fields.subject) },
  "item:ItemClass": { type: "string", read: () => ["IPM.Appointment"] },
  "item:Sensitivity": { type: "string", read: (e) => one(e.fields.sensitivity) },
  "item:Importance": { type: "string", read: (e) => one(e.event.importance) },
  "item:Categories": { type: "string", read: (e) => [...e.event.categories] },
  "item:DateTimeCreated": { type: "dateTime", read: (e) => one(e.event.created) },
  "item:DateTimeReceived": { type: "dateTime", read: (e) => one(e.event.created) },
  "item:LastModifiedTime": { type: "dateTime", read: (e) => one(e.event.modified) },
  "item:HasAttachments": { type: "boolean", read: () => [false] },
  "item:ReminderIsSet": { type: "boolean", read: (e) => one(e.fields.reminderIsSet) },
  "calendar:Start": { type: "dateTime", read: (e) => one(e.fields.start) },
  "calendar:End": { type: "dateTime", read: (e) => one(e.fields.end) },
  "calendar:Location": { type: "string", read: (e) => one(e.fields.location) },
  "calendar:IsAllDayEvent": { type: "boolean", read: (e) => one(e.fields.isAllDay) },
  "calendar:LegacyFreeBusyStatus": { type: "string", read: (e) => one(e.fields.freeBusy) },
  "calendar:IsCancelled": { type: "boolean", read: () => [false] },
  "calendar:IsRecurring": { type: "boolean", read: (e) => one(e.kind !== "Single") },
  "calendar:IsMeeting": { type: "boolean", read: (e) => one(isMeeting(e.event)) },
  "calendar:CalendarItemType": { type: "string", read: (e) => one(calendarItemType(e)) },
  "calendar:UID": { type: "string", read: (e) => one(e.event.uid) },
  "calendar:Organizer": { type: "string", read: (e) => one(e.event.organizer.email) },
  "calendar:Duration": { type: "number", read: (e) => one(e.fields.end - e.fields.start) },
};

/** MAPI property types as ExtendedFieldURI names them, by how their values compare. */
function extendedValueType(propertyType: string): ValueType {
  const base = propertyType.replace(/Array$/, "");
  if (["Integer", "Long", "Short", "Double", "Float", "Currency"].includes(base)) return "number";
  if (base === "Boolean") return "boolean";
  if (base === "SystemTime" || base === "ApplicationTime") return "dateTime";
  return "string";
}

/** A property path (FieldURI or ExtendedFieldURI) as something that reads an entry. */
function readPath(input: { path: Element; unsupported: string }): QueryField {
  const { path } = input;
  if (path.localName === "FieldURI") {
    const uri = readAttribute(path, "FieldURI") ?? "";
    const field = QUERY_FIELDS[uri];
    if (!field) throw new EwsItemError(input.unsupported, `The simulator cannot query or sort on '${uri}'.`);
    return field;
  }
  if (path.localName === "ExtendedFieldURI") {
    const uri = readExtendedFieldUri(path);
    const key = describeExtendedPropertyKey(uri);
    const type = extendedValueType(uri.PropertyType ?? "String");
    return {
      type,
      read: (entry) => {
        const property = entry.event.extendedProperties.find((p) => describeExtendedPropertyKey(p.uri) === key);
        const texts = property ? (property.values ?? (property.value === undefined ? [] : [property.value])) : [];
        return texts.flatMap((text) => one(convert({ text, type, zone: undefined })));
      },
    };
  }
  throw new EwsItemError(input.unsupported, `The simulator cannot query or sort on '${path.localName}'.`);
}

function convert(input: { text: string; type: ValueType; zone: RequestZone | undefined }): Value | undefined {
  const { text, type } = input;
  if (type === "string") return text;
  if (type === "boolean") {
    const trimmed = text.trim();
    if (trimmed === "true" || trimmed === "1") return true;
    if (trimmed === "false" || trimmed === "0") return false;
    return undefined;
  }
  if (type === "number") {
    const number = Number(text);
    return text.trim() !== "" && Number.isFinite(number) ? number : undefined;
  }
  if (input.zone) return resolveInstant({ text, zone: input.zone });
  const instant = Date.parse(text);
  return Number.isNaN(instant) ? undefined : instant;
}

function compareValues(a: Value, b: Value): number {
  if (typeof a === "string" && typeof b === "string") return a.localeCompare(b, "en", { sensitivity: "accent" });
  return Number(a) - Number(b);
}

export type ItemFilter = (entry: CalendarEntry) => boolean;

const COMPARISONS: Record<string, (order: number) => boolean> = {
  IsEqualTo: (order) => order === 0,
  IsNotEqualTo: (order) => order !== 0,
  IsGreaterThan: (order) => order > 0,
  IsGreaterThanOrEqualTo: (order) => order >= 0,
  IsLessThan: (order) => order < 0,
  IsLessThanOrEqualTo: (order) => order <= 0,
};

const pathOf = (element: Element): Element => {
  const path = listChildElements(element).find(
    (child) =>
      child.namespaceURI === NS.t && child.localName !== "FieldURIOrConstant" && child.localName !== "Constant",
  );
  if (!path) throw new EwsItemError("ErrorInvalidRestriction", `'${element.localName}' needs a property path.`);
  return path;
};

function readComparison(input: { element: Element; zone: RequestZone; test: (order: number) => boolean }): ItemFilter {
  const left = readPath({ path: pathOf(input.element), unsupported: "ErrorUnsupportedPathForQuery" });
  const holder = findChild(input.element, "FieldURIOrConstant");
  const operand = holder ? listChildElements(holder)[0] : undefined;
  if (!operand) throw new EwsItemError("ErrorInvalidRestriction", "A comparison needs FieldURIOrConstant.");
  let right: (entry: CalendarEntry) => Value[];
  if (operand.localName === "Constant") {
    const text = requireAttribute(operand, "Value");
    const value = convert({ text, type: left.type, zone: input.zone });
    if (value === undefined) {
      throw new EwsItemError("ErrorInvalidValueForProperty", `'${text}' is not a valid value for the property.`);
    }
    right = () => [value];
  } else {
    const field = readPath({ path: operand, unsupported: "ErrorUnsupportedPathForQuery" });
    right = (entry) => field.read(entry);
  }
  // Multi-valued properties match when any of their values does; an item without the property never matches.
  return (entry) => {
    const others = right(entry);
    return left.read(entry).some((value) => others.some((other) => input.test(compareValues(value, other))));
  };
}

function fold(text: string, comparison: string): string {
  let folded = text;
  if (/IgnoreCase/.test(comparison)) folded = folded.toLowerCase();
  if (/NonSpac/.test(comparison)) folded = folded.normalize("NFD").replace(/\p{Mn}/gu, "");
  if (comparison.startsWith("Loose")) folded = folded.toLowerCase().replace(/\s+/g, " ").trim();
  return folded;
}

/** Contains: FullString and Exact unless told otherwise, as MAPI's fuzzy level 0. */
function readContains(element: Element): ItemFilter {
  const field = readPath({ path: pathOf(element), unsupported: "ErrorUnsupportedPathForQuery" });
  if (field.type !== "string") {
    throw new EwsItemError("ErrorContainsFilterWrongType", "Contains applies to text properties only.");
  }
  const constant = findChild(element, "Constant");
  if (!constant) throw new EwsItemError("ErrorInvalidRestriction", "Contains needs a Constant.");
  const mode = readAttribute(element, "ContainmentMode") ?? "FullString";
  const comparison = readAttribute(element, "ContainmentComparison") ?? "Exact";
  const needle = fold(requireAttribute(constant, "Value"), comparison);
  const matches = (value: string): boolean => {
    const text = fold(value, comparison);
    if (mode === "Prefixed") return text.startsWith(needle);
    if (mode === "Substring" || mode === "ExactPhrase") return text.includes(needle);
    if (mode === "PrefixOnWords") return text.split(/\s+/).some((word) => word.startsWith(needle));
    return text === needle;
  };
  return (entry) => field.read(entry).some((value) => matches(String(value)));
}

function readExpression(input: { element: Element; zone: RequestZone }): ItemFilter {
  const { element, zone } = input;
  const local = element.localName ?? "";
  const children = () => listChildElements(element).map((child) => readExpression({ element: child, zone }));
  const test = COMPARISONS[local];
  if (test) return readComparison({ element, zone, test });
  if (local === "Contains") return readContains(element);
  if (local === "Exists") {
    const field = readPath({ path: pathOf(element), unsupported: "ErrorUnsupportedPathForQuery" });
    return (entry) => field.read(entry).length > 0;
  }
  if (local === "Not") {
    const [inner] = children();
    if (!inner) throw new EwsItemError("ErrorInvalidRestriction", "Not needs an expression.");
    return (entry) => !inner(entry);
  }
  if (local === "And" || local === "Or") {
    const parts = children();
    return local === "And" ? (entry) => parts.every((p) => p(entry)) : (entry) => parts.some((p) => p(entry));
  }
  throw new EwsItemError("ErrorUnsupportedQueryFilter", `The simulator does not evaluate '${local}' restrictions.`);
}

/** m:Restriction's one search expression, as a test of an item. */
export function readRestriction(input: { restriction: Element; zone: RequestZone }): ItemFilter {
  const expression = listChildElements(input.restriction)[0];
  if (!expression) throw new EwsItemError("ErrorInvalidRestriction", "The restriction is empty.");
  return readExpression({ element: expression, zone: input.zone });
}

export type ItemOrder = (a: CalendarEntry, b: CalendarEntry) => number;

/** m:SortOrder's FieldOrders, first one first; an item without the property sorts before those that have it. */
export function readSortOrder(sortOrder: Element): ItemOrder {
  const keys = listChildElements(sortOrder).map((fieldOrder) => {
    const descending = requireAttribute(fieldOrder, "Order") === "Descending";
    const field = readPath({ path: pathOf(fieldOrder), unsupported: "ErrorUnsupportedPathForSortGroup" });
    return { descending, field };
  });
  return (a, b) => {
    for (const { descending, field } of keys) {
      const [left] = field.read(a);
      const [right] = field.read(b);
      const order =
        left === undefined || right === undefined
          ? Number(left !== undefined) - Number(right !== undefined)
          : compareValues(left, right);
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  };
}
