import { readFileSync } from "node:fs";
import https from "node:https";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendHttpRequest } from "@/lib/exchange";
import type { FaultRule } from "./faults";
import { buildRequestEnvelope } from "./soap/request-builder";
import { extractBodyElement, validateEwsBodies } from "./soap/schema-validate";
import { callControl, setUpTestSimulator } from "./testing/test-simulator";

/** The "omit" and "replay" faults, seen on the wire: what a real server that leaves parts out, or Microsoft's own example, sends. */
const simulator = setUpTestSimulator();
const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "examples");
const example = (name: string) => readFileSync(path.join(EXAMPLES, name), "utf8");
const basic = `Basic ${Buffer.from("CONTOSO\\alice:Simulator-Pass-1").toString("base64")}`;
let agent: https.Agent;

beforeAll(() => {
  agent = new https.Agent({ ca: [simulator.caPem] });
});
afterAll(() => agent?.destroy());

function post(input: { path?: string; body: string }) {
  return sendHttpRequest({
    url: new URL(input.path ?? "/EWS/Exchange.asmx", new URL(simulator.listeners.valid.url).origin),
    method: "POST",
    headers: { "Content-Type": "text/xml; charset=utf-8", Authorization: basic },
    body: input.body,
    agent,
    signal: AbortSignal.timeout(10_000),
  });
}

async function addFault(rule: FaultRule) {
  expect((await callControl({ simulator, method: "POST", path: "/faults", body: rule })).status).toBe(201);
}

const now = Date.now();
const calendarView = buildRequestEnvelope({
  body: `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape>
<m:CalendarView StartDate="${new Date(now - 7 * 86_400_000).toISOString()}" EndDate="${new Date(now + 14 * 86_400_000).toISOString()}"/>
<m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>`,
});

const count = (xml: string, localName: string) => xml.split(`:${localName}`).length - 1;

describe("the omit fault", () => {
  it("takes optional elements out of the real answer, which still validates against Microsoft's schema", async () => {
    const plain = await post({ body: calendarView });
    expect(plain.status).toBe(200);
    expect(count(plain.body, "IsCancelled")).toBeGreaterThan(0);
    expect(count(plain.body, "ServerVersionInfo")).toBeGreaterThan(0);

    await addFault({ operation: "FindItem", action: { kind: "omit", elements: ["IsCancelled", "ServerVersionInfo"] } });
    const thinned = await post({ body: calendarView });
    expect(thinned.status).toBe(200);
    expect(count(thinned.body, "IsCancelled")).toBe(0);
    expect(count(thinned.body, "ServerVersionInfo")).toBe(0);
    expect(count(thinned.body, "CalendarItem>")).toBe(count(plain.body, "CalendarItem>"));
    const [result] = await validateEwsBodies([{ name: "thinned", xml: extractBodyElement(thinned.body).xml }]);
    expect(result?.errors).toEqual([]);
    const log = (await callControl({ simulator, method: "GET", path: "/requests" })).json as { fault?: string }[];
    expect(log.at(-1)?.fault).toBe("omit");
  });

  it("refuses to leave out what the schema requires, saying so instead of sending it", async () => {
    await addFault({ operation: "FindItem", action: { kind: "omit", elements: ["ResponseMessages"] } });
    const answer = await post({ body: calendarView });
    expect(answer.status).toBe(500);
    expect(answer.headers["content-type"]).toMatch(/^text\/plain/);
    expect(answer.body).toMatch(/breaks Microsoft's schema/);
    expect(answer.body).toMatch(/ResponseMessages/);
  });
});

describe("the replay fault", () => {
  it("answers an operation with a documented response byte for byte, without running it", async () => {
    const documented = example("DeleteItem.ErrorItemNotFound.response.xml");
    await addFault({
      operation: "DeleteItem",
      action: { kind: "replay", status: 200, contentType: "text/xml; charset=utf-8", body: documented },
      times: 1,
    });
    const [item] = (await callControl({ simulator, method: "GET", path: "/mailboxes/alice%40contoso.test/calendar" }))
      .json as { id: string }[];
    const request = buildRequestEnvelope({
      body: `<m:DeleteItem DeleteType="HardDelete" SendMeetingCancellations="SendToNone"><m:ItemIds><t:ItemId Id="${item?.id}"/></m:ItemIds></m:DeleteItem>`,
    });
    const answer = await post({ body: request });
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(documented);
    const after = (await callControl({ simulator, method: "GET", path: "/mailboxes/alice%40contoso.test/calendar" }))
      .json as { id: string }[];
    expect(after.map((i) => i.id)).toContain(item?.id);
    // `times` spent: the next DeleteItem runs for real.
    expect((await post({ body: request })).body).toContain(`ResponseClass="Success"`);
  });

  it("reaches SOAP autodiscover only through rules that name GetUserSettings", async () => {
    const request = example("Autodiscover.SOAP.GetUserSettings.request.xml").replace(
      "UserName@domain.contoso.com",
      "alice@contoso.test",
    );
    await addFault({ action: { kind: "http-error", status: 503 } });
    const untouched = await post({ path: "/autodiscover/autodiscover.svc", body: request });
    expect(untouched.status).toBe(200);
    expect(untouched.body).toContain("Alice Andersen");

    const replayed = "<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body/></s:Envelope>";
    await addFault({
      operation: "GetUserSettings",
      action: { kind: "replay", status: 200, contentType: "text/xml; charset=utf-8", body: replayed },
    });
    const answer = await post({ path: "/autodiscover/autodiscover.svc", body: request });
    expect(answer).toMatchObject({ status: 200, body: replayed });
  });
});
