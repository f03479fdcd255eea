import type { Element } from "@xmldom/xmldom";
import type { CalendarEntry } from "../data/model";
import { listCalendarEntries } from "../data/recurrence";
import { findChild, locate, readAttribute, requireAttribute, requireChild } from "../soap/dom";
import { createSchemaFault, EwsItemError } from "../soap/errors";
import { NS } from "../soap/namespaces";
import { renderOperationResponse, renderResponseMessage, renderResponseMessages } from "../soap/render";
import { attrs, el, type Xml } from "../soap/xml";
import { resolveInstant } from "../timezone/zones";
import { type ItemShape, readItemShape, renderCalendarItem } from "./calendar-item";
import { type OperationContext, type OperationHandler, readFolderTargets } from "./context";
import { resolveFolder } from "./folders";

/** Exchange caps one page at 1000 items. */
const MAX_PAGE = 1000;

function readCalendarView(input: { context: OperationContext; view: Element }) {
  const { context, view } = input;
  const read = (name: string): number => {
    const text = requireAttribute(view, name);
    const instant = resolveInstant({ text, zone: context.zone });
    if (instant === undefined)
      throw createSchemaFault({ message: `'${text}' is not a valid ${name}.`, ...locate(view) });
    return instant;
  };
  const maxText = readAttribute(view, "MaxEntriesReturned");
  return { from: read("StartDate"), to: read("EndDate"), max: maxText ? Number(maxText) : MAX_PAGE };
}

function listEntries(input: {
  context: OperationContext;
  mailbox: string;
  view?: ReturnType<typeof readCalendarView>;
}) {
  const events = input.context.store.listEvents(input.mailbox);
  if (!input.view) {
    // Without a CalendarView, Exchange lists the stored items: single items and series masters, unexpanded.
    return events
      .map((event): CalendarEntry => ({ event, fields: event, kind: "Single" }))
      .sort((a, b) => a.fields.start - b.fields.start);
  }
  if (input.view.to < input.view.from) throw new EwsItemError("ErrorCalendarEndDateIsEarlierThanStartDate");
  return listCalendarEntries({ events, from: input.view.from, to: input.view.to });
}

function renderRootFolder(input: { entries: CalendarEntry[]; limit: number; shape: ItemShape }): Xml {
  const page = input.entries.slice(0, input.limit);
  return el(
    "m:RootFolder",
    attrs({ TotalItemsInView: input.entries.length, IncludesLastItemInRange: page.length === input.entries.length }),
    el(
      "t:Items",
      page.map((entry) => renderCalendarItem({ entry, shape: input.shape, forFindItem: true })),
    ),
  );
}

export const findItem: OperationHandler = (context) => {
  const body = context.request.body;
  requireAttribute(body, "Traversal");
  const shape = readItemShape(requireChild(body, "ItemShape", NS.m));
  const viewElement = findChild(body, "CalendarView", NS.m);
  const view = viewElement ? readCalendarView({ context, view: viewElement }) : undefined;
  const targets = readFolderTargets(requireChild(body, "ParentFolderIds", NS.m));
  const messages = targets.map((target) => {
    try {
      const folder = resolveFolder({ context, target });
      const entries = folder.folder === "calendar" ? listEntries({ context, mailbox: folder.mailbox, view }) : [];
      return renderResponseMessage({
        name: "FindItemResponseMessage",
        content: renderRootFolder({ entries, limit: Math.min(view?.max ?? MAX_PAGE, MAX_PAGE), shape }),
      });
    } catch (error) {
      if (error instanceof EwsItemError) return renderResponseMessage({ name: "FindItemResponseMessage", error });
      throw error;
    }
  });
  return renderOperationResponse({ name: "FindItemResponse", content: renderResponseMessages(messages) });
};
