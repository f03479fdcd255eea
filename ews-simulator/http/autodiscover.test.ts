import { readFile } from "node:fs/promises";
import https from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendHttpRequest } from "@/lib/exchange";
import type { RunningSimulator } from "../simulator";
import { startTestSimulator } from "../testing/test-simulator";

let simulator: RunningSimulator;
let agent: https.Agent;

beforeAll(async () => {
  simulator = await startTestSimulator();
  agent = new https.Agent({ ca: [simulator.caPem] });
});
afterAll(async () => {
  agent?.destroy();
  await simulator?.stop();
});

const basic = `Basic ${Buffer.from("CONTOSO\\alice:Simulator-Pass-1").toString("base64")}`;

function post(input: { method?: "GET" | "POST"; path: string; body?: string; auth?: string }) {
  return sendHttpRequest({
    url: new URL(input.path, new URL(simulator.listeners.valid.url).origin),
    method: input.method ?? "POST",
    headers: {
      "Content-Type": "text/xml; charset=utf-8",
      ...(input.auth === "" ? {} : { Authorization: input.auth ?? basic }),
    },
    body: input.body,
    agent,
    signal: AbortSignal.timeout(5_000),
  });
}

/** The plain-HTTP listener, asked with Node's own fetch: Slotbridge's transport speaks HTTPS only. */
async function postPlain(input: { path: string; body: string }) {
  const response = await fetch(new URL(input.path, new URL(simulator.listeners["plain-http"].url).origin), {
    method: "POST",
    headers: { "Content-Type": "text/xml; charset=utf-8", Authorization: basic },
    body: input.body,
    signal: AbortSignal.timeout(5_000),
  });
  return { status: response.status, body: await response.text() };
}

const poxRequest = (email: string) => `<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
  <Request>
    <EMailAddress>${email}</EMailAddress>
    <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>
  </Request>
</Autodiscover>`;

describe("POX autodiscover", () => {
  it("needs authentication like the rest of IIS", async () => {
    const answer = await post({
      path: "/autodiscover/autodiscover.xml",
      body: poxRequest("alice@contoso.test"),
      auth: "",
    });
    expect(answer.status).toBe(401);
  });

  it("answers EXCH and EXPR with the EWS URL of the listener asked", async () => {
    const answer = await post({ path: "/autodiscover/autodiscover.xml", body: poxRequest("bob@contoso.test") });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain("<Type>EXCH</Type>");
    expect(answer.body).toContain("<Type>EXPR</Type>");
    expect(answer.body).toContain(`<EwsUrl>${simulator.listeners.valid.url}</EwsUrl>`);
    expect(answer.body).toContain("<DisplayName>Bob Brown</DisplayName>");
  });

  it("answers the documented example request (Error 500 for an unknown address)", async () => {
    const example = await readFile(new URL("../examples/Autodiscover.POX.request.xml", import.meta.url), "utf8");
    const answer = await post({ path: "/autodiscover/autodiscover.xml", body: example });
    expect(answer.body).toContain("<ErrorCode>500</ErrorCode>");
  });

  it("answers Error 600 Invalid Request for a body that is not a request", async () => {
    const answer = await post({ path: "/autodiscover/autodiscover.xml", body: "<nonsense" });
    expect(answer.body).toContain("<ErrorCode>600</ErrorCode>");
    expect(answer.body).toContain("<Message>Invalid Request</Message>");
  });
});

describe("GET on the autodiscover endpoints (a browser, or an NTLM client's type-1 step)", () => {
  it.each(["/autodiscover/autodiscover.xml", "/autodiscover/autodiscover.svc"])(
    "%s is challenged like IIS, not refused with 405",
    async (path) => {
      const answer = await post({ method: "GET", path, auth: "" });
      expect(answer.status).toBe(401);
      expect(answer.wwwAuthenticate).toContain("NTLM");
    },
  );

  it("answers POX Error 600 Invalid Request once signed in, as Exchange does", async () => {
    const answer = await post({ method: "GET", path: "/autodiscover/autodiscover.xml" });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain("<ErrorCode>600</ErrorCode>");
  });

  it("answers the SOAP service with a page once signed in", async () => {
    const answer = await post({ method: "GET", path: "/autodiscover/autodiscover.svc" });
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toContain("text/html");
  });
});

