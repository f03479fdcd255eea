import fs from "node:fs";
import path from "node:path";
import {
  Appointment,
  AttendeeInfo,
  AvailabilityData,
  CalendarView,
  DateTime,
  ExchangeService,
  ExchangeVersion,
  type IXHRApi,
  type IXHROptions,
  SendInvitationsMode,
  TimeWindow,
  TimeZoneInfo,
  Uri,
  WellKnownFolderName,
} from "ews-javascript-api";
import { describe, expect, it } from "vitest";
import { buildAvailabilityEnvelope, TransportManagedCredentials } from "@/lib/exchange";
import { checkPolicy } from "./policy";

const EXAMPLES = path.join(import.meta.dirname, "..", "ews-simulator", "examples");
const ACTION = "http://schemas.microsoft.com/exchange/services/2006/messages/";
const served = new Set(["alice@contoso.test", "bob@contoso.test"]);

function example(name: string): string {
  return fs.readFileSync(path.join(EXAMPLES, name), "utf8");
}

function check(input: { body: string; operation: string; mailbox?: string }) {
  return checkPolicy({
    mailbox: input.mailbox ?? "alice@contoso.test",
    soapAction: `${ACTION}${input.operation}`,
    body: input.body,
    servedMailboxes: served,
  });
}

/** The envelopes ews-javascript-api writes, caught before they would leave (the call then fails on purpose). */
async function capture(call: (service: ExchangeService) => Promise<unknown>): Promise<string> {
  const sent: string[] = [];
  const transport: IXHRApi = {
    apiName: "capture",
    xhr: async (options: IXHROptions) => {
      sent.push(String(options.data));
      throw Object.assign(new Error("captured"), { status: 0 });
    },
    xhrStream: async () => {
      throw new Error("not used");
    },
    disconnect: () => {},
  };
  const service = new ExchangeService(ExchangeVersion.Exchange2013_SP1, TimeZoneInfo.Utc);
  service.Url = new Uri("https://mail.contoso.test/EWS/Exchange.asmx");
  service.Credentials = new TransportManagedCredentials();
  service.XHRApi = transport;
  await call(service).catch(() => undefined);
  const [body] = sent;
  if (!body) throw new Error("the library sent nothing");
  return body;
}

const day = DateTime.Parse("2030-01-07T00:00:00Z");

describe("operations the app needs pass", () => {
  it("Slotbridge's own availability request (FreeBusy view, lib/availability)", () => {
    const body = buildAvailabilityEnvelope({
      mailboxes: ["alice@contoso.test", "chloe@contoso.test"],
      days: { start: new Date("2030-01-07T00:00:00Z"), end: new Date("2030-01-08T00:00:00Z") },
    });
    expect(check({ body, operation: "GetUserAvailability" })).toEqual({ ok: true, operation: "GetUserAvailability" });
  });

  it("FreeBusyMerged, in Microsoft's example envelope", () => {
    const body = example("GetUserAvailability.request.xml").replace("DetailedMerged", "FreeBusyMerged");
    expect(check({ body, operation: "GetUserAvailability" }).ok).toBe(true);
  });

  it("a calendar view (FindItem) as ews-javascript-api writes it", async () => {
    const body = await capture((service) =>
      service.FindAppointments(WellKnownFolderName.Calendar, new CalendarView(day, day.AddDays(1))),
    );
    expect(check({ body, operation: "FindItem" })).toEqual({ ok: true, operation: "FindItem" });
  });

  it("creating an appointment (CreateItem) as ews-javascript-api writes it", async () => {
    const body = await capture((service) => {
      const appointment = new Appointment(service);
      appointment.Subject = "Intro call";
      appointment.Start = day.AddHours(9);
      appointment.End = day.AddHours(10);
      return appointment.Save(SendInvitationsMode.SendToNone);
    });
    expect(check({ body, operation: "CreateItem" }).ok).toBe(true);
  });

  it("cancelling a meeting (CreateItem with CancelCalendarItem), Microsoft's example", () => {
    expect(check({ body: example("CreateItem.CancelCalendarItem.request.xml"), operation: "CreateItem" }).ok).toBe(
      true,
    );
  });

  it("DeleteItem, Microsoft's example; the SOAPAction may be quoted", () => {
    const decision = checkPolicy({
      mailbox: "BOB@contoso.test",
      soapAction: `"${ACTION}DeleteItem"`,
      body: example("DeleteItem.request.xml"),
      servedMailboxes: served,
    });
    expect(decision).toEqual({ ok: true, operation: "DeleteItem" });
  });

  it("impersonating the request's own mailbox", () => {
    const body = buildAvailabilityEnvelope({
      mailboxes: ["alice@contoso.test"],
      days: { start: new Date("2030-01-07T00:00:00Z"), end: new Date("2030-01-08T00:00:00Z") },
      impersonation: { idType: "SmtpAddress", id: "Alice@Contoso.test" },
    });
    expect(check({ body, operation: "GetUserAvailability" }).ok).toBe(true);
  });
});

