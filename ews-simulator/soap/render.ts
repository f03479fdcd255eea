import { type EwsResponse, SIMULATED_SERVER } from "../contract";
import type { EwsFault, EwsItemError } from "./errors";
import { NS } from "./namespaces";
import { attrs, el, serializeDocument, type Xml, type XmlContent } from "./xml";

const SOAP_CONTENT_TYPE = "text/xml; charset=utf-8";

/**
 * What the simulated server says it is, on every answer (Exchange 2013 and later report their own schema
 * version whatever the request asked for).
 */
export const SERVER_VERSION = {
  MajorVersion: SIMULATED_SERVER.majorVersion,
  MinorVersion: SIMULATED_SERVER.minorVersion,
  MajorBuildNumber: SIMULATED_SERVER.majorBuild,
  MinorBuildNumber: SIMULATED_SERVER.minorBuild,
  Version: SIMULATED_SERVER.schemaVersion,
} as const;

function renderServerVersionHeader(): Xml {
  return el("s:Header", el("h:ServerVersionInfo", attrs({ ...SERVER_VERSION, "xmlns:h": NS.t })));
}

function renderEnvelope(bodyContent: Xml): string {
  return serializeDocument(
    el(
      "s:Envelope",
      attrs({ "xmlns:s": NS.soap }),
      renderServerVersionHeader(),
      el("s:Body", attrs({ "xmlns:xsi": NS.xsi, "xmlns:xsd": NS.xsd }), bodyContent),
    ),
  );
}

/** A successful (HTTP 200) response whose body element is `m:<name>`. */
export function renderOperationResponse(input: { name: string; content: XmlContent }): EwsResponse {
  const body = el(`m:${input.name}`, attrs({ "xmlns:m": NS.m, "xmlns:t": NS.t }), input.content);
  return { status: 200, contentType: SOAP_CONTENT_TYPE, body: renderEnvelope(body) };
}

/**
 * The soap:Fault Exchange 2013+ sends: faultcode a:<ResponseCode>, detail with e:ResponseCode/e:Message and,
 * where there is more to say, t:MessageXml (LineNumber/LinePosition/Violation, or named values).
 */
export function renderFault(fault: EwsFault): EwsResponse {
  const { line, position, violation, values } = fault.detail;
  const located = line !== undefined || violation !== undefined;
  const messageXml =
    values || located
      ? el(
          "t:MessageXml",
          attrs({ "xmlns:t": NS.t }),
          line !== undefined ? el("t:LineNumber", line) : null,
          position !== undefined ? el("t:LinePosition", position) : null,
          violation !== undefined ? el("t:Violation", violation) : null,
          Object.entries(values ?? {}).map(([name, value]) => el("t:Value", attrs({ Name: name }), value)),
        )
      : null;
  const body = el(
    "s:Fault",
    el("faultcode", attrs({ "xmlns:a": NS.t }), `a:${fault.code}`),
    el("faultstring", attrs({ "xml:lang": "en-US" }), fault.message),
    el(
      "detail",
      el("e:ResponseCode", attrs({ "xmlns:e": NS.e }), fault.code),
      el("e:Message", attrs({ "xmlns:e": NS.e }), fault.detail.message ?? fault.message),
      messageXml,
    ),
  );
  return { status: 500, contentType: SOAP_CONTENT_TYPE, body: renderEnvelope(body) };
}

/**
 * One m:<name> response message: Success with NoError, or Error (Warning when `warning` is set,
 * as for ResolveNames' ambiguous matches) with Exchange's text and code.
 */
export function renderResponseMessage(input: {
  name: string;
  error?: EwsItemError;
  warning?: boolean;
  content?: XmlContent;
}): Xml {
  if (input.error) {
    return el(
      `m:${input.name}`,
      attrs({ ResponseClass: input.warning ? "Warning" : "Error" }),
      el("m:MessageText", input.error.message),
      el("m:ResponseCode", input.error.code),
      el("m:DescriptiveLinkKey", 0),
      input.content,
    );
  }
  return el(`m:${input.name}`, attrs({ ResponseClass: "Success" }), el("m:ResponseCode", "NoError"), input.content);
}

export function renderResponseMessages(messages: Xml[]): Xml {
  return el("m:ResponseMessages", messages);
}
