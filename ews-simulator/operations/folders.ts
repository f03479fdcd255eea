import { type FolderDefinition, findFolderDefinition } from "../data/folder-tree";
import { decodeFolderId } from "../data/ids";
import { ITEM_FOLDERS, type ItemFolder } from "../data/model";
import { EwsItemError } from "../soap/errors";
import { type FolderTarget, type OperationContext, requireAccessibleMailbox } from "./context";

export interface ResolvedFolder {
  mailbox: string;
  definition: FolderDefinition;
}

/**
 * Resolves a DistinguishedFolderId (optionally with Mailbox) or a FolderId to one of the mailbox's
 * folders, checking that the request may reach that mailbox. A distinguished folder the simulator
 * does not model (junkemail, notes, …) is ErrorFolderNotFound, as is a FolderId naming none.
 */
export function resolveFolder(input: { context: OperationContext; target: FolderTarget }): ResolvedFolder {
  const { context, target } = input;
  if (target.kind === "id") {
    const decoded = decodeFolderId(target.id);
    if (!decoded) throw new EwsItemError("ErrorInvalidIdMalformed");
    const mailbox = requireAccessibleMailbox({ context, mailbox: decoded.mailbox });
    const definition = findFolderDefinition(decoded.folder);
    if (!definition) throw new EwsItemError("ErrorFolderNotFound");
    return { mailbox, definition };
  }
  const mailbox = requireAccessibleMailbox({ context, mailbox: target.mailbox });
  const definition = findFolderDefinition(target.id);
  if (!definition) throw new EwsItemError("ErrorFolderNotFound");
  return { mailbox, definition };
}

export function isCalendar(folder: ResolvedFolder): boolean {
  return folder.definition.name === "calendar";
}

/** The store's folder behind a resolved folder, when it is one that holds items (calendar, Deleted Items, Deletions). */
export function itemFolderOf(folder: ResolvedFolder): ItemFolder | undefined {
  const name = folder.definition.name;
  return (ITEM_FOLDERS as readonly string[]).includes(name) ? (name as ItemFolder) : undefined;
}
