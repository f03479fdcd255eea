import type { Element } from "@xmldom/xmldom";
import type { EwsCallContext, EwsResponse } from "../contract";
import type { MailboxStore } from "../data/store";
import { findChild, findChildren, readAttribute, readChildText } from "../soap/dom";
import { EwsItemError } from "../soap/errors";
import type { ParsedRequest } from "../soap/parse";
import type { RequestZone } from "../timezone/zones";

export interface OperationContext {
  request: ParsedRequest;
  store: MailboxStore;
  call: EwsCallContext;
  /** The mailbox the request acts as: the impersonated one, or the caller's own. */
  actingAs: string;
  /** TimeZoneContext zone (UTC without one): how times without an offset are read. */
  zone: RequestZone;
  now: number;
}

export type OperationHandler = (context: OperationContext) => EwsResponse;

/**
 * Whether the request may read and write `mailbox`'s calendar. Real Exchange would look at
 * folder permissions and delegates; the simulator keeps it to "your own, or one you may impersonate".
 */
export function canAccessMailbox(input: { context: OperationContext; mailbox: string }): boolean {
  const mailbox = input.mailbox.toLowerCase();
  return (
    mailbox === input.context.actingAs ||
    input.context.call.account.canImpersonate.some((email) => email.toLowerCase() === mailbox)
  );
}

/** The mailbox whose calendar a DistinguishedFolderId (optionally with Mailbox) or FolderId points at. */
export function requireAccessibleMailbox(input: { context: OperationContext; mailbox?: string }): string {
  const mailbox = (input.mailbox ?? input.context.actingAs).toLowerCase();
  if (!input.context.store.findProfile(mailbox)) throw new EwsItemError("ErrorNonExistentMailbox");
  if (!canAccessMailbox({ context: input.context, mailbox })) throw new EwsItemError("ErrorAccessDenied");
  return mailbox;
}

export type FolderTarget = { kind: "distinguished"; id: string; mailbox?: string } | { kind: "id"; id: string };

/** Reads the folder ids under a ParentFolderIds/FolderIds/SavedItemFolderId element. */
export function readFolderTargets(parent: Element): FolderTarget[] {
  const targets: FolderTarget[] = [];
  for (const distinguished of findChildren(parent, "DistinguishedFolderId")) {
    const mailboxElement = findChild(distinguished, "Mailbox");
    targets.push({
      kind: "distinguished",
      id: readAttribute(distinguished, "Id") ?? "",
      mailbox: mailboxElement ? readChildText(mailboxElement, "EmailAddress") : undefined,
    });
  }
  for (const folderId of findChildren(parent, "FolderId")) {
    targets.push({ kind: "id", id: readAttribute(folderId, "Id") ?? "" });
  }
  return targets;
}
