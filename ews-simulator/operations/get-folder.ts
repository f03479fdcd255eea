import { requireChild } from "../soap/dom";
import { EwsItemError } from "../soap/errors";
import { NS } from "../soap/namespaces";
import { renderOperationResponse, renderResponseMessage, renderResponseMessages } from "../soap/render";
import { el } from "../soap/xml";
import { type OperationHandler, readFolderTargets } from "./context";
import { readFolderShape, renderFolder } from "./folder-shape";
import { resolveFolder } from "./folders";

export const getFolder: OperationHandler = (context) => {
  const body = context.request.body;
  const shape = readFolderShape(requireChild(body, "FolderShape", NS.m));
  const messages = readFolderTargets(requireChild(body, "FolderIds", NS.m)).map((target) => {
    try {
      const { mailbox, definition } = resolveFolder({ context, target });
      const folder = renderFolder({ context, mailbox, definition, shape });
      return renderResponseMessage({ name: "GetFolderResponseMessage", content: el("m:Folders", folder) });
    } catch (error) {
      if (error instanceof EwsItemError) {
        // Exchange keeps an empty Folders element in a failed message.
        return renderResponseMessage({ name: "GetFolderResponseMessage", error, content: el("m:Folders") });
      }
      throw error;
    }
  });
  return renderOperationResponse({ name: "GetFolderResponse", content: renderResponseMessages(messages) });
};
