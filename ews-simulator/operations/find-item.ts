import type { Element } from "@xmldom/xmldom";
import type { CalendarEntry, ItemFolder } from "../data/model";
import { listCalendarEntries } from "../data/recurrence";
import { findChild, locate, readAttribute, readEnum, requireAttribute, requireChild } from "../soap/dom";
import { createSchemaFault, EwsItemError } from "../soap/errors";
import { NS } from "../soap/namespaces";
import { renderOperationResponse, renderResponseMessage, renderResponseMessages } from "../soap/render";
import { attrs, el, type Xml } from "../soap/xml";
import { resolveInstant } from "../timezone/zones";
import { type ItemShape, readItemShape } from "./calendar-item";
import { renderCalendarItem } from "./calendar-item-view";
import { type OperationContext, type OperationHandler, readFolderTargets } from "./context";
import { itemFolderOf, resolveFolder } from "./folders";
import { type ItemFilter, type ItemOrder, readRestriction, readSortOrder } from "./item-query";

/** Exchange caps one page at 1000 items (EWSFindCountLimit). */
const MAX_PAGE = 1000;

/** The paging element of a FindItem: a CalendarView, an indexed or fractional page, or none (everything). */
type Paging =
  | { kind: "calendar"; from: number; to: number; max?: number }
  | { kind: "indexed"; offset: number; fromEnd: boolean; max?: number }
  | { kind: "fractional"; numerator: number; denominator: number; max?: number }
  | { kind: "none" };

function readInt(input: { element: Element; name: string; required: boolean }): number | undefined {
  const text = input.required ? requireAttribute(input.element, input.name) : readAttribute(input.element, input.name);
  if (text === undefined) return undefined;
  const value = Number(text.trim());
  if (!Number.isInteger(value)) {
    throw createSchemaFault({ message: `'${text}' is not a valid ${input.name}.`, ...locate(input.element) });
  }
  return value;
}

function readMaxEntries(view: Element): number | undefined {
  const max = readInt({ element: view, name: "MaxEntriesReturned", required: false });
  if (max !== undefined && max <= 0) {
    throw new EwsItemError("ErrorInvalidPagingMaxRows", "MaxEntriesReturned must be greater than zero.");
  }
  return max;
}

function readPaging(context: OperationContext): Paging {
  const body = context.request.body;
  const calendar = findChild(body, "CalendarView", NS.m);
  if (calendar) {
    const read = (name: string): number => {
      const text = requireAttribute(calendar, name);
      const instant = resolveInstant({ text, zone: context.zone });
      if (instant === undefined) {
        throw createSchemaFault({ message: `'${text}' is not a valid ${name}.`, ...locate(calendar) });
      }
      return instant;
    };
    return { kind: "calendar", from: read("StartDate"), to: read("EndDate"), max: readMaxEntries(calendar) };
  }
  const indexed = findChild(body, "IndexedPageItemView", NS.m);
  if (indexed) {
    const offset = readInt({ element: indexed, name: "Offset", required: true }) ?? 0;
    if (offset < 0) throw new EwsItemError("ErrorInvalidIndexedPagingParameters", "Offset must not be negative.");
    const basePoint = readEnum({
      element: indexed,
      value: requireAttribute(indexed, "BasePoint"),
      allowed: ["Beginning", "End"] as const,
      what: "BasePoint",
    });
    return { kind: "indexed", offset, fromEnd: basePoint === "End", max: readMaxEntries(indexed) };
  }
  const fractional = findChild(body, "FractionalPageItemView", NS.m);
  if (fractional) {
    const numerator = readInt({ element: fractional, name: "Numerator", required: true }) ?? 0;
    const denominator = readInt({ element: fractional, name: "Denominator", required: true }) ?? 0;
    if (denominator <= 0 || numerator < 0 || numerator > denominator) {
      throw new EwsItemError(
        "ErrorInvalidFractionalPagingParameters",
        "Numerator must lie between zero and Denominator, and Denominator must be greater than zero.",
      );
    }
    return { kind: "fractional", numerator, denominator, max: readMaxEntries(fractional) };
  }
  return { kind: "none" };
}

/** The items of a folder a request sees: a calendar view's expanded occurrences, or the stored items. */
function listEntries(input: {
  context: OperationContext;
  mailbox: string;
  folder: ItemFolder;
  paging: Paging;
}): CalendarEntry[] {
  const { context, mailbox, folder, paging } = input;
  if (paging.kind === "calendar") {
    if (folder !== "calendar") throw new EwsItemError("ErrorCalendarFolderIsInvalidForCalendarView");
    if (paging.to < paging.from) throw new EwsItemError("ErrorCalendarEndDateIsEarlierThanStartDate");
    return listCalendarEntries({ events: context.store.listEvents(mailbox), from: paging.from, to: paging.to });
  }
  // Without a CalendarView, Exchange lists the stored items: single items and series masters, unexpanded.
  return context.store
    .listEvents(mailbox, folder)
    .map((event): CalendarEntry => ({ event, fields: event, kind: "Single" }))
    .sort((a, b) => a.fields.start - b.fields.start);
}

