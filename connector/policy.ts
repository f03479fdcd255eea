import { EWS_NS } from "@/lib/exchange";
import { ITEM_RULES, type ItemRule, safeName } from "./item-rules";
import { childrenNamed, isElement, parseXml, type XmlElement, XmlRefused } from "./xml-tree";

/**
 * What the connector agrees to send to its Exchange (PROTOCOL.md, "What the connector relays"): the
 * operations the app needs, availability in the FreeBusy views only, item operations only as the app makes
 * them for its own bookings (item-rules.ts), and only for a mailbox one of its accounts serves. The
 * envelope is parsed, not searched as text, so a view, a shape or an operation name inside a comment, a
 * CDATA section or another element cannot fool the check.
 */

const ALLOWED_VIEWS = new Set(["FreeBusy", "FreeBusyMerged"]);
const SOAP_ACTION_PREFIX = `${EWS_NS.m}/`;
const { soap: SOAP, m: M, t: T } = EWS_NS;

/** Availability: exactly one requested view, FreeBusy or FreeBusyMerged (no subjects, no locations). */
function getUserAvailability(operation: XmlElement): ItemRule {
  const views = childrenNamed(operation, T, "FreeBusyViewOptions").flatMap((options) =>
    childrenNamed(options, T, "RequestedView"),
  );
  const [view, ...more] = views;
  if (!view || more.length > 0) return { ok: false, message: "Availability requests must ask for exactly one view." };
  const name = view.text.trim();
  if (!ALLOWED_VIEWS.has(name)) {
    return {
      ok: false,
      message: `Availability in the ${safeName(name)} view is refused: only FreeBusy and FreeBusyMerged are relayed.`,
    };
  }
  return { ok: true, itemIds: [] };
}

const RULES = { GetUserAvailability: getUserAvailability, ...ITEM_RULES };
export type AllowedOperation = keyof typeof RULES;
export const ALLOWED_OPERATIONS = Object.keys(RULES) as AllowedOperation[];

export type PolicyDecision =
  | {
      ok: true;
      operation: AllowedOperation;
      /** Items the request names by id: each must be shown to be one of the app's (booking-check.ts) first. */
      itemIds: string[];
      /** The mailbox the request impersonates (always its own): the connector's own check does the same. */
      actAs?: string;
    }
  | { ok: false; reason: "refused-by-policy" | "unknown-mailbox"; message: string };

function refuse(message: string): PolicyDecision {
  return { ok: false, reason: "refused-by-policy", message };
}

/** The operation a SOAPAction names: ".../messages/FindItem" → "FindItem"; quotes (SOAP 1.1 style) allowed. */
function actionOperation(soapAction: string): string | undefined {
  const action = soapAction.trim().replace(/^"(.*)"$/, "$1");
  return action.startsWith(SOAP_ACTION_PREFIX) ? action.slice(SOAP_ACTION_PREFIX.length) : undefined;
}

type Envelope = { operation: XmlElement; impersonations: Array<{ kind: string; id: string }> };

/** Envelope > Body > one EWS operation, and the Header's ExchangeImpersonation ids; a refusal message otherwise. */
function readEnvelope(xml: string): Envelope | string {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    return error instanceof XmlRefused ? error.message : "The request could not be read.";
  }
  if (!isElement(root, SOAP, "Envelope")) return "Not a SOAP envelope.";
  const bodies = childrenNamed(root, SOAP, "Body");
  const [operation, ...more] = bodies.length === 1 ? (bodies[0]?.children ?? []) : [];
  if (!operation || more.length > 0 || operation.uri !== M) {
    return "The request's SOAP body must hold exactly one EWS operation.";
  }
  // Envelope > Header > ExchangeImpersonation > ConnectingSID > (SmtpAddress | PrincipalName | SID | PrimarySmtpAddress)
  const impersonations = childrenNamed(root, SOAP, "Header")
    .flatMap((header) => childrenNamed(header, T, "ExchangeImpersonation"))
    .flatMap((impersonation) => childrenNamed(impersonation, T, "ConnectingSID"))
    .flatMap((sid) => sid.children.map((id) => ({ kind: id.local, id: id.text.trim() })));
  return { operation, impersonations };
}

/**
 * Decides whether one relay request may go to Exchange. `servedMailboxes` holds the lower-cased addresses
 * the accounts serve. Refusals say in plain words what was refused; they quote operation, view and field
 * names (schema identifiers), never other content of the envelope. An allowed request that names items
 * by id comes back with those ids: the relay must still show them to be the app's own.
 */
export function checkPolicy(input: {
  mailbox: string;
  soapAction: string;
  body: string;
  servedMailboxes: ReadonlySet<string>;
}): PolicyDecision {
  const mailbox = input.mailbox.trim().toLowerCase();
  if (!input.servedMailboxes.has(mailbox)) {
    return {
      ok: false,
      reason: "unknown-mailbox",
      message: `This connector has no account for ${mailbox}. Add one with add-account --mailbox ${mailbox}.`,
    };
  }

  const envelope = readEnvelope(input.body);
  if (typeof envelope === "string") return refuse(envelope);
  const element = envelope.operation.local;
  const operation = element === "GetUserAvailabilityRequest" ? "GetUserAvailability" : element;
  if (!Object.hasOwn(RULES, operation) || element === "GetUserAvailability") {
    return refuse(`The operation ${safeName(element)} is not one the connector relays.`);
  }
  if (actionOperation(input.soapAction) !== operation) {
    return refuse(`The SOAPAction does not name the operation in the body (${operation}).`);
  }
  const [impersonation, ...others] = envelope.impersonations;
  if (others.length > 0) return refuse("The request impersonates more than one user.");
  if (impersonation) {
    const { kind, id } = impersonation;
    if ((kind !== "SmtpAddress" && kind !== "PrimarySmtpAddress") || id.toLowerCase() !== mailbox) {
      return refuse(`The request may impersonate only its own mailbox (${mailbox}), by SMTP address.`);
    }
  }
  const allowed = operation as AllowedOperation;
  const rule = RULES[allowed](envelope.operation);
  if (!rule.ok) return refuse(rule.message);
  return { ok: true, operation: allowed, itemIds: rule.itemIds, ...(impersonation ? { actAs: mailbox } : {}) };
}