describe("everything else is refused", () => {
  it("availability in the Detailed view, as ews-javascript-api writes it", async () => {
    const body = await capture((service) =>
      service.GetUserAvailability(
        [new AttendeeInfo("alice@contoso.test")],
        new TimeWindow(day, day.AddDays(1)),
        AvailabilityData.FreeBusy,
      ),
    );
    expect(body).toContain("<t:RequestedView>Detailed</t:RequestedView>");
    expect(check({ body, operation: "GetUserAvailability" })).toEqual({
      ok: false,
      reason: "refused-by-policy",
      message: "Availability in the Detailed view is refused: only FreeBusy and FreeBusyMerged are relayed.",
    });
  });

  it("availability in the DetailedMerged view (Microsoft's example)", () => {
    const decision = check({ body: example("GetUserAvailability.request.xml"), operation: "GetUserAvailability" });
    expect(decision).toMatchObject({ ok: false, reason: "refused-by-policy" });
    expect(decision.ok ? "" : decision.message).toContain("DetailedMerged");
  });

  it("a FreeBusy view written only in a comment does not count", () => {
    const body = example("GetUserAvailability.request.xml").replace(
      "<t:RequestedView>DetailedMerged</t:RequestedView>",
      "<!--<t:RequestedView>FreeBusy</t:RequestedView>--><t:RequestedView>Detailed</t:RequestedView>",
    );
    expect(check({ body, operation: "GetUserAvailability" }).ok).toBe(false);
  });

  it("availability without a view, or with two", () => {
    const freeBusy = buildAvailabilityEnvelope({
      mailboxes: ["alice@contoso.test"],
      days: { start: new Date("2030-01-07T00:00:00Z"), end: new Date("2030-01-08T00:00:00Z") },
    });
    const none = freeBusy.replace("<t:RequestedView>FreeBusy</t:RequestedView>", "");
    const two = freeBusy.replace(
      "<t:RequestedView>FreeBusy</t:RequestedView>",
      "<t:RequestedView>FreeBusy</t:RequestedView><t:RequestedView>Detailed</t:RequestedView>",
    );
    expect(check({ body: none, operation: "GetUserAvailability" }).ok).toBe(false);
    expect(check({ body: two, operation: "GetUserAvailability" }).ok).toBe(false);
  });

  it.each([
    ["ResolveNames.request.xml", "ResolveNames"],
    ["GetServerTimeZones.request.wellformed.xml", "GetServerTimeZones"],
  ])("operations outside the list (%s)", (file, operation) => {
    expect(check({ body: example(file), operation })).toEqual({
      ok: false,
      reason: "refused-by-policy",
      message: `The operation ${operation} is not one the connector relays.`,
    });
  });

  it("a SOAPAction that names another operation than the body", () => {
    const decision = check({ body: example("DeleteItem.request.xml"), operation: "FindItem" });
    expect(decision).toMatchObject({ ok: false, reason: "refused-by-policy" });
  });

  it("a mailbox no account serves", () => {
    const decision = check({
      body: example("DeleteItem.request.xml"),
      operation: "DeleteItem",
      mailbox: "eve@contoso.test",
    });
    expect(decision).toMatchObject({ ok: false, reason: "unknown-mailbox" });
  });

  it("impersonating another mailbox than the request's", () => {
    const body = buildAvailabilityEnvelope({
      mailboxes: ["alice@contoso.test"],
      days: { start: new Date("2030-01-07T00:00:00Z"), end: new Date("2030-01-08T00:00:00Z") },
      impersonation: { idType: "SmtpAddress", id: "bob@contoso.test" },
    });
    expect(check({ body, operation: "GetUserAvailability" })).toMatchObject({ ok: false, reason: "refused-by-policy" });
  });

  it("a document type declaration, a second body element, malformed XML, not SOAP", () => {
    const deleteItem = example("DeleteItem.request.xml");
    const doctype = deleteItem.replace(
      '<?xml version="1.0" encoding="utf-8"?>',
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>',
    );
    const twoOperations = deleteItem.replace(
      "</soap:Body>",
      '<FindItem xmlns="http://schemas.microsoft.com/exchange/services/2006/messages"/></soap:Body>',
    );
    for (const body of [doctype, twoOperations, deleteItem.slice(0, 200), "<html><body>hi</body></html>"]) {
      expect(check({ body, operation: "DeleteItem" })).toMatchObject({ ok: false, reason: "refused-by-policy" });
    }
  });
});
