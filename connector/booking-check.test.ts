import { describe, expect, it } from "vitest";
import { BOOKING_ID_PROPERTY } from "@/lib/exchange";
import { buildBookingCheckEnvelope, readBookingCheck } from "./booking-check";
import { checkPolicy } from "./policy";

// Exchange's answers to the connector's own check, read without Exchange: the cases the simulator does
// not produce on its own (booking-policy.test.ts runs the check against the simulator).

const PROPERTY = `<t:ExtendedProperty><t:ExtendedFieldURI PropertySetId="${BOOKING_ID_PROPERTY.propertySetId.toUpperCase()}" PropertyName="${BOOKING_ID_PROPERTY.propertyName}" PropertyType="${BOOKING_ID_PROPERTY.propertyType}"/><t:Value>booking-1</t:Value></t:ExtendedProperty>`;

const ok = (item: string) =>
  `<m:GetItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Items>${item}</m:Items></m:GetItemResponseMessage>`;
const failed = (code: string) =>
  `<m:GetItemResponseMessage ResponseClass="Error"><m:MessageText>…</m:MessageText><m:ResponseCode>${code}</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey><m:Items/></m:GetItemResponseMessage>`;
const booking = ok(`<t:CalendarItem><t:ItemId Id="A1" ChangeKey="C1"/>${PROPERTY}</t:CalendarItem>`);

function answer(...messages: string[]): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>` +
    `<m:GetItemResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">` +
    `<m:ResponseMessages>${messages.join("")}</m:ResponseMessages></m:GetItemResponse></s:Body></s:Envelope>`
  );
}

describe("reading Exchange's answer to the check", () => {
  it("every item a calendar item carrying the property, or gone: ours", () => {
    const body = answer(booking, failed("ErrorItemNotFound"), failed("ErrorInvalidIdMalformed"));
    expect(readBookingCheck({ body, count: 3 })).toEqual({ kind: "ours" });
  });

  it.each([
    ["a calendar item without the property", ok(`<t:CalendarItem><t:ItemId Id="A2"/></t:CalendarItem>`)],
    ["a message carrying the property", ok(`<t:Message><t:ItemId Id="A3"/>${PROPERTY}</t:Message>`)],
    [
      "a calendar item with another property of the same name",
      ok(
        `<t:CalendarItem><t:ItemId Id="A4"/>${PROPERTY.replace(BOOKING_ID_PROPERTY.propertySetId.toUpperCase(), "00000000-0000-0000-0000-000000000000")}</t:CalendarItem>`,
      ),
    ],
  ])("one of them %s: not ours", (_name, message) => {
    expect(readBookingCheck({ body: answer(booking, message), count: 2 })).toEqual({ kind: "not-ours" });
  });

  it("another per-item error, too few answers, or an unreadable answer: no verdict", () => {
    expect(readBookingCheck({ body: answer(booking, failed("ErrorAccessDenied")), count: 2 })).toEqual({
      kind: "unknown",
      code: "ErrorAccessDenied",
    });
    expect(readBookingCheck({ body: answer(booking), count: 2 })).toEqual({ kind: "unknown" });
    expect(readBookingCheck({ body: answer(booking).slice(0, 120), count: 1 })).toEqual({ kind: "unknown" });
  });
});

describe("the check's own request", () => {
  it("asks IdOnly plus the booking property, impersonating as the request did, and would pass the policy itself", () => {
    const body = buildBookingCheckEnvelope({ itemIds: ['A"1&<', "B2"], actAs: "alice@contoso.test" });
    expect(
      checkPolicy({
        mailbox: "alice@contoso.test",
        soapAction: "http://schemas.microsoft.com/exchange/services/2006/messages/GetItem",
        body,
        servedMailboxes: new Set(["alice@contoso.test"]),
      }),
    ).toEqual({ ok: true, operation: "GetItem", itemIds: ['A"1&<', "B2"], actAs: "alice@contoso.test" });
  });
});
