import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RequestLogEntry } from "@/ews-simulator/control/request-log";
import type { ListenerVariant } from "@/ews-simulator/pki/variants";
import { callControl, setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import { simulatorConfig } from "@/lib/calendars/test-helpers";
import {
  BOOKING_ID_PROPERTY,
  buildAvailabilityEnvelope,
  parseAvailabilityResponse,
  readFreeBusy,
  setConnectorRelay,
} from "@/lib/exchange";
import { addAccount, type NewAccount, openAccounts } from "./accounts";
import { ConnectorExit, EXIT } from "./exit-codes";
import { type ExchangeAccount, ExchangeRelay, type RelayAnswer, type RelayRequest } from "./relay";
import { emptyState, readState, writeState } from "./state";

const PASSWORD = "Simulator-Pass-1";
const M = "http://schemas.microsoft.com/exchange/services/2006/messages/";
const BOOKING_PROPERTY = `<t:ExtendedProperty><t:ExtendedFieldURI PropertySetId="${BOOKING_ID_PROPERTY.propertySetId}" PropertyName="${BOOKING_ID_PROPERTY.propertyName}" PropertyType="${BOOKING_ID_PROPERTY.propertyType}"/><t:Value>booking-1</t:Value></t:ExtendedProperty>`;
const simulator = setUpTestSimulator({ clearLogEach: true });
const examples = path.join(import.meta.dirname, "..", "ews-simulator", "examples");

function account(input: Partial<ExchangeAccount> & { variant?: ListenerVariant } = {}): ExchangeAccount {
  return {
    id: "account-1",
    ewsUrl: simulator.listeners[input.variant ?? "valid"].url,
    username: "CONTOSO\\svc-slotbridge",
    authMethod: "ntlm",
    mailboxes: ["alice@contoso.test"],
    caPem: simulator.caPem,
    password: PASSWORD,
    ...input,
  };
}

function availabilityRequest(view = "FreeBusy"): RelayRequest {
  const body = buildAvailabilityEnvelope({
    mailboxes: ["alice@contoso.test", "bob@contoso.test"],
    days: { start: new Date("2030-01-07T00:00:00Z"), end: new Date("2030-01-08T00:00:00Z") },
  }).replace("<t:RequestedView>FreeBusy</t:RequestedView>", `<t:RequestedView>${view}</t:RequestedView>`);
  return {
    id: "req-1",
    mailbox: "alice@contoso.test",
    soapAction: `${M}GetUserAvailability`,
    body,
    deadline: new Date(Date.now() + 30_000).toISOString(),
  };
}

async function relay(input: { account: ExchangeAccount; request: RelayRequest; timeoutMs?: number }) {
  const executor = new ExchangeRelay([input.account]);
  try {
    return await executor.execute({ request: input.request, timeoutMs: input.timeoutMs ?? 5_000 });
  } finally {
    executor.close();
  }
}

async function requestLog(): Promise<RequestLogEntry[]> {
  return (await callControl({ simulator, method: "GET", path: "/requests" })).json as RequestLogEntry[];
}

function success(answer: RelayAnswer) {
  if ("error" in answer)
    throw new Error(`expected Exchange's answer, got ${answer.error.reason}: ${answer.error.message}`);
  return answer;
}

describe("the relay against the simulator", () => {
  it.each([
    ["NTLM", "ntlm" as const],
    ["Basic", "basic" as const],
  ])("%s: a FreeBusy request comes back as Exchange's answer", async (_name, authMethod) => {
    const answer = success(await relay({ account: account({ authMethod }), request: availabilityRequest() }));
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/xml/);
    const responses = parseAvailabilityResponse(answer.body);
    expect(responses.map((r) => [r.responseClass, r.viewType])).toEqual([
      ["Success", "FreeBusy"],
      ["Success", "FreeBusy"],
    ]);
    const [entry] = await requestLog().then((log) => log.filter((e) => e.operation));
    expect(entry).toMatchObject({ operation: "GetUserAvailability", requestedView: "FreeBusy", status: 200 });
    expect(entry?.authScheme?.toLowerCase()).toBe(authMethod);
  });

  it("NTLM: consecutive requests ride on one signed-in connection (one handshake)", async () => {
    const executor = new ExchangeRelay([account()]);
    try {
      for (const id of ["req-1", "req-2", "req-3"]) {
        const answer = success(await executor.execute({ request: { ...availabilityRequest(), id }, timeoutMs: 5_000 }));
        expect(answer.status).toBe(200);
      }
    } finally {
      executor.close();
    }
    const log = await requestLog();
    expect(log.filter((entry) => entry.authStep === "ntlm-challenge")).toHaveLength(1);
    expect(log.filter((entry) => entry.operation === "GetUserAvailability" && entry.status === 200)).toHaveLength(3);
    expect(executor.stats()).toMatchObject({ opened: 1, reused: 2, idle: 0 });
  });

  it("NTLM: a password changed on Exchange is reported, then the account added again signs in anew", async () => {
    const setPassword = (password: string) =>
      callControl({
        simulator,
        method: "PUT",
        path: "/accounts/svc-slotbridge%40contoso.test/password",
        body: { password },
      });
    const before = new ExchangeRelay([account()]);
    const readded = new ExchangeRelay([account({ password: "Rotated-Pass-2" })]);
    try {
      success(await before.execute({ request: availabilityRequest(), timeoutMs: 5_000 }));
      await setPassword("Rotated-Pass-2");
      // The signed-in connection does not hide the change: Exchange forgets it, and the new handshake fails.
      const refused = await before.execute({ request: { ...availabilityRequest(), id: "req-2" }, timeoutMs: 5_000 });
      expect(refused).toMatchObject({ error: { reason: "wrong-password" } });
      expect(before.stats().idle).toBe(0);
      const answer = success(
        await readded.execute({ request: { ...availabilityRequest(), id: "req-3" }, timeoutMs: 5_000 }),
      );
      expect(answer.status).toBe(200);
    } finally {
      before.close();
      readded.close();
      await setPassword(PASSWORD);
    }
    const log = await requestLog();
    expect(log.filter((entry) => entry.authStep === "ntlm-challenge")).toHaveLength(3);
    expect(log.filter((entry) => entry.authStep === "rejected")).toHaveLength(1);
  });

  it("relays a write (CreateItem) and hands back Exchange's answer", async () => {
    const request: RelayRequest = {
      ...availabilityRequest(),
      soapAction: `${M}CreateItem`,
      // Microsoft's example asks for Exchange2010; the simulator, like Slotbridge, speaks 2013 SP1 and later.
      body: fs
        .readFileSync(path.join(examples, "CreateItem.CalendarItem.UTC.request.xml"), "utf8")
        .replace('Version="Exchange2010"', 'Version="Exchange2013_SP1"')
        // The connector creates only calendar items that carry the app's booking id property.
        .replace("<t:Start>", `${BOOKING_PROPERTY}<t:Start>`),
    };
    const answer = success(await relay({ account: account({ username: "alice@contoso.test" }), request }));
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('ResponseClass="Success"');
  });

  it("refuses the Detailed view without sending anything to Exchange", async () => {
    const answer = await relay({ account: account(), request: availabilityRequest("Detailed") });
    expect(answer).toMatchObject({ error: { reason: "refused-by-policy" } });
    expect(await requestLog()).toEqual([]);
  });

  it("answers a mailbox no account serves with unknown-mailbox", async () => {
    const answer = await relay({
      account: account(),
      request: { ...availabilityRequest(), mailbox: "zoe@contoso.test" },
    });
    expect(answer).toMatchObject({ error: { reason: "unknown-mailbox" } });
  });

  it.each([
    ["NTLM", "ntlm" as const],
    ["Basic", "basic" as const],
  ])("%s with a wrong password: wrong-password, and the password appears nowhere", async (_name, authMethod) => {
    const answer = await relay({
      account: account({ authMethod, password: "Wrong-Pass-9" }),
      request: availabilityRequest(),
    });
    expect(answer).toMatchObject({ error: { reason: "wrong-password" } });
    expect(JSON.stringify(answer)).not.toContain("Wrong-Pass-9");
  });

  it.each([
    ["self-signed", "DEPTH_ZERO_SELF_SIGNED_CERT"],
    ["expired", "CERT_HAS_EXPIRED"],
    ["wrong-hostname", "ERR_TLS_CERT_ALTNAME_INVALID"],
    ["untrusted-ca", "SELF_SIGNED_CERT_IN_CHAIN"],
  ] as const)("refuses the %s certificate (%s) with reason tls", async (variant, code) => {
    const answer = await relay({ account: account({ variant }), request: availabilityRequest() });
    expect(answer).toMatchObject({ error: { reason: "tls" } });
    expect("error" in answer && answer.error.message).toContain(code);
    expect(JSON.stringify(answer)).not.toContain(PASSWORD);
  });

  it("names a server that only offers TLS 1.0/1.1 by its TLS version, and a 1024-bit key without UNSPECIFIED", async () => {
    const legacy = await relay({ account: account({ variant: "tls-legacy" }), request: availabilityRequest() });
    expect(legacy).toMatchObject({ error: { reason: "tls-version" } });
    expect("error" in legacy && legacy.error.message).toMatch(/only offers TLS 1\.1 or older/);
    const weak = await relay({ account: account({ variant: "rsa-1024" }), request: availabilityRequest() });
    expect("error" in weak && weak.error.message).toContain("EE_KEY_TOO_SMALL");
    expect("error" in weak && weak.error.message).not.toContain("UNSPECIFIED");
  });

  it("the app, through the connector, names a TLS 1.0/1.1-only server as a TLS-version problem", async () => {
    const executor = new ExchangeRelay([account({ variant: "tls-legacy" })]);
    setConnectorRelay(async (input) => {
      const answer = await executor.execute({
        request: { ...availabilityRequest(), soapAction: input.soapAction, body: input.body },
        timeoutMs: input.timeoutMs,
      });
      return "error" in answer ? { ok: false, failure: answer.error.reason } : { ok: true, answer };
    });
    try {
      const freeBusy = await readFreeBusy({
        via: "connector",
        connectorId: "connector-1",
        mailbox: "alice@contoso.test",
        actAs: "alice@contoso.test",
        config: simulatorConfig({ timeoutMs: 5_000 }),
        mailboxes: ["alice@contoso.test"],
        window: { start: new Date("2030-01-07T00:00:00Z"), end: new Date("2030-01-08T00:00:00Z") },
      });
      expect(freeBusy).toMatchObject({ ok: false, failure: { reason: "tls-version" } });
    } finally {
      executor.close();
    }
  });

  it("without the organisation's CA configured, the valid server is refused too", async () => {
    const answer = await relay({ account: account({ caPem: null }), request: availabilityRequest() });
    expect(answer).toMatchObject({ error: { reason: "tls" } });
  });

  it("gives up after its time limit when Exchange never answers", async () => {
    await callControl({
      simulator,
      method: "POST",
      path: "/faults",
      body: { operation: "GetUserAvailability", action: { kind: "hang" }, times: 1 },
    });
    const answer = await relay({
      account: account({ authMethod: "basic" }),
      request: availabilityRequest(),
      timeoutMs: 300,
    });
    expect(answer).toEqual({
      error: {
        reason: "timeout",
        message: `Exchange at ${new URL(account().ewsUrl).host} did not answer within 0.3 seconds.`,
      },
    });
  });
});

