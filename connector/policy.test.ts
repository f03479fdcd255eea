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
  ExtendedPropertyDefinition,
  Guid,
  type IXHRApi,
  type IXHROptions,
  MapiPropertyType,
  SendInvitationsMode,
  TimeWindow,
  TimeZoneInfo,
  Uri,
  WellKnownFolderName,
} from "ews-javascript-api";
import { describe, expect, it } from "vitest";
import { BOOKING_ID_PROPERTY, buildAvailabilityEnvelope, TransportManagedCredentials } from "@/lib/exchange";
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

const BOOKING_URI = `<t:ExtendedFieldURI PropertySetId="${BOOKING_ID_PROPERTY.propertySetId}" PropertyName="${BOOKING_ID_PROPERTY.propertyName}" PropertyType="${BOOKING_ID_PROPERTY.propertyType}"/>`;
const READ_FIELDS = `<t:FieldURI FieldURI="calendar:Start"/><t:FieldURI FieldURI="calendar:End"/><t:FieldURI FieldURI="calendar:IsCancelled"/>${BOOKING_URI}`;
const OWN_CALENDAR = `<t:DistinguishedFolderId Id="calendar"/>`;

function bookingProperty(): ExtendedPropertyDefinition {
  return new ExtendedPropertyDefinition(
    new Guid(BOOKING_ID_PROPERTY.propertySetId),
    BOOKING_ID_PROPERTY.propertyName,
    MapiPropertyType.String,
  );
}

/** An envelope as the gateway writes it (captured from lib/exchange through a connector), impersonating Alice. */
function envelope(operation: string): string {
  return (
    `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">` +
    `<soap:Header><t:RequestServerVersion Version="Exchange2013_SP1"></t:RequestServerVersion><t:ExchangeImpersonation><t:ConnectingSID><t:SmtpAddress>alice@contoso.test</t:SmtpAddress></t:ConnectingSID></t:ExchangeImpersonation></soap:Header>` +
    `<soap:Body>${operation}</soap:Body></soap:Envelope>`
  );
}

function shape(input: { base?: string; properties?: string | null }): string {
  const properties = input.properties === undefined ? READ_FIELDS : input.properties;
  return `<m:ItemShape><t:BaseShape>${input.base ?? "IdOnly"}</t:BaseShape>${properties === null ? "" : `<t:AdditionalProperties>${properties}</t:AdditionalProperties>`}</m:ItemShape>`;
}

/** searchBookingItems' request; `view` replaces the CalendarView, `extra` goes after it. */
function findItem(
  input: { base?: string; properties?: string | null; view?: string; extra?: string; folder?: string } = {},
) {
  const view =
    input.view ??
    `<m:CalendarView StartDate="2031-05-05T10:00:00.000Z" EndDate="2031-06-05T10:00:00.000Z"></m:CalendarView>`;
  return envelope(
    `<m:FindItem Traversal="Shallow">${shape(input)}${view}${input.extra ?? ""}<m:ParentFolderIds>${input.folder ?? OWN_CALENDAR}</m:ParentFolderIds></m:FindItem>`,
  );
}

/** readBookingItems' request. */
function getItem(input: { base?: string; properties?: string | null; ids?: string } = {}) {
  const ids = input.ids ?? `<t:ItemId Id="AAMkBooking1="></t:ItemId><t:ItemId Id="AAMkGone2="></t:ItemId>`;
  return envelope(`<m:GetItem>${shape(input)}<m:ItemIds>${ids}</m:ItemIds></m:GetItem>`);
}

/** updateBookingItem's request (times only). */
function updateItem(itemId = `<t:ItemId Id="AAMkBooking1=" ChangeKey="CK1="></t:ItemId>`) {
  return envelope(
    `<m:UpdateItem ConflictResolution="AutoResolve" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange>${itemId}<t:Updates><t:SetItemField><t:FieldURI FieldURI="calendar:Start"></t:FieldURI><t:CalendarItem><t:Start>2031-05-06T10:00:00.000+00:00</t:Start></t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`,
  );
}

