import { encodeCalendarFolderId } from "../data/ids";
import { requireChild } from "../soap/dom";
import { EwsItemError } from "../soap/errors";
import { NS } from "../soap/namespaces";
import { renderOperationResponse, renderResponseMessage, renderResponseMessages } from "../soap/render";
import { attrs, el } from "../soap/xml";
import { type OperationHandler, readFolderTargets } from "./context";
import { resolveFolder } from "./folders";

export const getFolder: OperationHandler = (context) => {
  const body = context.request.body;
  requireChild(body, "FolderShape", NS.m);
  const messages = readFolderTargets(requireChild(body, "FolderIds", NS.m)).map((target) => {
    try {
      const folder = resolveFolder({ context, target });
      if (folder.folder !== "calendar") throw new EwsItemError("ErrorFolderNotFound");
      const count = context.store.listEvents(folder.mailbox).length;
      const calendar = el(
        "t:CalendarFolder",
        el("t:FolderId", attrs({ Id: encodeCalendarFolderId(folder.mailbox), ChangeKey: "AgAAAA==" })),
        el("t:FolderClass", "IPF.Appointment"),
        el("t:DisplayName", "Calendar"),
        el("t:TotalCount", count),
        el("t:ChildFolderCount", 0),
      );
      return renderResponseMessage({ name: "GetFolderResponseMessage", content: el("m:Folders", calendar) });
    } catch (error) {
      if (error instanceof EwsItemError) {
        return renderResponseMessage({ name: "GetFolderResponseMessage", error, content: el("m:Folders") });
      }
      throw error;
    }
  });
  return renderOperationResponse({ name: "GetFolderResponse", content: renderResponseMessages(messages) });
};