describe("add-account's checks", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "connector-accounts-"));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function newAccount(input: Partial<NewAccount> & { variant?: ListenerVariant } = {}): NewAccount {
    return {
      ewsUrl: simulator.listeners[input.variant ?? "valid"].url,
      username: "CONTOSO\\svc-slotbridge",
      password: PASSWORD,
      auth: "auto",
      mailboxes: ["Alice@contoso.test", "bob@contoso.test"],
      impersonate: true,
      exchangeCaPem: simulator.caPem,
      ...input,
    };
  }

  async function refusal(account: NewAccount): Promise<ConnectorExit> {
    try {
      await addAccount({ dir, state: emptyState(), account, env: {} });
    } catch (error) {
      if (error instanceof ConnectorExit) return error;
      throw error;
    }
    throw new Error("expected add-account to refuse");
  }

  it("auto: NTLM works, so NTLM is stored; the saved account opens and relays", async () => {
    const { state, record } = await addAccount({ dir, state: emptyState(), account: newAccount(), env: {} });
    expect(record).toMatchObject({
      authMethod: "ntlm",
      impersonate: true,
      mailboxes: ["alice@contoso.test", "bob@contoso.test"],
    });
    expect(JSON.stringify(state)).not.toContain(PASSWORD);
    const log = (await requestLog()).filter((e) => e.operation);
    expect(log.at(-1)).toMatchObject({
      operation: "GetUserAvailability",
      requestedView: "FreeBusy",
      impersonating: "alice@contoso.test",
    });

    writeState({ dir, state });
    const [opened] = openAccounts({ dir, state: readState(dir), env: {} });
    if (!opened) throw new Error("no account");
    const answer = success(await relay({ account: opened, request: availabilityRequest() }));
    expect(answer.status).toBe(200);
  });

  it.each([
    ["self-signed", "(self-signed)"],
    ["expired", "(expired)"],
    ["wrong-hostname", "(hostname-mismatch)"],
    ["plain-http", "(no-tls)"],
    ["untrusted-ca", "--exchange-ca FILE"],
  ] as const)("refuses the %s server before sending the password", async (variant, expected) => {
    const error = await refusal(newAccount({ variant }));
    expect(error.exitCode).toBe(EXIT.failed);
    expect(error.message).toContain("certificate was refused");
    expect(error.message).toContain(expected);
    expect((await requestLog()).filter((e) => e.operation)).toEqual([]);
  });

  it("refuses a wrong password (both methods tried), and never quotes it", async () => {
    const error = await refusal(newAccount({ password: "Wrong-Pass-9" }));
    expect(error.message).toMatch(/^The account check failed\. BASIC: .*HTTP 401/);
    expect(error.message).not.toContain("Wrong-Pass-9");
  });

  it("refuses an account that may not impersonate the mailbox", async () => {
    const error = await refusal(
      newAccount({ username: "alice@contoso.test", auth: "basic", mailboxes: ["bob@contoso.test"] }),
    );
    expect(error.message).toContain("may not impersonate bob@contoso.test");
  });

  it("refuses a mailbox Exchange does not know", async () => {
    const error = await refusal(newAccount({ mailboxes: ["nobody@contoso.test"], impersonate: false }));
    expect(error.message).toContain("does not know the mailbox nobody@contoso.test");
  });
});
