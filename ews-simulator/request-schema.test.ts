import https from "node:https";
import { DOMParser, type Element } from "@xmldom/xmldom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendHttpRequest } from "@/lib/exchange";
import type { RequestLogEntry } from "./control/request-log";
import { SEED_PASSWORD } from "./data/accounts";
import type { RunningSimulator } from "./simulator";
import { findChild, listChildElements, readChildText } from "./soap/dom";
import { NS } from "./soap/namespaces";
import { buildRequestEnvelope } from "./soap/request-builder";
import { callControl, setUpTestSimulator, startTestSimulator } from "./testing/test-simulator";

/** Requests that break Microsoft's schema, sent over HTTPS as any client would: Exchange refuses them, so must we. */
const simulator = setUpTestSimulator({ clearLogEach: true });

let agent: https.Agent;
beforeAll(() => {
  agent = new https.Agent({ ca: [simulator.caPem], keepAlive: true });
});
afterAll(() => agent.destroy());

async function post(input: { xml: string; to?: RunningSimulator }) {
  const answer = await sendHttpRequest({
    url: new URL((input.to ?? simulator).listeners.valid.url),
    method: "POST",
    headers: {
      "Content-Type": "text/xml; charset=utf-8",
      Authorization: `Basic ${Buffer.from(`CONTOSO\\alice:${SEED_PASSWORD}`).toString("base64")}`,
    },
    body: input.xml,
    agent,
    signal: AbortSignal.timeout(20_000),
  });
  return { status: answer.status, body: answer.body };
}

/** The fault's parts as a client reads them. */
function readFault(body: string) {
  const root = new DOMParser().parseFromString(body, "text/xml").documentElement as Element;
  const fault = listChildElements(findChild(root, "Body", NS.soap) as Element)[0] as Element;
  const detail = findChild(fault, "detail", "") as Element;
  const messageXml = findChild(detail, "MessageXml", NS.t);
  return {
    element: `${fault.namespaceURI}|${fault.localName}`,
    faultcode: readChildText(fault, "faultcode", ""),
    faultstring: readChildText(fault, "faultstring", ""),
    code: readChildText(detail, "ResponseCode", NS.e),
    message: readChildText(detail, "Message", NS.e),
    line: messageXml ? Number(readChildText(messageXml, "LineNumber")) : undefined,
    position: messageXml ? Number(readChildText(messageXml, "LinePosition")) : undefined,
    violation: messageXml ? readChildText(messageXml, "Violation") : undefined,
  };
}

const RESOLVE = (attributes: string, entries: string) =>
  buildRequestEnvelope({ body: `<m:ResolveNames${attributes}>${entries}</m:ResolveNames>` });

const FIND_ITEM = (additional: string) =>
  buildRequestEnvelope({
    body:
      `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape>` +
      `<t:AdditionalProperties>${additional}</t:AdditionalProperties></m:ItemShape>` +
      `<m:CalendarView StartDate="2030-01-07T00:00:00Z" EndDate="2030-01-08T00:00:00Z"/>` +
      `<m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>`,
  });

const CREATE_ITEM = (item: string) =>
  buildRequestEnvelope({
    body:
      `<m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem>${item}</t:CalendarItem>` +
      "</m:Items></m:CreateItem>",
  });