/** One page of `entries` and the RootFolder attributes that say where it lies. */
function takePage(input: { entries: CalendarEntry[]; paging: Paging }) {
  const { entries, paging } = input;
  const total = entries.length;
  const limit = Math.min(paging.kind === "none" ? MAX_PAGE : (paging.max ?? MAX_PAGE), MAX_PAGE);
  if (paging.kind === "indexed") {
    // From the end, Offset counts back from the last item; the page itself still reads forwards.
    const end = paging.fromEnd ? Math.max(0, total - paging.offset) : Math.min(total, paging.offset + limit);
    const start = paging.fromEnd ? Math.max(0, end - limit) : Math.min(total, paging.offset);
    const page = entries.slice(start, end);
    const done = paging.fromEnd ? start === 0 : end >= total;
    return { page, attributes: { IndexedPagingOffset: paging.offset + page.length, IncludesLastItemInRange: done } };
  }
  if (paging.kind === "fractional") {
    const start = Math.floor((total * paging.numerator) / paging.denominator);
    const page = entries.slice(start, start + limit);
    return {
      page,
      attributes: {
        NumeratorOffset: start + page.length,
        AbsoluteDenominator: total,
        IncludesLastItemInRange: start + page.length >= total,
      },
    };
  }
  const page = entries.slice(0, limit);
  return { page, attributes: { IncludesLastItemInRange: page.length === total } };
}

function renderRootFolder(input: { entries: CalendarEntry[]; paging: Paging; shape: ItemShape }): Xml {
  const { page, attributes } = takePage(input);
  return el(
    "m:RootFolder",
    attrs({ ...attributes, TotalItemsInView: input.entries.length }),
    el(
      "t:Items",
      page.map((entry) => renderCalendarItem({ entry, shape: input.shape, forFindItem: true })),
    ),
  );
}

/** Restriction and SortOrder, refused together with a CalendarView as Exchange refuses them. */
function readQuery(input: { context: OperationContext; paging: Paging }): { filter?: ItemFilter; order?: ItemOrder } {
  const body = input.context.request.body;
  const restriction = findChild(body, "Restriction", NS.m);
  const sortOrder = findChild(body, "SortOrder", NS.m);
  if (input.paging.kind === "calendar" && (restriction || sortOrder)) {
    throw new EwsItemError(
      "ErrorInvalidOperation",
      "Restrictions and sort order may not be specified for a CalendarView.",
    );
  }
  return {
    filter: restriction ? readRestriction({ restriction, zone: input.context.zone }) : undefined,
    order: sortOrder ? readSortOrder(sortOrder) : undefined,
  };
}

export const findItem: OperationHandler = (context) => {
  const body = context.request.body;
  const traversal = readEnum({
    element: body,
    value: requireAttribute(body, "Traversal"),
    allowed: ["Shallow", "SoftDeleted", "Associated"] as const,
    what: "Traversal",
  });
  const shape = readItemShape(requireChild(body, "ItemShape", NS.m));
  const targets = readFolderTargets(requireChild(body, "ParentFolderIds", NS.m));
  const messages = targets.map((target) => {
    try {
      // Exchange checks the paging and the query before it opens any folder; the error is each folder's answer.
      const paging = readPaging(context);
      const query = readQuery({ context, paging });
      const folder = resolveFolder({ context, target });
      // Associated (hidden) items: none are simulated. SoftDeleted: what SoftDelete moved out of the folder.
      const own = itemFolderOf(folder);
      const source: ItemFolder | undefined =
        !own || traversal === "Associated"
          ? undefined
          : traversal === "SoftDeleted"
            ? "recoverableitemsdeletions"
            : own;
      let entries = source ? listEntries({ context, mailbox: folder.mailbox, folder: source, paging }) : [];
      if (query.filter) entries = entries.filter(query.filter);
      if (query.order) entries = [...entries].sort(query.order);
      return renderResponseMessage({
        name: "FindItemResponseMessage",
        content: renderRootFolder({ entries, paging, shape }),
      });
    } catch (error) {
      if (error instanceof EwsItemError) return renderResponseMessage({ name: "FindItemResponseMessage", error });
      throw error;
    }
  });
  return renderOperationResponse({ name: "FindItemResponse", content: renderResponseMessages(messages) });
};
