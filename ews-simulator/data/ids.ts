/**
 * Opaque ids as Exchange hands them out: base64 strings the client must not parse. Ours
 * carry the mailbox, the item uid and, for occurrences, the original start.
 */
const ITEM_TAG = "SBI1";
const FOLDER_TAG = "SBF1";
const CHANGE_TAG = "SBC1";
const SEP = "\u001f";

export interface ItemRef {
  mailbox: string;
  uid: string;
  occurrenceStart?: number;
}

function encode(parts: (string | number)[]): string {
  return Buffer.from(parts.join(SEP), "utf8").toString("base64");
}

function decode(input: { id: string; tag: string }): string[] | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(input.id)) return undefined;
  const text = Buffer.from(input.id, "base64").toString("utf8");
  const parts = text.split(SEP);
  return parts[0] === input.tag ? parts.slice(1) : undefined;
}

export function encodeItemId(ref: ItemRef): string {
  return encode([ITEM_TAG, ref.mailbox, ref.uid, ref.occurrenceStart ?? ""]);
}

/** undefined = malformed (ErrorInvalidIdMalformed). */
export function decodeItemId(id: string): ItemRef | undefined {
  const parts = decode({ id, tag: ITEM_TAG });
  if (parts?.length !== 3) return undefined;
  const [mailbox, uid, occurrence] = parts;
  if (!mailbox || !uid) return undefined;
  if (occurrence && !/^\d+$/.test(occurrence)) return undefined;
  return { mailbox, uid, occurrenceStart: occurrence ? Number(occurrence) : undefined };
}

export function encodeChangeKey(input: { uid: string; version: number }): string {
  return encode([CHANGE_TAG, input.uid, input.version]);
}

/** A mailbox folder's id; `folder` is its distinguished name (data/folder-tree.ts). */
export function encodeFolderId(input: { mailbox: string; folder: string }): string {
  return encode([FOLDER_TAG, input.mailbox, input.folder]);
}

export function encodeCalendarFolderId(mailbox: string): string {
  return encodeFolderId({ mailbox, folder: "calendar" });
}

/** Folders never change here (their counts are not part of the change key), so one key serves them all. */
export const FOLDER_CHANGE_KEY = "AQAAAA==";

export function decodeFolderId(id: string): { mailbox: string; folder: string } | undefined {
  const parts = decode({ id, tag: FOLDER_TAG });
  if (parts?.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { mailbox: parts[0], folder: parts[1] };
}

/** The availability service's CalendarEventDetails/ID: a hex entry id. */
export function encodeEntryId(input: { mailbox: string; uid: string }): string {
  return Buffer.from(`${input.mailbox}/${input.uid}`, "utf8").toString("hex").toUpperCase();
}