/** cancelBookingItem's DeleteItem. */
function deleteItem(ids = `<t:ItemId Id="AAMkBooking1="></t:ItemId>`) {
  return envelope(
    `<m:DeleteItem DeleteType="MoveToDeletedItems" AffectedTaskOccurrences="AllOccurrences" SendMeetingCancellations="SendToNone"><m:ItemIds>${ids}</m:ItemIds></m:DeleteItem>`,
  );
}

/** createBookingItem's request, with `property` in place of the booking id property. */
function createItem(input: { item?: string; folder?: string | null } = {}) {
  const item =
    input.item ??
    `<t:CalendarItem><t:Subject>Intro</t:Subject><t:ExtendedProperty>${BOOKING_URI}<t:Value>b-1</t:Value></t:ExtendedProperty><t:Start>2031-05-05T10:00:00.000+00:00</t:Start><t:End>2031-05-05T10:30:00.000+00:00</t:End></t:CalendarItem>`;
  const folder =
    input.folder === null ? "" : `<m:SavedItemFolderId>${input.folder ?? OWN_CALENDAR}</m:SavedItemFolderId>`;
  return envelope(
    `<m:CreateItem SendMeetingInvitations="SendToNone">${folder}<m:Items>${item}</m:Items></m:CreateItem>`,
  );
}

