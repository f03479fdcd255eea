import { DOMParser, type Element, onErrorStopParsing } from "@xmldom/xmldom";
import {
  findChild,
  findChildren,
  isNamed,
  listChildElements,
  locate,
  readAttribute,
  readChildText,
  readText,
} from "./dom";
import { createSchemaFault, EwsFault } from "./errors";
import { NS } from "./namespaces";

/** Body element local name → operation name, for the operations the core answers. */
export const OPERATION_ELEMENTS: Readonly<Record<string, string>> = {
  GetUserAvailabilityRequest: "GetUserAvailability",
  FindItem: "FindItem",
  GetItem: "GetItem",
  CreateItem: "CreateItem",
  UpdateItem: "UpdateItem",
  DeleteItem: "DeleteItem",
  GetFolder: "GetFolder",
  FindFolder: "FindFolder",
  ResolveNames: "ResolveNames",
  GetServerTimeZones: "GetServerTimeZones",
  ConvertId: "ConvertId",
};

export type ImpersonationKey = "PrimarySmtpAddress" | "SmtpAddress" | "PrincipalName" | "SID";

export interface ParsedRequest {
  operation: string;
  /** The operation element (child of soap:Body). */
  body: Element;
  requestedServerVersion?: string;
  /** TimeZoneContext/TimeZoneDefinition@Id, a Windows zone id. */
  timeZoneContextId?: string;
  impersonation?: { key: ImpersonationKey; value: string };
}

function parseXmlDocument(xml: string): Element {
  let root: Element | null = null;
  try {
    const doc = new DOMParser({ onError: onErrorStopParsing }).parseFromString(xml, "text/xml");
    root = doc.documentElement;
  } catch (error) {
    // The parser's own message names the position of the error; it never contains more than the request had.
    const reason = error instanceof Error ? error.message.split("\n")[0] : "not well-formed";
    throw createSchemaFault({ message: `The request is not well-formed XML. ${reason}` });
  }
  if (!root) throw createSchemaFault({ message: "The request is empty." });
  return root;
}

function parseImpersonation(header: Element): ParsedRequest["impersonation"] {
  const impersonation = findChild(header, "ExchangeImpersonation");
  if (!impersonation) return undefined;
  const sid = findChild(impersonation, "ConnectingSID");
  const choice = sid ? listChildElements(sid)[0] : undefined;
  const keys: ImpersonationKey[] = ["PrimarySmtpAddress", "SmtpAddress", "PrincipalName", "SID"];
  const key = keys.find((k) => choice && isNamed(choice, { ns: NS.t, local: k }));
  if (!choice || !key) {
    throw createSchemaFault({ message: "ExchangeImpersonation needs a ConnectingSID.", ...locate(impersonation) });
  }
  return { key, value: readText(choice).trim() };
}

/**
 * Parses the SOAP 1.1 envelope just enough to route it. Throws EwsFault (ErrorSchemaValidation)
 * for XML that is not well-formed, not a SOAP 1.1 envelope, or has no body element, and
 * ErrorInvalidRequest for an EWS operation the simulator does not implement.
 */
export function parseEnvelope(xml: string): ParsedRequest {
  const root = parseXmlDocument(xml);
  if (!isNamed(root, { ns: NS.soap, local: "Envelope" })) {
    throw createSchemaFault({ message: "The root element is not a SOAP 1.1 Envelope.", ...locate(root) });
  }
  const header = findChild(root, "Header", NS.soap);
  const soapBody = findChild(root, "Body", NS.soap);
  if (!soapBody) throw createSchemaFault({ message: "The SOAP envelope has no Body.", ...locate(root) });
  const body = listChildElements(soapBody)[0];
  if (!body) throw createSchemaFault({ message: "The SOAP Body is empty.", ...locate(soapBody) });
  if (body.namespaceURI !== NS.m) {
    throw createSchemaFault({
      message: `The element '${body.localName}' in namespace '${body.namespaceURI ?? ""}' is not an EWS request.`,
      ...locate(body),
    });
  }
  const operation = OPERATION_ELEMENTS[body.localName ?? ""];
  if (!operation) {
    throw new EwsFault("ErrorInvalidRequest", `The simulator does not implement the operation '${body.localName}'.`);
  }
  const versionElement = header ? findChild(header, "RequestServerVersion") : undefined;
  const timeZoneContext = header ? findChild(header, "TimeZoneContext") : undefined;
  const definition = timeZoneContext ? findChild(timeZoneContext, "TimeZoneDefinition") : undefined;
  return {
    operation,
    body,
    requestedServerVersion: versionElement ? (readAttribute(versionElement, "Version") ?? "") : undefined,
    timeZoneContextId: definition ? readAttribute(definition, "Id") : undefined,
    impersonation: header ? parseImpersonation(header) : undefined,
  };
}

/** Mailboxes a request names in its body (availability attendees, DistinguishedFolderId/Mailbox). */
export function listNamedMailboxes(request: ParsedRequest): string[] {
  const found: string[] = [];
  const visit = (element: Element): void => {
    if (isNamed(element, { ns: NS.t, local: "MailboxData" })) {
      const email = findChild(element, "Email");
      const address = email ? readChildText(email, "Address") : undefined;
      if (address) found.push(address.toLowerCase());
      return;
    }
    if (isNamed(element, { ns: NS.t, local: "DistinguishedFolderId" })) {
      for (const mailbox of findChildren(element, "Mailbox")) {
        const address = readChildText(mailbox, "EmailAddress");
        if (address) found.push(address.toLowerCase());
      }
      return;
    }
    for (const child of listChildElements(element)) visit(child);
  };
  visit(request.body);
  return found;
}
