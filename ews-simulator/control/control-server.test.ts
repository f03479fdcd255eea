import { Appointment, ConnectingIdType, DateTime, ImpersonatedUserId, SendInvitationsMode } from "ews-javascript-api";
import { describe, expect, it } from "vitest";
import { createEwsService } from "@/lib/exchange";
import { createEwsCore } from "../core";
import { seedAccounts } from "../data/accounts";
import { callAvailability } from "../testing/availability-call";
import { callControl, setUpTestSimulator } from "../testing/test-simulator";
import type { RequestLogEntry } from "./request-log";

const core = createEwsCore({ accounts: seedAccounts() });
const simulator = setUpTestSimulator({ core, clearLogEach: true });

describe("control API", () => {
  it("logs operation, view, time window, version, account, impersonation and mailboxes — never bodies or passwords", async () => {
    const service = createEwsService({
      url: simulator.listeners.valid.url,
      auth: { kind: "ntlm", username: "svc-slotbridge", domain: "CONTOSO", password: "Simulator-Pass-1" },
      caPem: simulator.caPem,
      timeoutMs: 5_000,
    });
    service.ImpersonatedUserId = new ImpersonatedUserId(ConnectingIdType.SmtpAddress, "alice@contoso.test");
    await callAvailability({ service, mailboxes: ["bob@contoso.test", "chloe@contoso.test"] });

    const { status, json } = await callControl({ simulator, method: "GET", path: "/requests" });
    expect(status).toBe(200);
    const entries = json as RequestLogEntry[];
    expect(entries.map((e) => [e.method, e.status, e.authStep])).toEqual([
      ["GET", 401, "ntlm-challenge"],
      ["POST", 200, undefined],
    ]);
    expect(entries[1]).toMatchObject({
      variant: "valid",
      path: "/EWS/Exchange.asmx",
      operation: "GetUserAvailability",
      requestedServerVersion: "Exchange2013_SP1",
      requestedView: "Detailed",
      account: "svc-slotbridge@contoso.test",
      authScheme: "NTLM",
      impersonating: "alice@contoso.test",
      mailboxes: ["alice@contoso.test", "bob@contoso.test", "chloe@contoso.test"],
      timeWindow: { start: "2030-01-07T00:00:00", end: "2030-01-08T00:00:00" },
    });
    expect(JSON.stringify(entries)).not.toMatch(/Simulator-Pass-1|Envelope/);

    await callControl({ simulator, method: "DELETE", path: "/requests" });
    expect((await callControl({ simulator, method: "GET", path: "/requests" })).json).toEqual([]);
  });

  it("resets the mailboxes, the faults and the passwords", async () => {
    const alice = createEwsService({
      url: simulator.listeners.valid.url,
      auth: { kind: "basic", username: "alice", domain: "CONTOSO", password: "Simulator-Pass-1" },
      caPem: simulator.caPem,
      timeoutMs: 5_000,
    });
    const seeded = core.listMailboxEvents("alice@contoso.test").length;
    const appointment = new Appointment(alice);
    appointment.Subject = "Made before the reset";
    appointment.Start = DateTime.Now.AddHours(1);
    appointment.End = DateTime.Now.AddHours(2);
    await appointment.Save(SendInvitationsMode.SendToNone);
    expect(core.listMailboxEvents("alice@contoso.test")).toHaveLength(seeded + 1);

    await callControl({ simulator, method: "POST", path: "/faults", body: { action: { kind: "hang" } } });
    await callControl({
      simulator,
      method: "PUT",
      path: "/accounts/alice%40contoso.test/password",
      body: { password: "Changed-1" },
    });
    expect((await callControl({ simulator, method: "POST", path: "/reset" })).status).toBe(204);
    expect(core.listMailboxEvents("alice@contoso.test")).toHaveLength(seeded);
    expect((await callControl({ simulator, method: "GET", path: "/faults" })).json).toEqual([]);
    const service = createEwsService({
      url: simulator.listeners.valid.url,
      auth: { kind: "basic", username: "alice", domain: "CONTOSO", password: "Simulator-Pass-1" },
      caPem: simulator.caPem,
      timeoutMs: 5_000,
    });
    expect((await callAvailability({ service, mailboxes: ["bob@contoso.test"] })).AttendeesAvailability.Count).toBe(1);
  });

  it("lists and removes single faults", async () => {
    const added = await callControl({
      simulator,
      method: "POST",
      path: "/faults",
      body: { mailbox: "Bob@Contoso.test", latency: { minMs: 10, maxMs: 20 } },
    });
    const id = (added.json as { id: string }).id;
    expect((await callControl({ simulator, method: "GET", path: "/faults" })).json).toEqual([
      { id, mailbox: "bob@contoso.test", latency: { minMs: 10, maxMs: 20 } },
    ]);
    expect((await callControl({ simulator, method: "DELETE", path: `/faults/${id}` })).status).toBe(204);
    expect((await callControl({ simulator, method: "DELETE", path: `/faults/${id}` })).status).toBe(404);
  });

  it("reports listener ports, the control URL and the CA file", async () => {
    const { json } = await callControl({ simulator, method: "GET", path: "/status" });
    expect(json).toMatchObject({
      controlUrl: simulator.controlUrl,
      caFile: simulator.caFile,
      listeners: { valid: { port: simulator.listeners.valid.port, url: simulator.listeners.valid.url } },
    });
  });

  it("shows a mailbox's calendar items with their attendees, zone and extended properties", async () => {
    const bob = createEwsService({
      url: simulator.listeners.valid.url,
      auth: { kind: "basic", username: "bob", domain: "CONTOSO", password: "Simulator-Pass-1" },
      caPem: simulator.caPem,
      timeoutMs: 5_000,
    });
    const appointment = new Appointment(bob);
    appointment.Subject = "Shown to tests";
    appointment.Start = DateTime.Parse("2030-05-06T10:00:00Z");
    appointment.End = DateTime.Parse("2030-05-06T10:30:00Z");
    appointment.RequiredAttendees.Add("guest@example.net");
    await appointment.Save(SendInvitationsMode.SendToNone);
    const { status, json } = await callControl({
      simulator,
      method: "GET",
      path: "/mailboxes/Bob%40contoso.test/calendar",
    });
    expect(status).toBe(200);
    const items = json as Array<Record<string, unknown>>;
    expect(items).toHaveLength(core.listMailboxEvents("bob@contoso.test").length);
    expect(items.find((item) => item.id === appointment.Id.UniqueId)).toMatchObject({
      subject: "Shown to tests",
      start: "2030-05-06T10:00:00Z",
      end: "2030-05-06T10:30:00Z",
      organizer: "bob@contoso.test",
      requiredAttendees: ["guest@example.net"],
      sendMeetingInvitations: "SendToNone",
      extendedProperties: [],
    });
    const unknown = await callControl({ simulator, method: "GET", path: "/mailboxes/nobody%40contoso.test/calendar" });
    expect(unknown.status).toBe(404);
  });

  it("refuses unknown accounts, bad input, foreign Host headers and non-JSON bodies", async () => {
    const path = "/accounts/nobody%40contoso.test/password";
    expect((await callControl({ simulator, method: "PUT", path, body: { password: "x" } })).status).toBe(404);
    const alice = "/accounts/alice%40contoso.test/password";
    expect((await callControl({ simulator, method: "PUT", path: alice, body: { password: "" } })).status).toBe(400);
    const form = await fetch(`${simulator.controlUrl}/reset`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "a=1",
    });
    expect(form.status).toBe(415);
  });
});
