import type { Element } from "@xmldom/xmldom";
import { afterAll, describe, expect, it } from "vitest";
import { createCoreHarness, expectSchemaValid, parseResponse } from "../core-test-harness";
import { encodeFolderId } from "../data/ids";
import { findChild, listChildElements, readAttribute, readChildText } from "../soap/dom";
import { NS } from "../soap/namespaces";
import { buildRequestEnvelope } from "../soap/request-builder";

const harness = createCoreHarness({ now: new Date("2025-03-05T12:00:00Z") });
const ALICE = "alice@contoso.test";

function convert(input: { destination: string; ids: { format: string; id: string }[] }): Element[] {
  const sources = input.ids
    .map((s) => `<t:AlternateId Format="${s.format}" Id="${s.id}" Mailbox="${ALICE}"/>`)
    .join("");
  const response = parseResponse(
    harness.execute({
      as: ALICE,
      xml: buildRequestEnvelope({
        body: `<m:ConvertId DestinationFormat="${input.destination}"><m:SourceIds>${sources}</m:SourceIds></m:ConvertId>`,
      }),
    }),
  );
  return listChildElements(findChild(response, "ResponseMessages", NS.m) as Element);
}

describe("ConvertId", () => {
  it("converts the server's own ids between EwsId, EntryId and HexEntryId, and back", () => {
    const ewsId = encodeFolderId({ mailbox: ALICE, folder: "calendar" });
    const [hex] = convert({ destination: "HexEntryId", ids: [{ format: "EwsId", id: ewsId }] });
    const alternate = findChild(hex as Element, "AlternateId", NS.m) as Element;
    expect(readAttribute(alternate, "Format")).toBe("HexEntryId");
    expect(readAttribute(alternate, "Mailbox")).toBe(ALICE);
    const hexId = readAttribute(alternate, "Id") ?? "";
    expect(hexId).toMatch(/^[0-9A-F]+$/);
    const [back] = convert({ destination: "EwsId", ids: [{ format: "HexEntryId", id: hexId }] });
    expect(readAttribute(findChild(back as Element, "AlternateId", NS.m) as Element, "Id")).toBe(ewsId);
  });

  it("answers a foreign id (exchangelib's version probe sends 'DUMMY') with ErrorInvalidIdMalformed", () => {
    const [probe, unsupported] = convert({
      destination: "EntryId",
      ids: [
        { format: "EwsId", id: "DUMMY" },
        { format: "StoreId", id: encodeFolderId({ mailbox: ALICE, folder: "inbox" }) },
      ],
    });
    expect(readAttribute(probe as Element, "ResponseClass")).toBe("Error");
    expect(readChildText(probe as Element, "ResponseCode", NS.m)).toBe("ErrorInvalidIdMalformed");
    expect(readChildText(unsupported as Element, "ResponseCode", NS.m)).toBe("ErrorInvalidIdMalformed");
  });
});

afterAll(async () => {
  await expectSchemaValid(harness.responses);
});
