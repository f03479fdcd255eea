import type { RelayAnswer } from "@/lib/connectors/protocol";
import { BOOKING_ID_PROPERTY, EWS_NS } from "@/lib/exchange";
import { carriesBookingProperty, safeName } from "./item-rules";
import { childrenNamed, isElement, parseXml, type XmlElement } from "./xml-tree";

/**
 * The connector's own look at the items a request names by id (GetItem, UpdateItem, DeleteItem, the item
 * a CancelCalendarItem refers to): an id alone does not say whose item it is, so before relaying, the
 * connector asks Exchange itself, with the same account and impersonation, for those ids in the IdOnly
 * shape plus the booking id property, and relays only when every one is a calendar item carrying it.
 * An id Exchange does not know (or cannot read as an id) passes: the relayed request meets the same
 * answer, and nothing of any item comes back.
 */

const { soap: SOAP, m: M, t: T } = EWS_NS;

export const GET_ITEM_ACTION = `${M}/GetItem`;

/** Per-item answers meaning "there is no such item here", the same for the check and the relayed request. */
const ABSENT = new Set([
  "ErrorItemNotFound",
  "ErrorInvalidIdMalformed",
  "ErrorInvalidIdMalformedEwsLegacyIdFormat",
  "ErrorInvalidIdEmpty",
  "ErrorInvalidIdNotAnItemAttachmentId",
]);

function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] ?? c,
  );
}

/** GetItem, IdOnly plus the booking id property, for `itemIds` in the mailbox `actAs` names (or the account's own). */
export function buildBookingCheckEnvelope(input: { itemIds: readonly string[]; actAs?: string }): string {
  const { propertySetId, propertyName, propertyType } = BOOKING_ID_PROPERTY;
  const impersonation = input.actAs
    ? `<t:ExchangeImpersonation><t:ConnectingSID><t:SmtpAddress>${escapeXml(input.actAs)}</t:SmtpAddress></t:ConnectingSID></t:ExchangeImpersonation>`
    : "";
  const ids = input.itemIds.map((id) => `<t:ItemId Id="${escapeXml(id)}"/>`).join("");
  return (
    `<?xml version="1.0" encoding="utf-8"?>` +
    `<soap:Envelope xmlns:soap="${SOAP}" xmlns:m="${M}" xmlns:t="${T}">` +
    `<soap:Header><t:RequestServerVersion Version="Exchange2013_SP1"/>${impersonation}</soap:Header>` +
    `<soap:Body><m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>` +
    `<t:ExtendedFieldURI PropertySetId="${propertySetId}" PropertyName="${propertyName}" PropertyType="${propertyType}"/>` +
    `</t:AdditionalProperties></m:ItemShape><m:ItemIds>${ids}</m:ItemIds></m:GetItem></soap:Body></soap:Envelope>`
  );
}

export type BookingCheckVerdict =
  | { kind: "ours" }
  | { kind: "not-ours" }
  /** Exchange answered something else for an item (ErrorAccessDenied, ErrorServerBusy, …): no verdict. */
  | { kind: "unknown"; code?: string };

/** Reads Exchange's answer to the check: every asked item is ours (or absent), one is not, or no verdict. */
export function readBookingCheck(input: { body: string; count: number }): BookingCheckVerdict {
  let root: XmlElement;
  try {
    root = parseXml(input.body);
  } catch {
    return { kind: "unknown" };
  }
  const messages = childrenNamed(root, SOAP, "Body")
    .flatMap((body) => childrenNamed(body, M, "GetItemResponse"))
    .flatMap((response) => childrenNamed(response, M, "ResponseMessages"))
    .flatMap((list) => list.children);
  if (messages.length !== input.count) return { kind: "unknown" };
  let unknown: string | undefined;
  for (const message of messages) {
    const code = childrenNamed(message, M, "ResponseCode")[0]?.text.trim() ?? "";
    if (message.attributes.get("ResponseClass") === "Success" && code === "NoError") {
      const items = childrenNamed(message, M, "Items").flatMap((list) => list.children);
      const [item, ...more] = items;
      if (!isElement(item, T, "CalendarItem") || more.length > 0 || !carriesBookingProperty(item)) {
        return { kind: "not-ours" };
      }
    } else if (!ABSENT.has(code)) {
      unknown ??= code || "(no code)";
    }
  }
  return unknown === undefined ? { kind: "ours" } : { kind: "unknown", code: unknown };
}

/**
 * Runs the check with `send` (the relay's own call to Exchange, same account and connection) and returns
 * undefined when the request may go on, else the answer to give instead: refused-by-policy for an item
 * that is not the app's, the transport's failure as is, Exchange's fault as is (e.g. ErrorServerBusy:
 * it names no item), or "unexpected" when Exchange gave no verdict.
 */
export async function checkBookingItems(input: {
  operation: string;
  itemIds: readonly string[];
  actAs?: string;
  send: (input: { soapAction: string; body: string }) => Promise<RelayAnswer>;
}): Promise<RelayAnswer | undefined> {
  const itemIds = [...new Set(input.itemIds)];
  const answer = await input.send({
    soapAction: GET_ITEM_ACTION,
    body: buildBookingCheckEnvelope({ itemIds, ...(input.actAs ? { actAs: input.actAs } : {}) }),
  });
  if ("error" in answer || answer.status !== 200) return answer;
  const verdict = readBookingCheck({ body: answer.body, count: itemIds.length });
  if (verdict.kind === "ours") return undefined;
  if (verdict.kind === "not-ours") {
    return {
      error: {
        reason: "refused-by-policy",
        message: `${input.operation} is relayed only for Slotbridge's own calendar items: an item it names does not carry the booking id property.`,
      },
    };
  }
  return {
    error: {
      reason: "unexpected",
      message: `The connector could not check that the items ${input.operation} names are Slotbridge's (Exchange answered ${verdict.code ? safeName(verdict.code) : "in a way it could not read"}).`,
    },
  };
}
