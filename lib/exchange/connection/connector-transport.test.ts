import { describe, expect, it } from "vitest";
import { buildAvailabilityEnvelope } from "@/lib/exchange/free-busy/availability-request";
import { soapActionFor } from "./connector-transport";

const M = "http://schemas.microsoft.com/exchange/services/2006/messages/";

describe("soapActionFor", () => {
  it("names the operation of an availability request the way Exchange's SOAPAction does", () => {
    const envelope = buildAvailabilityEnvelope({
      mailboxes: ["alice@contoso.test"],
      days: { start: new Date("2030-01-07T00:00:00Z"), end: new Date("2030-01-08T00:00:00Z") },
    });
    expect(soapActionFor(envelope)).toBe(`${M}GetUserAvailability`);
  });

  it("reads the first element of the SOAP body, whatever the prefixes", () => {
    const envelope =
      '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header/>' +
      '<s:Body><CreateItem xmlns="http://schemas.microsoft.com/exchange/services/2006/messages"/></s:Body></s:Envelope>';
    expect(soapActionFor(envelope)).toBe(`${M}CreateItem`);
  });
});