describe("SOAP autodiscover GetUserSettings", () => {
  const request = (mailbox: string) => `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:a="http://schemas.microsoft.com/exchange/2010/Autodiscover" xmlns:wsa="http://www.w3.org/2005/08/addressing" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Header><a:RequestedServerVersion>Exchange2013</a:RequestedServerVersion></soap:Header>
  <soap:Body>
    <a:GetUserSettingsRequestMessage>
      <a:Request>
        <a:Users><a:User><a:Mailbox>${mailbox}</a:Mailbox></a:User></a:Users>
        <a:RequestedSettings>
          <a:Setting>UserDisplayName</a:Setting>
          <a:Setting>ExternalEwsUrl</a:Setting>
          <a:Setting>InternalEwsUrl</a:Setting>
          <a:Setting>NoSuchSetting</a:Setting>
        </a:RequestedSettings>
      </a:Request>
    </a:GetUserSettingsRequestMessage>
  </soap:Body>
</soap:Envelope>`;

  it("returns the EWS URLs and display name, and flags unknown settings", async () => {
    const answer = await postPlain({
      path: "/autodiscover/autodiscover.svc",
      body: request("alice@contoso.test"),
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain("<Value>Alice Andersen</Value>");
    expect(answer.body).toContain(`<Value>${simulator.listeners["plain-http"].url}</Value>`);
    expect(answer.body).toContain("<SettingName>NoSuchSetting</SettingName>");
  });

  it("answers InvalidUser for an unknown mailbox", async () => {
    const answer = await post({ path: "/autodiscover/autodiscover.svc", body: request("nobody@contoso.test") });
    expect(answer.body).toContain("<ErrorCode>InvalidUser</ErrorCode>");
  });
});

describe("one server build, whoever asks", () => {
  it("POX (ServerVersion, AuthPackage), SOAP (ServerVersionInfo, CasVersion) and EWS report the same build", async () => {
    const pox = (await post({ path: "/autodiscover/autodiscover.xml", body: poxRequest("bob@contoso.test") })).body;
    // [MS-OXDSCLI]'s packing of 15.1.2507: 0111, major 15, minor 1, a 1, build 2507.
    expect(pox).toContain("<ServerVersion>73C189CB</ServerVersion>");
    expect(pox.match(/<AuthPackage>Ntlm<\/AuthPackage>/g)).toHaveLength(2);

    const soapRequest = `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:a="http://schemas.microsoft.com/exchange/2010/Autodiscover" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body><a:GetUserSettingsRequestMessage><a:Request>
    <a:Users><a:User><a:Mailbox>alice@contoso.test</a:Mailbox></a:User></a:Users>
    <a:RequestedSettings><a:Setting>CasVersion</a:Setting><a:Setting>EwsSupportedSchemas</a:Setting></a:RequestedSettings>
  </a:Request></a:GetUserSettingsRequestMessage></soap:Body>
</soap:Envelope>`;
    const soap = (await post({ path: "/autodiscover/autodiscover.svc", body: soapRequest })).body;
    expect(soap).toContain(
      "<h:MajorVersion>15</h:MajorVersion><h:MinorVersion>1</h:MinorVersion><h:MajorBuildNumber>2507</h:MajorBuildNumber><h:MinorBuildNumber>6</h:MinorBuildNumber>",
    );
    expect(soap).toContain("<Value>15.01.2507.006</Value>");
    expect(soap).toMatch(/<Value>Exchange2007_SP1, Exchange2010, .*, Exchange2016<\/Value>/);

    const ews = await post({
      path: "/EWS/Exchange.asmx",
      body: `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><soap:Header><t:RequestServerVersion Version="Exchange2010_SP2"/></soap:Header><soap:Body><m:ResolveNames ReturnFullContactData="false"><m:UnresolvedEntry>bob</m:UnresolvedEntry></m:ResolveNames></soap:Body></soap:Envelope>`,
    });
    expect(ews.body).toContain('MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6"');
  });
});
