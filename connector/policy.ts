import { SaxesParser, type SaxesTagNS } from "saxes";
import { EWS_NS } from "@/lib/exchange";

/**
 * What the connector agrees to send to its Exchange (PROTOCOL.md, "Relay request"): the operations the app
 * needs, availability in the FreeBusy views only, and only for a mailbox one of its accounts serves. The
 * envelope is parsed, not searched as text, so a view or an operation name inside a comment, a CDATA
 * section or another element cannot fool the check.
 */

export const ALLOWED_OPERATIONS = [
  "GetUserAvailability",
  "FindItem",
  "GetItem",
  "CreateItem",
  "UpdateItem",
  "DeleteItem",
  "GetFolder",
] as const;
export type AllowedOperation = (typeof ALLOWED_OPERATIONS)[number];

const ALLOWED_VIEWS = new Set(["FreeBusy", "FreeBusyMerged"]);
const SOAP_ACTION_PREFIX = `${EWS_NS.m}/`;

export type PolicyDecision =
  | { ok: true; operation: AllowedOperation }
  | { ok: false; reason: "refused-by-policy" | "unknown-mailbox"; message: string };

interface EnvelopeFacts {
  /** Local name of the body's first element, when it is in the EWS messages namespace. */
  operation: string | undefined;
  operationNamespace: string | undefined;
  bodyElements: number;
  requestedViews: string[];
  /** ExchangeImpersonation's ConnectingSID child: which kind of id and its text. */
  impersonation: { kind: string; id: string } | undefined;
}

class EnvelopeRefused extends Error {}

/** Reads the few facts the policy needs in one pass; throws EnvelopeRefused for anything unreadable. */
function readEnvelope(xml: string): EnvelopeFacts {
  const facts: EnvelopeFacts = {
    operation: undefined,
    operationNamespace: undefined,
    bodyElements: 0,
    requestedViews: [],
    impersonation: undefined,
  };
  const parser = new SaxesParser({ xmlns: true, position: false });
  const stack: SaxesTagNS[] = [];
  let text = "";
  let error: Error | undefined;
  const is = (tag: SaxesTagNS | undefined, uri: string, local: string) => tag?.uri === uri && tag.local === local;

  parser.on("error", (e) => {
    error ??= e;
  });
  // A document type could declare entities; EWS requests never carry one.
  parser.on("doctype", () => {
    error ??= new EnvelopeRefused("The request carries a document type declaration.");
  });
  parser.on("opentag", (tag) => {
    const depth = stack.length;
    if (depth === 0 && !is(tag, EWS_NS.soap, "Envelope")) error ??= new EnvelopeRefused("Not a SOAP envelope.");
    if (depth === 2 && is(stack[1], EWS_NS.soap, "Body")) {
      facts.bodyElements += 1;
      if (facts.bodyElements === 1) {
        facts.operation = tag.local;
        facts.operationNamespace = tag.uri;
      }
    }
    text = "";
    stack.push(tag as SaxesTagNS);
  });
  parser.on("text", (chunk) => {
    text += chunk;
  });
  parser.on("cdata", (chunk) => {
    text += chunk;
  });
  parser.on("closetag", (tag) => {
    stack.pop();
    const parent = stack[stack.length - 1];
    const grandparent = stack[stack.length - 2];
    // Envelope > Body > GetUserAvailabilityRequest > FreeBusyViewOptions > RequestedView
    if (
      stack.length === 4 &&
      is(tag as SaxesTagNS, EWS_NS.t, "RequestedView") &&
      is(parent, EWS_NS.t, "FreeBusyViewOptions") &&
      is(grandparent, EWS_NS.m, "GetUserAvailabilityRequest")
    ) {
      facts.requestedViews.push(text.trim());
    }
    // Envelope > Header > ExchangeImpersonation > ConnectingSID > (SmtpAddress | PrincipalName | SID | PrimarySmtpAddress)
    if (
      stack.length === 4 &&
      is(parent, EWS_NS.t, "ConnectingSID") &&
      is(grandparent, EWS_NS.t, "ExchangeImpersonation") &&
      is(stack[1], EWS_NS.soap, "Header")
    ) {
      if (facts.impersonation) error ??= new EnvelopeRefused("The request impersonates more than one user.");
      facts.impersonation = { kind: (tag as SaxesTagNS).local, id: text.trim() };
    }
    text = "";
  });

  try {
    parser.write(xml).close();
  } catch (e) {
    error ??= e as Error;
  }
  if (error instanceof EnvelopeRefused) throw error;
  if (error) throw new EnvelopeRefused("The request is not well-formed XML.");
  return facts;
}

function refuse(message: string): PolicyDecision {
  return { ok: false, reason: "refused-by-policy", message };
}

/** The operation a SOAPAction names: ".../messages/FindItem" → "FindItem"; quotes (SOAP 1.1 style) allowed. */
function actionOperation(soapAction: string): string | undefined {
  const action = soapAction.trim().replace(/^"(.*)"$/, "$1");
  return action.startsWith(SOAP_ACTION_PREFIX) ? action.slice(SOAP_ACTION_PREFIX.length) : undefined;
}

/**
 * Decides whether one relay request may go to Exchange. `servedMailboxes` holds the lower-cased addresses
 * the accounts serve. Refusals say in plain words what was refused; they quote operation and view names
 * (schema identifiers), never other content of the envelope.
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

  let facts: EnvelopeFacts;
  try {
    facts = readEnvelope(input.body);
  } catch (error) {
    return refuse(error instanceof EnvelopeRefused ? error.message : "The request could not be read.");
  }
  if (facts.bodyElements !== 1 || !facts.operation || facts.operationNamespace !== EWS_NS.m) {
    return refuse("The request's SOAP body must hold exactly one EWS operation.");
  }
  const operation = facts.operation === "GetUserAvailabilityRequest" ? "GetUserAvailability" : facts.operation;
  if (!(ALLOWED_OPERATIONS as readonly string[]).includes(operation) || facts.operation === "GetUserAvailability") {
    return refuse(`The operation ${safeName(facts.operation)} is not one the connector relays.`);
  }
  const named = actionOperation(input.soapAction);
  if (named !== operation) {
    return refuse(`The SOAPAction does not name the operation in the body (${operation}).`);
  }
  if (operation === "GetUserAvailability") {
    const [view, ...more] = facts.requestedViews;
    if (!view || more.length > 0) return refuse("Availability requests must ask for exactly one view.");
    if (!ALLOWED_VIEWS.has(view)) {
      return refuse(
        `Availability in the ${safeName(view)} view is refused: only FreeBusy and FreeBusyMerged are relayed.`,
      );
    }
  }
  if (facts.impersonation) {
    const { kind, id } = facts.impersonation;
    if ((kind !== "SmtpAddress" && kind !== "PrimarySmtpAddress") || id.toLowerCase() !== mailbox) {
      return refuse(`The request may impersonate only its own mailbox (${mailbox}), by SMTP address.`);
    }
  }
  return { ok: true, operation: operation as AllowedOperation };
}

/** Element and view names are schema identifiers; anything else is not echoed. */
function safeName(name: string): string {
  return /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(name) ? name : "(unnamed)";
}
