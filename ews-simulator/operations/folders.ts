import { decodeFolderId } from "../data/ids";
import { EwsItemError } from "../soap/errors";
import { type FolderTarget, type OperationContext, requireAccessibleMailbox } from "./context";

export type ResolvedFolder = { mailbox: string; folder: "calendar" } | { mailbox: string; folder: "other"; id: string };

/** Resolves a folder id to a mailbox's calendar; other distinguished folders exist but hold no items here. */
export function resolveFolder(input: { context: OperationContext; target: FolderTarget }): ResolvedFolder {
  const { context, target } = input;
  if (target.kind === "id") {
    const decoded = decodeFolderId(target.id);
    if (!decoded) throw new EwsItemError("ErrorInvalidIdMalformed");
    const mailbox = requireAccessibleMailbox({ context, mailbox: decoded.mailbox });
    if (decoded.folder !== "calendar") throw new EwsItemError("ErrorFolderNotFound");
    return { mailbox, folder: "calendar" };
  }
  const mailbox = requireAccessibleMailbox({ context, mailbox: target.mailbox });
  if (target.id === "calendar") return { mailbox, folder: "calendar" };
  return { mailbox, folder: "other", id: target.id };
}
