import { DOMParser, type Element, XMLSerializer } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { listChildElements } from "@/ews-simulator/soap/dom";
import { listNamedMailboxes, parseEnvelope } from "@/ews-simulator/soap/parse";
import {
  extractBodyElement,
  type SchemaDocument,
  validateEwsBodies,
  validateEwsEnvelopes,
} from "@/ews-simulator/soap/schema-validate";
import { EWS_NS } from "../soap/ews-namespaces";
import { buildAvailabilityEnvelope, escapeXml } from "./availability-request";

const days = { start: new Date("2026-10-19T00:00:00Z"), end: new Date("2026-10-26T00:00:00Z") };
const awkward = ["o'brien&co@contoso.test", '"quoted"@contoso.test', "a<b>@contoso.test"];
const hundred = [...awkward, ...Array.from({ length: 97 }, (_, i) => `member-${i}@contoso.test`)];

/**
 * The whole envelope (its SOAP frame; EWS elements there are only checked when the validator knows them),
 * plus each header element and the body element strictly on their own: a misspelt element would pass the
 * lax envelope check but not this.
 */
function schemaDocuments(envelope: string): SchemaDocument[] {
  const root = new DOMParser().parseFromString(envelope, "text/xml").documentElement as Element;
  const header = listChildElements(root).find((child) => child.localName === "Header") as Element;
  const headerParts = listChildElements(header).map((element) => ({
    name: `header ${element.localName}`,
    xml: new XMLSerializer().serializeToString(element),
  }));
  return [...headerParts, { name: "body", xml: extractBodyElement(envelope).xml }];
}

async function schemaErrors(envelope: string): Promise<string[]> {
  const results = [
    ...(await validateEwsEnvelopes([{ name: "envelope", xml: envelope }])),
    ...(await validateEwsBodies(schemaDocuments(envelope))),
  ];
  return results.flatMap((result) => result.errors.map((error) => `${result.name}: ${error}`));
}

describe("buildAvailabilityEnvelope", () => {
  it("writes a request Microsoft's schema accepts, with and without impersonation", async () => {
    const plain = buildAvailabilityEnvelope({ mailboxes: hundred, days });
    const actingAs = buildAvailabilityEnvelope({
      mailboxes: ["bob@contoso.test"],
      days,
      impersonation: { idType: "SmtpAddress", id: "kiri@contoso.test" },
    });
    expect(await schemaErrors(plain)).toEqual([]);
    expect(await schemaErrors(actingAs)).toEqual([]);
    expect(schemaDocuments(actingAs).map((doc) => doc.name)).toEqual([
      "header RequestServerVersion",
      "header TimeZoneContext",
      "header ExchangeImpersonation",
      "body",
    ]);
  });

  it("is checked strictly: the same validation refuses a wrong view, order, version or element name", async () => {
    const envelope = buildAvailabilityEnvelope({ mailboxes: ["bob@contoso.test"], days });
    const wrongView = envelope.replace(">FreeBusy</t:RequestedView>", ">Everything</t:RequestedView>");
    const outOfOrder = envelope.replace(
      "<t:AttendeeType>Required</t:AttendeeType><t:ExcludeConflicts>false</t:ExcludeConflicts>",
      "<t:ExcludeConflicts>false</t:ExcludeConflicts><t:AttendeeType>Required</t:AttendeeType>",
    );
    const wrongVersion = envelope.replace('Version="Exchange2013_SP1"', 'Version="Exchange2099"');
    const misspelt = envelope.replaceAll("t:TimeZoneContext>", "t:TimeZoneContxt>");
    for (const broken of [wrongView, outOfOrder, wrongVersion, misspelt]) {
      expect(broken).not.toBe(envelope);
      expect(await schemaErrors(broken)).not.toEqual([]);
    }
  });

  it("says what the simulator reads: mailboxes as given, UTC, FreeBusy, the day range, the impersonation", () => {
    const envelope = buildAvailabilityEnvelope({
      mailboxes: awkward,
      days,
      impersonation: { idType: "SmtpAddress", id: "kiri@contoso.test" },
    });
    const parsed = parseEnvelope(envelope);
    expect(parsed.operation).toBe("GetUserAvailability");
    expect(parsed.requestedServerVersion).toBe("Exchange2013_SP1");
    expect(parsed.timeZoneContextId).toBe("UTC");
    expect(parsed.impersonation).toEqual({ key: "SmtpAddress", value: "kiri@contoso.test" });
    expect(listNamedMailboxes(parsed)).toEqual(awkward);
    const text = (local: string) => parsed.body.getElementsByTagNameNS(EWS_NS.t, local).item(0)?.textContent;
    expect([text("StartTime"), text("EndTime"), text("RequestedView")]).toEqual([
      "2026-10-19T00:00:00",
      "2026-10-26T00:00:00",
      "FreeBusy",
    ]);
    expect(parsed.body.getElementsByTagNameNS(EWS_NS.t, "TimeZone").length).toBe(0);
  });

  it("escapes markup in addresses and refuses characters XML cannot carry", () => {
    expect(escapeXml(`a&b<c>"d'@x`)).toBe("a&amp;b&lt;c&gt;&quot;d&apos;@x");
    expect(() => buildAvailabilityEnvelope({ mailboxes: ["bell\u0007@contoso.test"], days })).toThrow(RangeError);
    expect(() =>
      buildAvailabilityEnvelope({
        mailboxes: ["bob@contoso.test"],
        days,
        impersonation: { idType: "SmtpAddress", id: "x\u0000@contoso.test" },
      }),
    ).toThrow(RangeError);
  });
});
