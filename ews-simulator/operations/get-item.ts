import { requireChild } from "../soap/dom";
import { EwsItemError } from "../soap/errors";
import { NS } from "../soap/namespaces";
import { renderOperationResponse, renderResponseMessage, renderResponseMessages } from "../soap/render";
import { el } from "../soap/xml";
import { readItemShape } from "./calendar-item";
import { renderCalendarItem } from "./calendar-item-view";
import type { OperationHandler } from "./context";
import { listItemIdElements, resolveItemElement } from "./items";

export const getItem: OperationHandler = (context) => {
  const body = context.request.body;
  const shape = readItemShape(requireChild(body, "ItemShape", NS.m));
  const ids = listItemIdElements(requireChild(body, "ItemIds", NS.m));
  const messages = ids.map((element) => {
    try {
      const { entry } = resolveItemElement({ context, element });
      return renderResponseMessage({
        name: "GetItemResponseMessage",
        content: el("m:Items", renderCalendarItem({ entry, shape, forFindItem: false })),
      });
    } catch (error) {
      if (error instanceof EwsItemError) {
        return renderResponseMessage({ name: "GetItemResponseMessage", error, content: el("m:Items") });
      }
      throw error;
    }
  });
  return renderOperationResponse({ name: "GetItemResponse", content: renderResponseMessages(messages) });
};
