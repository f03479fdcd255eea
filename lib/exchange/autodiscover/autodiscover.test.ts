import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { RequestLogEntry } from "@/ews-simulator/control/request-log";
import { callControl, setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import type { EwsAuth } from "../transport/ews-transport";
import { AUTODISCOVER_SOAP_PATH, type DiscoverEwsUrlInput, discoverEwsUrl } from "./autodiscover";
import { AUTODISCOVER_POX_PATH, discoverEwsUrlPox } from "./autodiscover-pox";

const PASSWORD = "Simulator-Pass-1";
const simulator = setUpTestSimulator({ clearLogEach: true });

const basic = (password = PASSWORD): EwsAuth => ({
  kind: "basic",
  username: "svc-slotbridge",
  domain: "CONTOSO",
  password,
});
const ntlm = (password = PASSWORD): EwsAuth => ({
  kind: "ntlm",
  username: "svc-slotbridge",
  domain: "CONTOSO",
  password,
});

function discover(input: Partial<DiscoverEwsUrlInput> & { auth: EwsAuth }) {
  return discoverEwsUrl({
    email: "alice@contoso.test",
    autodiscoverUrl: new URL(AUTODISCOVER_SOAP_PATH, simulator.listeners.valid.url).toString(),
    caPem: simulator.caPem,
    timeoutMs: 5_000,
    ...input,
  });
}

async function requestLog(): Promise<RequestLogEntry[]> {
  return (await callControl({ simulator, method: "GET", path: "/requests" })).json as RequestLogEntry[];
}

describe("discoverEwsUrl through ews-javascript-api's AutodiscoverService", () => {
  it.each([
    ["Basic", basic(), "Basic"],
    ["NTLMv2", ntlm(), "NTLM"],
  ])(
    "%s: finds alice's EWS URL on the valid listener, and the simulator logs the call",
    async (_name, auth, scheme) => {
      const result = await discover({ auth });
      expect(result).toEqual({
        ok: true,
        ewsUrl: simulator.listeners.valid.url,
        source: "external",
        displayName: "Alice Andersen",
      });
      const calls = (await requestLog()).filter((entry) => entry.operation === "GetUserSettings");
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({
        variant: "valid",
        method: "POST",
        path: "/autodiscover/autodiscover.svc",
        status: 200,
        account: "svc-slotbridge@contoso.test",
        authScheme: scheme,
        mailboxes: ["alice@contoso.test"],
      });
    },
  );

  it("accepts a bare origin and appends the standard SOAP path", async () => {
    const result = await discover({ auth: ntlm(), autodiscoverUrl: new URL(simulator.listeners.valid.url).origin });
    expect(result).toMatchObject({ ok: true, ewsUrl: simulator.listeners.valid.url });
  });

  it("reports an unknown address as user_not_found", async () => {
    const result = await discover({ auth: ntlm(), email: "nobody@contoso.test" });
    expect(result).toEqual({
      ok: false,
      failure: { reason: "user_not_found", message: "Autodiscover does not know nobody@contoso.test." },
    });
  });

  it.each([
    ["Basic", basic("wrong-password")],
    ["NTLM", ntlm("wrong-password")],
  ])("%s with a wrong password fails as auth_failed, without the password anywhere", async (_name, auth) => {
    const result = await discover({ auth });
    expect(result).toMatchObject({ ok: false, failure: { reason: "auth_failed", status: 401 } });
    expect(JSON.stringify(result)).not.toContain("wrong-password");
    expect((await requestLog()).some((entry) => entry.status === 401 && entry.authStep === "rejected")).toBe(true);
  });

  it("fails as a tls transport failure when the test CA is not trusted", async () => {
    const result = await discover({ auth: basic(), caPem: undefined });
    expect(result).toEqual({
      ok: false,
      failure: { reason: "transport", code: "tls", message: "Autodiscover request failed (tls)." },
    });
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
  });

  it("fails as a network transport failure when nothing listens", async () => {
    const result = await discover({
      auth: basic(),
      autodiscoverUrl: "https://127.0.0.1:1/autodiscover/autodiscover.svc",
    });
    expect(result).toMatchObject({ ok: false, failure: { reason: "transport", code: "network" } });
  });

  it("reports a missing autodiscover endpoint as an http_error", async () => {
    const result = await discover({ auth: basic(), autodiscoverUrl: `${simulator.listeners.valid.url}/nothing-here` });
    expect(result).toMatchObject({ ok: false, failure: { reason: "http_error", status: 404 } });
  });
});

describe("SOAP autodiscover answers in Microsoft's documented form", () => {
  const documented = readFileSync(
    new URL("../../../ews-simulator/examples/Autodiscover.SOAP.GetUserSettings.response.xml", import.meta.url),
    "utf8",
  );
  const replay = async (body: string) => {
    const rule = {
      operation: "GetUserSettings",
      action: { kind: "replay", status: 200, contentType: "text/xml; charset=utf-8", body },
    };
    expect((await callControl({ simulator, method: "POST", path: "/faults", body: rule })).status).toBe(201);
  };

  it("reads the documented answer, which has no ServerVersionInfo header: it names no EWS URL", async () => {
    expect(documented).not.toContain("ServerVersionInfo");
    await replay(documented);
    const result = await discover({ auth: basic() });
    expect(result).toEqual({
      ok: false,
      failure: { reason: "no_ews_url", message: "Autodiscover returned no EWS URL for alice@contoso.test." },
    });
    expect((await requestLog()).filter((e) => e.operation === "GetUserSettings")).toMatchObject([
      { status: 200, fault: "replay" },
    ]);
  });

  it("finds the EWS URL in the documented form with the ExternalEwsUrl setting the app asks for", async () => {
    // The example answers other settings than the app's; one more UserSetting of the same shape.
    const withUrl = documented.replace(
      "<UserSettings>",
      `<UserSettings>
              <UserSetting i:type="StringSetting">
                <Name>ExternalEwsUrl</Name>
                <Value>https://mail.contoso.com/EWS/Exchange.asmx</Value>
              </UserSetting>`,
    );
    await replay(withUrl);
    expect(await discover({ auth: ntlm() })).toEqual({
      ok: true,
      ewsUrl: "https://mail.contoso.com/EWS/Exchange.asmx",
      source: "external",
      displayName: "UserDisplayName",
    });
  });
});

describe("POX autodiscover", () => {
  const pox = (input: { auth: EwsAuth; email?: string }) =>
    discoverEwsUrlPox({
      email: input.email ?? "alice@contoso.test",
      autodiscoverUrl: new URL(AUTODISCOVER_POX_PATH, simulator.listeners.valid.url).toString(),
      caPem: simulator.caPem,
      timeoutMs: 5_000,
      auth: input.auth,
    });

  it("finds the EWS URL with Basic and with NTLM", async () => {
    for (const auth of [basic(), ntlm()]) {
      expect(await pox({ auth })).toEqual({ ok: true, ewsUrl: simulator.listeners.valid.url, source: "external" });
    }
  });

  it("names an unknown mailbox and a wrong password, without the password", async () => {
    expect(await pox({ auth: basic(), email: "nobody@contoso.test" })).toMatchObject({
      ok: false,
      failure: { reason: "user_not_found" },
    });
    for (const auth of [basic("Wrong-Pass-9"), ntlm("Wrong-Pass-9")]) {
      const result = await pox({ auth });
      expect(result).toMatchObject({ ok: false, failure: { reason: "auth_failed", status: 401 } });
      expect(JSON.stringify(result)).not.toContain("Wrong-Pass-9");
    }
  });

  it("reads Microsoft's documented Error 600 answer as an autodiscover error, not a crash", async () => {
    const body = readFileSync(
      new URL("../../../ews-simulator/examples/Autodiscover.POX.Error600.response.xml", import.meta.url),
      "utf8",
    );
    const rule = {
      operation: "Autodiscover",
      action: { kind: "replay", status: 200, contentType: "text/xml; charset=utf-8", body },
    };
    expect((await callControl({ simulator, method: "POST", path: "/faults", body: rule })).status).toBe(201);
    expect(await pox({ auth: basic() })).toEqual({
      ok: false,
      failure: { reason: "autodiscover_error", errorCode: "600", message: "Autodiscover answered with error 600." },
    });
  });

  it("refuses a server it does not trust", async () => {
    const result = await discoverEwsUrlPox({
      email: "alice@contoso.test",
      autodiscoverUrl: simulator.listeners["self-signed"].url.replace(/\/EWS\/Exchange\.asmx$/, AUTODISCOVER_POX_PATH),
      caPem: simulator.caPem,
      timeoutMs: 5_000,
      auth: basic(),
    });
    expect(result).toMatchObject({ ok: false, failure: { reason: "transport", code: "tls" } });
  });
});
