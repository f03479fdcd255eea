import { readAttribute, readEnum, requireAttribute, requireChild } from "../soap/dom";
import { EwsItemError } from "../soap/errors";
import { NS } from "../soap/namespaces";
import { renderOperationResponse, renderResponseMessage, renderResponseMessages } from "../soap/render";
import type { OperationHandler } from "./context";
import { listItemIdElements, resolveItemElement } from "./items";

const DELETE_TYPES = ["HardDelete", "SoftDelete", "MoveToDeletedItems"] as const;
const SEND_CANCELLATIONS = ["SendToNone", "SendOnlyToAll", "SendToAllAndSaveCopy"] as const;

/** Every delete type takes the item off the calendar; the simulator keeps no Deleted Items folder. */
export const deleteItem: OperationHandler = (context) => {
  const body = context.request.body;
  readEnum({ element: body, value: requireAttribute(body, "DeleteType"), allowed: DELETE_TYPES, what: "DeleteType" });
  const cancellations = readEnum({
    element: body,
    value: readAttribute(body, "SendMeetingCancellations"),
    allowed: SEND_CANCELLATIONS,
    what: "SendMeetingCancellations",
  });
  const messages = listItemIdElements(requireChild(body, "ItemIds", NS.m)).map((element) => {
    try {
      const { event, entry } = resolveItemElement({ context, element });
      if (!cancellations) throw new EwsItemError("ErrorSendMeetingCancellationsRequired");
      if (entry.originalStart !== undefined) {
        event.exceptions.set(entry.originalStart, { deleted: true });
        context.store.touchEvent({ event, now: context.now });
      } else {
        context.store.removeEvent({ mailbox: event.mailbox, uid: event.uid });
      }
      return renderResponseMessage({ name: "DeleteItemResponseMessage" });
    } catch (error) {
      if (error instanceof EwsItemError) return renderResponseMessage({ name: "DeleteItemResponseMessage", error });
      throw error;
    }
  });
  return renderOperationResponse({ name: "DeleteItemResponse", content: renderResponseMessages(messages) });
};
