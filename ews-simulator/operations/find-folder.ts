import type { Element } from "@xmldom/xmldom";
import { listChildFolders, listDescendantFolders } from "../data/folder-tree";
import { findChild, readEnum, requireAttribute, requireChild } from "../soap/dom";
import { EwsItemError } from "../soap/errors";
import { NS } from "../soap/namespaces";
import { renderOperationResponse, renderResponseMessage, renderResponseMessages } from "../soap/render";
import { el } from "../soap/xml";
import { type OperationHandler, readFolderTargets } from "./context";
import { readFolderShape, renderFolder } from "./folder-shape";
import { resolveFolder } from "./folders";
import { type PagingView, pageEntries, readFractionalView, readIndexedView } from "./paging";

/** Exchange answers at most 1000 folders per page. */
const MAX_PAGE = 1000;

function readView(body: Element): PagingView | undefined {
  const indexed = findChild(body, "IndexedPageFolderView", NS.m);
  if (indexed) return readIndexedView(indexed);
  const fractional = findChild(body, "FractionalPageFolderView", NS.m);
  return fractional ? readFractionalView(fractional) : undefined;
}

/**
 * FindFolder under the modelled folder tree: Shallow (children), Deep (every descendant) or
 * SoftDeleted (none: nothing is ever soft-deleted here), with indexed or fractional paging.
 */
export const findFolder: OperationHandler = (context) => {
  const body = context.request.body;
  const traversal = readEnum({
    element: body,
    value: requireAttribute(body, "Traversal"),
    allowed: ["Shallow", "Deep", "SoftDeleted"] as const,
    what: "Traversal",
  });
  const shape = readFolderShape(requireChild(body, "FolderShape", NS.m));
  const view = readView(body);
  const restricted = findChild(body, "Restriction", NS.m) !== undefined;
  const messages = readFolderTargets(requireChild(body, "ParentFolderIds", NS.m)).map((target) => {
    try {
      const { mailbox, definition } = resolveFolder({ context, target });
      if (restricted) {
        // Better an honest refusal than a filter silently ignored; see docs/ews-simulator.md.
        throw new EwsItemError(
          "ErrorUnsupportedQueryFilter",
          "The simulator does not evaluate FindFolder restrictions.",
        );
      }
      const found =
        traversal === "Shallow"
          ? listChildFolders(definition.name)
          : traversal === "Deep"
            ? listDescendantFolders(definition.name)
            : [];
      const { page, attributes } = pageEntries({ entries: found, view, limit: MAX_PAGE });
      const folders = page.map((folder) => renderFolder({ context, mailbox, definition: folder, shape }));
      return renderResponseMessage({
        name: "FindFolderResponseMessage",
        content: el("m:RootFolder", attributes, el("t:Folders", folders)),
      });
    } catch (error) {
      if (error instanceof EwsItemError) return renderResponseMessage({ name: "FindFolderResponseMessage", error });
      throw error;
    }
  });
  return renderOperationResponse({ name: "FindFolderResponse", content: renderResponseMessages(messages) });
};
