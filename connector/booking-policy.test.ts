import {
  AffectedTaskOccurrence,
  Appointment,
  AppointmentSchema,
  BasePropertySet,
  CalendarView,
  DateTime,
  DeleteMode,
  EmailMessage,
  type ExchangeService,
  ItemId,
  ItemSchema,
  ItemView,
  MessageBody,
  PropertySet,
  SendCancellationsMode,
  SendInvitationsMode,
  WellKnownFolderName,
} from "ews-javascript-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CalendarItemView } from "@/ews-simulator/contract";
import { callControl, setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import { readRequestLog, simulatorConfig } from "@/lib/calendars/test-helpers";
import {
  BOOKING_ID_PROPERTY,
  type BookingItem,
  type ConnectorEwsAccess,
  cancelBookingItem,
  createBookingItem,
  findBookingItem,
  readBookingItems,
  readFreeBusy,
  runEws,
  searchBookingItems,
  setConnectorRelay,
  updateBookingItem,
} from "@/lib/exchange";
import { findSimulatorBookingItems, readSimulatorCalendar } from "@/lib/exchange/testing/simulator-calendar";
import { ExchangeRelay, type RelayAnswer, type RelayRequest } from "./relay";

// The app's gateway (lib/exchange) wired to the connector's relay as in production, minus the HTTPS hop
// to the app: every EWS request the gateway writes goes through the connector's policy and its own check
// of the items, then to the simulator. The app's booking flow must pass unchanged; a compromised app
// (here: runEws with calls of our choosing, or hand-written envelopes) must get nothing else.

const ALICE = "alice@contoso.test";
const M = "http://schemas.microsoft.com/exchange/services/2006/messages/";
const simulator = setUpTestSimulator({ clearLogEach: true });

let relay: ExchangeRelay;
/** Every answer the connector gave the app, in order. */
const answers: Array<{ operation: string; answer: RelayAnswer }> = [];

beforeAll(() => {
  relay = new ExchangeRelay([
    {
      id: "service-account",
      ewsUrl: simulator.listeners.valid.url,
      username: "CONTOSO\\svc-slotbridge",
      authMethod: "ntlm",
      mailboxes: [ALICE],
      caPem: simulator.caPem,
      password: "Simulator-Pass-1",
    },
  ]);
  let next = 0;
  setConnectorRelay(async (input) => {
    next += 1;
    const answer = await relay.execute({
      request: {
        id: `req-${next}`,
        mailbox: input.mailbox,
        soapAction: input.soapAction,
        body: input.body,
        deadline: new Date(Date.now() + 30_000).toISOString(),
      },
      timeoutMs: input.timeoutMs,
    });
    answers.push({ operation: input.soapAction.split("/").pop() ?? "", answer });
    return "error" in answer ? { ok: false, failure: answer.error.reason } : { ok: true, answer };
  });
});
afterAll(() => {
  relay?.close();
});
beforeEach(() => {
  answers.length = 0;
});

/** The service account acting for Alice through the connector, as the app's connector connections do. */
const access: ConnectorEwsAccess = {
  via: "connector",
  connectorId: "connector-1",
  mailbox: ALICE,
  actAs: ALICE,
  config: simulatorConfig({ timeoutMs: 5_000 }),
};

function booking(extra: Partial<BookingItem> = {}): BookingItem {
  return {
    bookingId: `booking-${Math.random().toString(36).slice(2)}`,
    subject: "Intro call",
    location: "Room 4",
    body: "Notes from the customer",
    start: new Date("2031-05-05T10:00:00Z"),
    end: new Date("2031-05-05T10:30:00Z"),
    timeZone: "Europe/London",
    attendees: ["bob@contoso.test"],
    sendInvitations: true,
    ...extra,
  };
}

/** One of Alice's seeded items: not the app's, with a canary in its subject and body. */
async function privateItem(): Promise<CalendarItemView> {
  const items = await readSimulatorCalendar({ simulator, mailbox: ALICE });
  const item = items.find((entry) => entry.extendedProperties.length === 0 && entry.subject.includes("CANARY-"));
  if (!item) throw new Error("the seed has no private item for Alice");
  return item;
}

async function operationsSeen(): Promise<Array<{ operation?: string; itemShape?: string }>> {
  return (await readRequestLog(simulator))
    .filter((entry) => entry.operation)
    .map(({ operation, itemShape }) => ({ operation, ...(itemShape ? { itemShape } : {}) }));
}

/** What the connector's own check asks Exchange for. */
const CHECK = { operation: "GetItem", itemShape: `IdOnly + extended ${BOOKING_ID_PROPERTY.propertyName}` };

/** Nothing of the item's subject, body or location in anything the connector answered. */
function expectNothingOf(item: CalendarItemView) {
  const everything = JSON.stringify(answers);
  for (const secret of [item.subject, item.body, item.location]) {
    if (secret) expect(everything).not.toContain(secret);
  }
}

/** A compromised app's own call, through the gateway's runEws and the connector. */
function runAsApp<T>(call: (service: ExchangeService) => Promise<T>) {
  return runEws({ ...access, call });
}

const refusedByConnector = { ok: false, failure: { reason: "connector-refused" } };

function rawRequest(operation: string, body: string): RelayRequest {
  return {
    id: `raw-${operation}`,
    mailbox: ALICE,
    soapAction: `${M}${operation}`,
    deadline: new Date(Date.now() + 30_000).toISOString(),
    body:
      `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="${M.slice(0, -1)}" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">` +
      `<soap:Header><t:RequestServerVersion Version="Exchange2013_SP1"/><t:ExchangeImpersonation><t:ConnectingSID><t:SmtpAddress>${ALICE}</t:SmtpAddress></t:ConnectingSID></t:ExchangeImpersonation></soap:Header>` +
      `<soap:Body>${body}</soap:Body></soap:Envelope>`,
  };
}

async function relayRaw(request: RelayRequest): Promise<RelayAnswer> {
  const answer = await relay.execute({ request, timeoutMs: 5_000 });
  answers.push({ operation: request.soapAction.split("/").pop() ?? "", answer });
  return answer;
}

describe("the app's own booking flow through the connector", () => {
  it("writes, finds, reads, moves, cancels and deletes its bookings, and reads free/busy, with nothing refused", async () => {
    const first = booking();
    const created = await createBookingItem({ access, item: first });
    if (!created.ok) throw new Error(created.message);
    expect(await findBookingItem({ access, bookingId: first.bookingId, start: first.start, end: first.end })).toEqual({
      ok: true,
      itemId: created.itemId,
    });

    // Reconciliation: by id (one of them long gone), then by the booking property.
    const read = await readBookingItems({ access, itemIds: [created.itemId, "AAMkAGI2TG93AAA="] });
    expect(read.ok && [...read.value.keys()]).toEqual([created.itemId]);
    const found = await searchBookingItems({ access, from: first.start, to: new Date("2031-06-30T00:00:00Z") });
    expect(found.ok && found.value.get(first.bookingId)).toMatchObject({ itemId: created.itemId, isCancelled: false });

    const moved = { ...first, start: new Date("2031-05-06T10:00:00Z"), end: new Date("2031-05-06T10:30:00Z") };
    expect(await updateBookingItem({ access, itemId: created.itemId, item: moved })).toEqual({ ok: true });
    const [stored] = await findSimulatorBookingItems({ simulator, mailbox: ALICE, bookingId: first.bookingId });
    expect(stored).toMatchObject({ start: "2031-05-06T10:00:00Z" });

    expect(
      await cancelBookingItem({
        access,
        itemId: created.itemId,
        method: "cancel_item",
        sendCancellations: true,
        reason: "Closed",
      }),
    ).toEqual({ ok: true });

    const second = booking({ sendInvitations: false, attendees: [] });
    const written = await createBookingItem({ access, item: second });
    if (!written.ok) throw new Error(written.message);
    expect(
      await cancelBookingItem({ access, itemId: written.itemId, method: "delete_item", sendCancellations: false }),
    ).toEqual({ ok: true });
    expect(await findSimulatorBookingItems({ simulator, mailbox: ALICE, bookingId: second.bookingId })).toEqual([]);

    const freeBusy = await readFreeBusy({
      ...access,
      mailboxes: [ALICE, "bob@contoso.test"],
      window: { start: new Date("2031-05-05T00:00:00Z"), end: new Date("2031-05-07T00:00:00Z") },
    });
    expect(freeBusy.ok).toBe(true);

    expect(answers.filter(({ answer }) => "error" in answer)).toEqual([]);
    // Each request naming items by id was preceded by the connector's own check of those ids.
    const seen = await operationsSeen();
    for (const operation of ["UpdateItem", "DeleteItem"]) {
      const at = seen.findIndex((entry) => entry.operation === operation);
      expect(seen[at - 1]).toEqual(CHECK);
    }
    expect(seen.filter((entry) => entry.itemShape === CHECK.itemShape).length).toBeGreaterThanOrEqual(5);
  });
});

describe("a compromised app gets nothing else", () => {
  it("FindItem in the library's default shape (AllProperties): refused, nothing sent to Exchange", async () => {
    const item = await privateItem();
    const window = new CalendarView(DateTime.Parse(item.start).AddDays(-1), DateTime.Parse(item.end).AddDays(1));
    expect(await runAsApp((service) => service.FindAppointments(WellKnownFolderName.Calendar, window))).toMatchObject(
      refusedByConnector,
    );
    expect(answers).toMatchObject([{ operation: "FindItem", answer: { error: { reason: "refused-by-policy" } } }]);
    expect(await operationsSeen()).toEqual([]);
    expectNothingOf(item);
  });

  it("FindItem asking for item:Subject besides the booking fields: refused, nothing sent", async () => {
    const item = await privateItem();
    const window = new CalendarView(DateTime.Parse(item.start).AddDays(-1), DateTime.Parse(item.end).AddDays(1));
    window.PropertySet = new PropertySet(BasePropertySet.IdOnly, [AppointmentSchema.Start, ItemSchema.Subject]);
    expect(await runAsApp((service) => service.FindAppointments(WellKnownFolderName.Calendar, window))).toMatchObject(
      refusedByConnector,
    );
    expect(await operationsSeen()).toEqual([]);
    expectNothingOf(item);
  });

  it("FindItem asking for item:Body (which the library will not write; by hand): refused, nothing sent", async () => {
    const item = await privateItem();
    const answer = await relayRaw(
      rawRequest(
        "FindItem",
        `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="calendar:Start"/><t:FieldURI FieldURI="item:Body"/></t:AdditionalProperties></m:ItemShape><m:CalendarView StartDate="${item.start}" EndDate="${item.end}"/><m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>`,
      ),
    );
    expect(answer).toMatchObject({ error: { reason: "refused-by-policy" } });
    expect(await operationsSeen()).toEqual([]);
    expectNothingOf(item);
  });

  it("FindItem that is not a CalendarView (a paged search of the calendar, even IdOnly): refused, nothing sent", async () => {
    const view = new ItemView(100);
    view.PropertySet = new PropertySet(BasePropertySet.IdOnly);
    expect(await runAsApp((service) => service.FindItems(WellKnownFolderName.Calendar, view))).toMatchObject(
      refusedByConnector,
    );
    expect(await operationsSeen()).toEqual([]);
  });

  it("GetItem of an item that is not a booking, in the allowed shape: refused after the connector's own check", async () => {
    const item = await privateItem();
    const shape = new PropertySet(BasePropertySet.IdOnly, [AppointmentSchema.Start, AppointmentSchema.End]);
    expect(await runAsApp((service) => Appointment.Bind(service, new ItemId(item.id), shape))).toMatchObject(
      refusedByConnector,
    );
    expect(answers).toMatchObject([{ operation: "GetItem", answer: { error: { reason: "refused-by-policy" } } }]);
    // Exchange saw only the check (IdOnly + the booking property), never the request.
    expect(await operationsSeen()).toEqual([CHECK]);
    expectNothingOf(item);
  });

  it("GetItem of a booking in the AllProperties shape: refused before anything is sent", async () => {
    const created = await createBookingItem({ access, item: booking() });
    if (!created.ok) throw new Error(created.message);
    await callControl({ simulator, method: "DELETE", path: "/requests" });
    expect(
      await runAsApp((service) =>
        Appointment.Bind(service, new ItemId(created.itemId), PropertySet.FirstClassProperties),
      ),
    ).toMatchObject(refusedByConnector);
    expect(await operationsSeen()).toEqual([]);
  });

  it("UpdateItem of an item that is not a booking: refused, the item unchanged", async () => {
    const item = await privateItem();
    const answer = await relayRaw(
      rawRequest(
        "UpdateItem",
        `<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange><t:ItemId Id="${item.id}"/><t:Updates><t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:CalendarItem><t:Subject>Overwritten</t:Subject></t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`,
      ),
    );
    expect(answer).toMatchObject({ error: { reason: "refused-by-policy" } });
    expect(await operationsSeen()).toEqual([CHECK]);
    const after = (await readSimulatorCalendar({ simulator, mailbox: ALICE })).find((entry) => entry.id === item.id);
    expect(after?.subject).toBe(item.subject);
  });

  it("DeleteItem of an item that is not a booking: refused, the item still there", async () => {
    const item = await privateItem();
    expect(
      await runAsApp((service) =>
        service.DeleteItems(
          [new ItemId(item.id)],
          DeleteMode.HardDelete,
          SendCancellationsMode.SendToNone,
          AffectedTaskOccurrence.AllOccurrences,
        ),
      ),
    ).toMatchObject(refusedByConnector);
    expect(await operationsSeen()).toEqual([CHECK]);
    const items = await readSimulatorCalendar({ simulator, mailbox: ALICE });
    expect(items.some((entry) => entry.id === item.id)).toBe(true);
  });

  it("DeleteItem naming a booking and an item that is not: refused as a whole", async () => {
    const item = await privateItem();
    const created = await createBookingItem({ access, item: booking() });
    if (!created.ok) throw new Error(created.message);
    const answer = await relayRaw(
      rawRequest(
        "DeleteItem",
        `<m:DeleteItem DeleteType="HardDelete" SendMeetingCancellations="SendToNone"><m:ItemIds><t:ItemId Id="${created.itemId}"/><t:ItemId Id="${item.id}"/></m:ItemIds></m:DeleteItem>`,
      ),
    );
    expect(answer).toMatchObject({ error: { reason: "refused-by-policy" } });
    const ids = (await readSimulatorCalendar({ simulator, mailbox: ALICE })).map((entry) => entry.id);
    expect(ids).toEqual(expect.arrayContaining([created.itemId, item.id]));
  });

  it("CancelCalendarItem of a meeting that is not a booking: refused, no cancellation sent", async () => {
    const item = await privateItem();
    const answer = await relayRaw(
      rawRequest(
        "CreateItem",
        `<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:Items><t:CancelCalendarItem><t:ReferenceItemId Id="${item.id}"/><t:NewBodyContent BodyType="Text">Cancelled</t:NewBodyContent></t:CancelCalendarItem></m:Items></m:CreateItem>`,
      ),
    );
    expect(answer).toMatchObject({ error: { reason: "refused-by-policy" } });
    expect(await operationsSeen()).toEqual([CHECK]);
  });

  it("CreateItem of a message: refused, nothing sent", async () => {
    const sent = await runAsApp((service) => {
      const message = new EmailMessage(service);
      message.Subject = "Hello";
      message.Body = new MessageBody("From inside the network");
      message.ToRecipients.Add("someone@example.net");
      return message.Send();
    });
    expect(sent).toMatchObject(refusedByConnector);
    expect(await operationsSeen()).toEqual([]);
  });

  it("CreateItem of a calendar item without the booking id property: refused, nothing created", async () => {
    const before = await readSimulatorCalendar({ simulator, mailbox: ALICE });
    const saved = await runAsApp((service) => {
      const appointment = new Appointment(service);
      appointment.Subject = "Not a booking";
      appointment.Start = DateTime.Parse("2031-05-05T12:00:00Z");
      appointment.End = DateTime.Parse("2031-05-05T13:00:00Z");
      return appointment.Save(WellKnownFolderName.Calendar, SendInvitationsMode.SendToNone);
    });
    expect(saved).toMatchObject(refusedByConnector);
    expect(await operationsSeen()).toEqual([]);
    expect(await readSimulatorCalendar({ simulator, mailbox: ALICE })).toHaveLength(before.length);
  });
});

describe("when the connector's own check gets no verdict", () => {
  async function bookingToMove() {
    const item = booking();
    const created = await createBookingItem({ access, item });
    if (!created.ok) throw new Error(created.message);
    await callControl({ simulator, method: "DELETE", path: "/requests" });
    return { item, itemId: created.itemId };
  }

  it("Exchange busy: its ErrorServerBusy reaches the app (which backs off as asked), nothing is relayed", async () => {
    const { item, itemId } = await bookingToMove();
    await callControl({
      simulator,
      method: "POST",
      path: "/faults",
      body: { operation: "GetItem", action: { kind: "server-busy", backOffMs: 12_000 }, times: 1 },
    });
    expect(await updateBookingItem({ access, itemId, item })).toMatchObject({
      ok: false,
      transient: true,
      backOffMs: 12_000,
    });
    expect(await operationsSeen()).toEqual([CHECK]);
  });

  it("an answer the connector cannot read: unexpected (the app retries later), nothing is relayed", async () => {
    const { itemId } = await bookingToMove();
    await callControl({
      simulator,
      method: "POST",
      path: "/faults",
      body: { operation: "GetItem", action: { kind: "malformed-xml" }, times: 1 },
    });
    expect(await cancelBookingItem({ access, itemId, method: "delete_item", sendCancellations: false })).toMatchObject({
      ok: false,
      transient: true,
    });
    expect(answers.at(-1)?.answer).toMatchObject({ error: { reason: "unexpected" } });
    expect(await operationsSeen()).toEqual([CHECK]);
  });
});
