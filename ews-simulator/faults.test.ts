import { ServiceError } from "ews-javascript-api";
import { describe, expect, it } from "vitest";
import { createEwsService, getEwsTransportErrorCode } from "@/lib/exchange";
import type { FaultRule } from "./faults";
import { callAvailability, captureRejection } from "./testing/availability-call";
import { callControl, setUpTestSimulator } from "./testing/test-simulator";

const simulator = setUpTestSimulator();

function service(timeoutMs = 5_000) {
  return createEwsService({
    url: simulator.listeners.valid.url,
    auth: { kind: "ntlm", username: "svc-slotbridge", domain: "CONTOSO", password: "Simulator-Pass-1" },
    caPem: simulator.caPem,
    timeoutMs,
  });
}

async function addFault(rule: FaultRule) {
  const reply = await callControl({ simulator, method: "POST", path: "/faults", body: rule });
  expect(reply.status).toBe(201);
}

const ask = (mailboxes = ["bob@contoso.test"], timeoutMs?: number) =>
  callAvailability({ service: service(timeoutMs), mailboxes });

describe("faults, observed through the real client", () => {
  it("server-busy surfaces as ErrorServerBusy with its back-off", async () => {
    await addFault({ action: { kind: "server-busy", backOffMs: 297_749 } });
    const error = await captureRejection(() => ask());
    expect(error.HttpStatusCode).toBe(500);
    expect(error.ErrorDetails?.get?.("BackOffMilliseconds")).toBe("297749");
    expect(error.ResponseCode).toBe(ServiceError.ErrorServerBusy);
  });

  it.each([500, 503] as const)("http-error %i surfaces with that status", async (status) => {
    await addFault({ action: { kind: "http-error", status } });
    const error = await captureRejection(() => ask());
    // An HTML 500 is no SOAP fault: the library then rejects with the raw response object instead.
    expect(error.HttpStatusCode ?? error.status).toBe(status);
  });

  it("hang ends in the transport's timeout", async () => {
    await addFault({ action: { kind: "hang" } });
    const started = Date.now();
    const error = await captureRejection(() => ask(["bob@contoso.test"], 500));
    expect(getEwsTransportErrorCode(error)).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("reset mid-response ends in a network error", async () => {
    await addFault({ action: { kind: "reset", afterBytes: 100 } });
    const error = await captureRejection(() => ask());
    expect(getEwsTransportErrorCode(error)).toBe("network");
  });

  it("malformed XML fails to parse in the client", async () => {
    await addFault({ action: { kind: "malformed-xml" } });
    const error = await captureRejection(() => ask());
    expect(getEwsTransportErrorCode(error)).toBeUndefined();
    expect(error.message).toBeTruthy();
  });

  it("trickle still delivers the whole answer, slowly", async () => {
    await addFault({ action: { kind: "trickle", chunkBytes: 200, delayMs: 20 } });
    const started = Date.now();
    const result = await ask();
    expect(result.AttendeesAvailability.Count).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
  });

  it("fixed latency delays the answer; a trickle slower than the timeout times out", async () => {
    await addFault({ latency: { fixedMs: 300 } });
    const started = Date.now();
    await ask();
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    await callControl({ simulator, method: "DELETE", path: "/faults" });
    await addFault({ action: { kind: "trickle", chunkBytes: 10, delayMs: 100 } });
    const error = await captureRejection(() => ask(["bob@contoso.test"], 400));
    expect(getEwsTransportErrorCode(error)).toBe("timeout");
  });

  it("a per-mailbox fault hits only requests for that mailbox, and `times` limits it", async () => {
    await addFault({ mailbox: "chloe@contoso.test", action: { kind: "http-error", status: 503 }, times: 1 });
    expect((await ask(["bob@contoso.test"])).AttendeesAvailability.Count).toBe(1);
    expect((await captureRejection(() => ask(["bob@contoso.test", "chloe@contoso.test"]))).HttpStatusCode).toBe(503);
    expect((await ask(["chloe@contoso.test"])).AttendeesAvailability.Count).toBe(1);
  });

  it("the control API rejects a malformed fault", async () => {
    const reply = await callControl({
      simulator,
      method: "POST",
      path: "/faults",
      body: { action: { kind: "explode" } },
    });
    expect(reply.status).toBe(400);
  });
});