describe("requests are checked against Microsoft's schema before they run", () => {
  it("answers valid requests as before", async () => {
    const resolved = await post({
      xml: RESOLVE(' ReturnFullContactData="true"', "<m:UnresolvedEntry>bob</m:UnresolvedEntry>"),
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toContain("<m:ResponseCode>NoError</m:ResponseCode>");
    const found = await post({ xml: FIND_ITEM('<t:FieldURI FieldURI="calendar:Start"/>') });
    expect(found.status).toBe(200);
  });

  it.each([
    {
      case: "an unknown element",
      xml: FIND_ITEM('<t:FieldURI FieldURI="calendar:Start"/><t:Bogus/>'),
      violation: /Bogus.*This element is not expected/,
    },
    {
      case: "a missing required attribute (ReturnFullContactData on ResolveNames)",
      xml: RESOLVE("", "<m:UnresolvedEntry>bob</m:UnresolvedEntry>"),
      violation: /ResolveNames.*The attribute 'ReturnFullContactData' is required but missing/,
    },
    {
      case: "out-of-order elements (End before Start)",
      xml: CREATE_ITEM(
        "<t:Subject>x</t:Subject><t:End>2030-01-07T10:00:00Z</t:End><t:Start>2030-01-07T09:00:00Z</t:Start>",
      ),
      violation: /Start.*This element is not expected/,
    },
    {
      case: "three UnresolvedEntry where the schema allows one",
      xml: RESOLVE(
        ' ReturnFullContactData="false"',
        "<m:UnresolvedEntry>bob</m:UnresolvedEntry><m:UnresolvedEntry>alice</m:UnresolvedEntry><m:UnresolvedEntry>dev</m:UnresolvedEntry>",
      ),
      violation: /UnresolvedEntry.*This element is not expected/,
    },
    {
      case: "a value outside its enumeration",
      xml: FIND_ITEM('<t:FieldURI FieldURI="calendar:Nonsense"/>'),
      violation: /FieldURI.*calendar:Nonsense/,
    },
    {
      case: "a body element messages.xsd does not declare",
      xml: buildRequestEnvelope({ body: "<m:FindItems/>" }),
      violation: /FindItems.*No matching global element declaration/,
    },
  ])("refuses $case with ErrorSchemaValidation, as Exchange does", async ({ xml, violation }) => {
    const answer = await post({ xml });
    expect(answer.status).toBe(500);
    const fault = readFault(answer.body);
    expect(fault).toMatchObject({
      element: `${NS.soap}|Fault`,
      faultcode: "a:ErrorSchemaValidation",
      code: "ErrorSchemaValidation",
      message: "The request failed schema validation.",
    });
    expect(fault.violation).toMatch(violation);
    expect(fault.faultstring).toBe(`The request failed schema validation: ${fault.violation}`);
    expect(fault.line).toBeGreaterThan(0);
  });

  it("names the line and the position of the offending element", async () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="${NS.soap}" xmlns:m="${NS.m}" xmlns:t="${NS.t}">
  <soap:Header><t:RequestServerVersion Version="Exchange2013_SP1"/></soap:Header>
  <soap:Body>
    <m:ResolveNames ReturnFullContactData="true">
      <m:UnresolvedEntry>bob</m:UnresolvedEntry>
         <m:UnresolvedEntry>alice</m:UnresolvedEntry>
    </m:ResolveNames>
  </soap:Body>
</soap:Envelope>`;
    const fault = readFault((await post({ xml })).body);
    expect({ line: fault.line, position: fault.position }).toEqual({ line: 7, position: 11 });
  });

  it("checks the EWS headers too, and refuses a DTD outright", async () => {
    const badZone = buildRequestEnvelope({
      body: '<m:ResolveNames ReturnFullContactData="true"><m:UnresolvedEntry>bob</m:UnresolvedEntry></m:ResolveNames>',
    }).replace("</soap:Header>", "<t:TimeZoneContext><t:Unknown/></t:TimeZoneContext></soap:Header>");
    expect(readFault((await post({ xml: badZone })).body).code).toBe("ErrorSchemaValidation");
    const doctype = RESOLVE(' ReturnFullContactData="true"', "<m:UnresolvedEntry>bob</m:UnresolvedEntry>").replace(
      "<soap:Envelope",
      '<!DOCTYPE x [<!ENTITY e "bob">]><soap:Envelope',
    );
    const refused = readFault((await post({ xml: doctype })).body);
    expect(refused.code).toBe("ErrorSchemaValidation");
    expect(refused.violation).toMatch(/DTD is prohibited/);
  });

  it("logs a refused request with its operation and status 500", async () => {
    await post({ xml: RESOLVE("", "<m:UnresolvedEntry>bob</m:UnresolvedEntry>") });
    const log = (await callControl({ simulator, method: "GET", path: "/requests" })).json as RequestLogEntry[];
    expect(log.at(-1)).toMatchObject({ operation: "ResolveNames", status: 500, account: "alice@contoso.test" });
  });

  it("can be switched off, for tests of what the operations themselves tolerate", async () => {
    const tolerant = await startTestSimulator({ validateRequests: false });
    try {
      // Three entries where the schema allows one: the operation reads the first and answers.
      const answer = await post({
        xml: RESOLVE(
          ' ReturnFullContactData="false"',
          "<m:UnresolvedEntry>bob</m:UnresolvedEntry><m:UnresolvedEntry>alice</m:UnresolvedEntry><m:UnresolvedEntry>dev</m:UnresolvedEntry>",
        ),
        to: tolerant,
      });
      expect(answer.status).toBe(200);
    } finally {
      await tolerant.stop();
    }
  });
});
