import type { Element } from "@xmldom/xmldom";
import { type FolderDefinition, listChildFolders } from "../data/folder-tree";
import { encodeFolderId, FOLDER_CHANGE_KEY } from "../data/ids";
import { ITEM_FOLDERS, type ItemFolder } from "../data/model";
import { findChild, listChildElements, readAttribute, readChildText, readEnum } from "../soap/dom";
import { attrs, el, type Xml } from "../soap/xml";
import type { OperationContext } from "./context";

/** A FolderShape: the base shape plus the folder:* FieldURIs asked for (other paths are not rendered). */
export interface FolderShape {
  base: "IdOnly" | "Default" | "AllProperties";
  fields: ReadonlySet<string>;
}

export function readFolderShape(element: Element): FolderShape {
  const base =
    readEnum({
      element,
      value: readChildText(element, "BaseShape"),
      allowed: ["IdOnly", "Default", "AllProperties"] as const,
      what: "BaseShape",
    }) ?? "Default";
  const additional = findChild(element, "AdditionalProperties");
  const fields = new Set<string>();
  for (const child of additional ? listChildElements(additional) : []) {
    if (child.localName === "FieldURI") fields.add(readAttribute(child, "FieldURI") ?? "");
  }
  return { base, fields };
}

/** What each base shape returns, as Exchange 2013+ answers GetFolder/FindFolder. */
const BASE_FIELDS: Record<FolderShape["base"], readonly string[]> = {
  IdOnly: ["FolderId"],
  Default: ["FolderId", "DisplayName", "TotalCount", "ChildFolderCount", "UnreadCount"],
  AllProperties: [
    "FolderId",
    "ParentFolderId",
    "FolderClass",
    "DisplayName",
    "TotalCount",
    "ChildFolderCount",
    "EffectiveRights",
    "UnreadCount",
  ],
};

function wants(input: { shape: FolderShape; field: string }): boolean {
  return BASE_FIELDS[input.shape.base].includes(input.field) || input.shape.fields.has(`folder:${input.field}`);
}

/** ViewPrivateItems came with Exchange 2013; a request for an older schema does not get it. */
function isPre2013Request(context: OperationContext): boolean {
  return /^Exchange20(07|09|10)/.test(context.request.requestedServerVersion ?? "");
}

function renderEffectiveRights(context: OperationContext): Xml {
  // The simulator lets a request reach a mailbox only as its owner or as an account that may act for it.
  return el(
    "t:EffectiveRights",
    el("t:CreateAssociated", true),
    el("t:CreateContents", true),
    el("t:CreateHierarchy", true),
    el("t:Delete", true),
    el("t:Modify", true),
    el("t:Read", true),
    isPre2013Request(context) ? null : el("t:ViewPrivateItems", true),
  );
}

function countItems(input: { context: OperationContext; mailbox: string; definition: FolderDefinition }): number {
  const name = input.definition.name;
  const holdsItems = (ITEM_FOLDERS as readonly string[]).includes(name);
  return holdsItems ? input.context.store.listEvents(input.mailbox, name as ItemFolder).length : 0;
}

/** One folder element in types.xsd's BaseFolderType order (then FolderType's UnreadCount where it has one). */
export function renderFolder(input: {
  context: OperationContext;
  mailbox: string;
  definition: FolderDefinition;
  shape: FolderShape;
}): Xml {
  const { context, mailbox, definition, shape } = input;
  const has = (field: string) => wants({ shape, field });
  const folderId = (name: string) =>
    attrs({ Id: encodeFolderId({ mailbox, folder: name }), ChangeKey: FOLDER_CHANGE_KEY });
  const hasUnreadCount = definition.element === "Folder" || definition.element === "TasksFolder";
  return el(
    `t:${definition.element}`,
    has("FolderId") ? el("t:FolderId", folderId(definition.name)) : null,
    has("ParentFolderId") && definition.parent ? el("t:ParentFolderId", folderId(definition.parent)) : null,
    has("FolderClass") && definition.folderClass ? el("t:FolderClass", definition.folderClass) : null,
    has("DisplayName") ? el("t:DisplayName", definition.displayName) : null,
    has("TotalCount") ? el("t:TotalCount", countItems({ context, mailbox, definition })) : null,
    has("ChildFolderCount") ? el("t:ChildFolderCount", listChildFolders(definition.name).length) : null,
    has("EffectiveRights") ? renderEffectiveRights(context) : null,
    has("DistinguishedFolderId") ? el("t:DistinguishedFolderId", definition.name) : null,
    has("UnreadCount") && hasUnreadCount ? el("t:UnreadCount", 0) : null,
  );
}