describe("operations the app needs pass", () => {
  it("Slotbridge's own availability request (FreeBusy view, lib/availability)", () => {
    const body = buildAvailabilityEnvelope({
      mailboxes: ["alice@contoso.test", "chloe@contoso.test"],
      days: { start: new Date("2030-01-07T00:00:00Z"), end: new Date("2030-01-08T00:00:00Z") },
    });
    expect(check({ body, operation: "GetUserAvailability" })).toEqual({
      ok: true,
      operation: "GetUserAvailability",
      itemIds: [],
    });
  });

  it("FreeBusyMerged, in Microsoft's example envelope", () => {
    const body = example("GetUserAvailability.request.xml").replace("DetailedMerged", "FreeBusyMerged");
    expect(check({ body, operation: "GetUserAvailability" }).ok).toBe(true);
  });

  it("the app's calendar view (FindItem): IdOnly plus the booking fields, in its own calendar", () => {
    expect(check({ body: findItem(), operation: "FindItem" })).toEqual({
      ok: true,
      operation: "FindItem",
      itemIds: [],
      actAs: "alice@contoso.test",
    });
    expect(check({ body: findItem({ properties: BOOKING_URI }), operation: "FindItem" }).ok).toBe(true);
  });

  it("the app's GetItem: its ids come back, for the connector's own check of them", () => {
    expect(check({ body: getItem(), operation: "GetItem" })).toEqual({
      ok: true,
      operation: "GetItem",
      itemIds: ["AAMkBooking1=", "AAMkGone2="],
      actAs: "alice@contoso.test",
    });
    // The app's bind before an update or a cancellation: IdOnly and nothing else.
    expect(check({ body: getItem({ properties: null }), operation: "GetItem" }).ok).toBe(true);
  });

  it("creating a calendar item that carries the booking id property, as ews-javascript-api writes it", async () => {
    const body = await capture((service) => {
      const appointment = new Appointment(service);
      appointment.Subject = "Intro call";
      appointment.Start = day.AddHours(9);
      appointment.End = day.AddHours(10);
      appointment.SetExtendedProperty(bookingProperty(), "booking-1");
      return appointment.Save(WellKnownFolderName.Calendar, SendInvitationsMode.SendToNone);
    });
    expect(check({ body, operation: "CreateItem" })).toEqual({ ok: true, operation: "CreateItem", itemIds: [] });
  });

  it("UpdateItem and DeleteItem as the app writes them, with their ids to check", () => {
    expect(check({ body: updateItem(), operation: "UpdateItem" })).toMatchObject({
      ok: true,
      itemIds: ["AAMkBooking1="],
    });
    expect(check({ body: deleteItem(), operation: "DeleteItem" })).toMatchObject({
      ok: true,
      itemIds: ["AAMkBooking1="],
    });
  });

  it("cancelling a meeting (CreateItem with CancelCalendarItem), Microsoft's example: the referred item is checked", () => {
    expect(check({ body: example("CreateItem.CancelCalendarItem.request.xml"), operation: "CreateItem" })).toEqual({
      ok: true,
      operation: "CreateItem",
      itemIds: ["AAMkA"],
    });
  });

  it("DeleteItem, Microsoft's example; the SOAPAction may be quoted", () => {
    const decision = checkPolicy({
      mailbox: "BOB@contoso.test",
      soapAction: `"${ACTION}DeleteItem"`,
      body: example("DeleteItem.request.xml"),
      servedMailboxes: served,
    });
    expect(decision).toEqual({ ok: true, operation: "DeleteItem", itemIds: ["AS4AUn=="] });
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

  it("GetFolder: the app never sends it", () => {
    const body = envelope(
      `<m:GetFolder><m:FolderShape><t:BaseShape>AllProperties</t:BaseShape></m:FolderShape><m:FolderIds>${OWN_CALENDAR}</m:FolderIds></m:GetFolder>`,
    );
    expect(check({ body, operation: "GetFolder" })).toEqual({
      ok: false,
      reason: "refused-by-policy",
      message: "The operation GetFolder is not one the connector relays.",
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

describe("item operations beyond the app's own bookings are refused", () => {
  const refusedWith = (decision: ReturnType<typeof checkPolicy>, words: string | RegExp) => {
    expect(decision).toMatchObject({ ok: false, reason: "refused-by-policy" });
    expect(decision.ok ? "" : decision.message).toMatch(words);
  };

  it.each([["AllProperties"], ["Default"]])("FindItem in the %s shape", (base) => {
    refusedWith(
      check({ body: findItem({ base }), operation: "FindItem" }),
      `must ask for the IdOnly shape (it asked for ${base})`,
    );
  });

  it("FindItem in the shape ews-javascript-api uses by default (AllProperties)", async () => {
    const body = await capture((service) =>
      service.FindAppointments(WellKnownFolderName.Calendar, new CalendarView(day, day.AddDays(1))),
    );
    refusedWith(check({ body, operation: "FindItem" }), "IdOnly");
  });

  it.each([["item:Subject"], ["item:Body"], ["calendar:Location"], ["calendar:RequiredAttendees"]])(
    "FindItem asking for %s besides the booking fields",
    (field) => {
      const body = findItem({ properties: `${READ_FIELDS}<t:FieldURI FieldURI="${field}"/>` });
      refusedWith(check({ body, operation: "FindItem" }), `it asked for ${field}`);
    },
  );

  it("FindItem asking for another extended property, an indexed field, or the MIME content", () => {
    const other = `<t:ExtendedFieldURI PropertySetId="${BOOKING_ID_PROPERTY.propertySetId}" PropertyName="Secret" PropertyType="String"/>`;
    const tagged = `<t:ExtendedFieldURI PropertyTag="0x1000" PropertyType="String"/>`;
    const indexed = `<t:IndexedFieldURI FieldURI="contacts:EmailAddress" FieldIndex="EmailAddress1"/>`;
    for (const properties of [other, tagged, indexed]) {
      expect(check({ body: findItem({ properties }), operation: "FindItem" })).toMatchObject({ ok: false });
    }
    const mime = findItem().replace(
      "</t:BaseShape>",
      "</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent>",
    );
    refusedWith(check({ body: mime, operation: "FindItem" }), "may not carry IncludeMimeContent");
  });

  it("FindItem that is not a CalendarView: a plain search, a paged view, a restriction on the subject", () => {
    refusedWith(check({ body: findItem({ view: "" }), operation: "FindItem" }), "only as a CalendarView");
    const paged = findItem({ view: `<m:IndexedPageItemView BasePoint="Beginning" Offset="0"/>` });
    refusedWith(check({ body: paged, operation: "FindItem" }), "without IndexedPageItemView");
    // IdOnly answers to a subject search would still tell what subjects exist.
    const restricted = findItem({
      extra: `<m:Restriction><t:Contains ContainmentMode="Substring" ContainmentComparison="IgnoreCase"><t:FieldURI FieldURI="item:Subject"/><t:Constant Value="salary"/></t:Contains></m:Restriction>`,
    });
    refusedWith(check({ body: restricted, operation: "FindItem" }), "without Restriction");
    refusedWith(check({ body: example("FindItem.request.xml"), operation: "FindItem" }), "only as a CalendarView");
  });

  it("FindItem in another folder or another mailbox's calendar", () => {
    for (const folder of [
      `<t:DistinguishedFolderId Id="inbox"/>`,
      `<t:DistinguishedFolderId Id="calendar"><t:Mailbox><t:EmailAddress>ceo@contoso.test</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>`,
      `<t:FolderId Id="AAMkFolder="/>`,
      `${OWN_CALENDAR}<t:DistinguishedFolderId Id="inbox"/>`,
    ]) {
      refusedWith(check({ body: findItem({ folder }), operation: "FindItem" }), "only the mailbox's own calendar");
    }
  });

  it("GetItem in the AllProperties shape, or asking for item:Body or item:Subject", () => {
    refusedWith(check({ body: getItem({ base: "AllProperties" }), operation: "GetItem" }), "IdOnly");
    refusedWith(check({ body: getItem({ base: "AllProperties", properties: null }), operation: "GetItem" }), "IdOnly");
    for (const field of ["item:Body", "item:Subject", "item:MimeContent"]) {
      const body = getItem({ properties: `<t:FieldURI FieldURI="${field}"/>` });
      refusedWith(check({ body, operation: "GetItem" }), `it asked for ${field}`);
    }
  });

  it("GetItem, UpdateItem and DeleteItem naming items other than by ItemId", () => {
    const occurrence = `<t:OccurrenceItemId RecurringMasterId="AAMkSeries=" InstanceIndex="1"/>`;
    refusedWith(check({ body: getItem({ ids: occurrence }), operation: "GetItem" }), "only by ItemId");
    refusedWith(check({ body: deleteItem(occurrence), operation: "DeleteItem" }), "only by ItemId");
    refusedWith(check({ body: updateItem(occurrence), operation: "UpdateItem" }), "only by ItemId");
  });

  it("CreateItem of a message (mail sent as the mailbox)", () => {
    const message = `<t:Message><t:Subject>Hello</t:Subject><t:ToRecipients><t:Mailbox><t:EmailAddress>x@example.net</t:EmailAddress></t:Mailbox></t:ToRecipients></t:Message>`;
    refusedWith(check({ body: createItem({ item: message, folder: null }), operation: "CreateItem" }), "(not Message)");
  });

  it("CreateItem forwarding an existing item (its content would leave the mailbox)", () => {
    const forward = `<t:ForwardItem><t:ToRecipients><t:Mailbox><t:EmailAddress>x@example.net</t:EmailAddress></t:Mailbox></t:ToRecipients><t:ReferenceItemId Id="AAMkInbox="/></t:ForwardItem>`;
    refusedWith(
      check({ body: createItem({ item: forward, folder: null }), operation: "CreateItem" }),
      "(not ForwardItem)",
    );
  });

  it("CreateItem of a calendar item without the booking id property, or with another one, or with an empty value", async () => {
    const plain = await capture((service) => {
      const appointment = new Appointment(service);
      appointment.Subject = "Intro call";
      appointment.Start = day.AddHours(9);
      appointment.End = day.AddHours(10);
      return appointment.Save(SendInvitationsMode.SendToNone);
    });
    refusedWith(
      check({ body: plain, operation: "CreateItem" }),
      "only when it carries Slotbridge's booking id property",
    );
    const microsofts = example("CreateItem.CalendarItem.StartTimeZone-ExtendedProperty.request.xml");
    refusedWith(check({ body: microsofts, operation: "CreateItem" }), "booking id property");
    const empty = createItem().replace("<t:Value>b-1</t:Value>", "<t:Value> </t:Value>");
    refusedWith(check({ body: empty, operation: "CreateItem" }), "booking id property");
  });

  it("CreateItem saving into another folder than the mailbox's own calendar", () => {
    refusedWith(
      check({ body: createItem({ folder: `<t:DistinguishedFolderId Id="drafts"/>` }), operation: "CreateItem" }),
      "own calendar",
    );
  });

  it("a booking property written only in a comment does not count", () => {
    const commented = createItem().replace(
      /<t:ExtendedProperty>.*<\/t:ExtendedProperty>/,
      (property) => `<!--${property}-->`,
    );
    refusedWith(check({ body: commented, operation: "CreateItem" }), "booking id property");
  });
});
