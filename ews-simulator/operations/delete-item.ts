import type { ItemFolder } from "../data/model";
import { readAttribute, readEnum, requireAttribute, requireChild } from "../soap/dom";
import { EwsItemError } from "../soap/errors";
import { NS } from "../soap/namespaces";
import { renderOperationResponse, renderResponseMessage, renderResponseMessages } from "../soap/render";
import type { OperationHandler } from "./context";
import { listItemIdElements, resolveItemElement } from "./items";

const DELETE_TYPES = ["HardDelete", "SoftDelete", "MoveToDeletedItems"] as const;
const SEND_CANCELLATIONS = ["SendToNone", "SendOnlyToAll", "SendToAllAndSaveCopy"] as const;

/**
 * Where each delete type takes an item: MoveToDeletedItems into Deleted Items (from anywhere but Deleted
 * Items itself, where it is soft-deleted), SoftDelete into Recoverable Items\Deletions (out of every
 * ordinary view), HardDelete nowhere. A moved item gets a new id, as in Exchange; an occurrence is taken
 * out of its series instead. Cancellations are not delivered: attendees' calendars are not simulated.
 */
function destination(input: { type: (typeof DELETE_TYPES)[number]; from: ItemFolder }): ItemFolder | undefined {
  if (input.type === "HardDelete" || input.from === "recoverableitemsdeletions") return undefined;
  if (input.type === "SoftDelete" || input.from === "deleteditems") return "recoverableitemsdeletions";
  return "deleteditems";
}

export const deleteItem: OperationHandler = (context) => {
  const body = context.request.body;
  const type =
    readEnum({
      element: body,
      value: requireAttribute(body, "DeleteType"),
      allowed: DELETE_TYPES,
      what: "DeleteType",
    }) ?? "HardDelete";
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
        const to = destination({ type, from: event.folder });
        if (to) context.store.moveEvent({ event, to, now: context.now });
        else context.store.removeEvent({ mailbox: event.mailbox, uid: event.uid });
      }
      return renderResponseMessage({ name: "DeleteItemResponseMessage" });
    } catch (error) {
      if (error instanceof EwsItemError) return renderResponseMessage({ name: "DeleteItemResponseMessage", error });
      throw error;
    }
  });
  return renderOperationResponse({ name: "DeleteItemResponse", content: renderResponseMessages(messages) });
};
