import type { Element } from "@xmldom/xmldom";
import { decodeFolderId, decodeItemId } from "../data/ids";
import { listChildElements, readEnum, requireAttribute, requireChild } from "../soap/dom";
import { EwsItemError } from "../soap/errors";
import { NS } from "../soap/namespaces";
import { renderOperationResponse, renderResponseMessage, renderResponseMessages } from "../soap/render";
import { attrs, el, type Xml } from "../soap/xml";
import type { OperationHandler } from "./context";

const ID_FORMATS = ["EwsLegacyId", "EwsId", "EntryId", "HexEntryId", "StoreId", "OwaId"] as const;
type IdFormat = (typeof ID_FORMATS)[number];

/**
 * The simulator's ids are opaque base64 strings (data/ids.ts); their bytes stand in for the store
 * entry id, so EwsId/EwsLegacyId/EntryId share one spelling and HexEntryId is the same bytes in hex.
 * StoreId and OwaId are not modelled.
 */
function readIdBytes(input: { id: string; format: IdFormat }): Buffer | undefined {
  const { id, format } = input;
  if (format === "HexEntryId") return /^([0-9A-Fa-f]{2})+$/.test(id) ? Buffer.from(id, "hex") : undefined;
  if (format === "StoreId" || format === "OwaId") return undefined;
  return /^[A-Za-z0-9+/]+={0,2}$/.test(id) ? Buffer.from(id, "base64") : undefined;
}

function writeId(input: { bytes: Buffer; format: IdFormat }): string | undefined {
  if (input.format === "HexEntryId") return input.bytes.toString("hex").toUpperCase();
  if (input.format === "StoreId" || input.format === "OwaId") return undefined;
  return input.bytes.toString("base64");
}

/** Only ids this server handed out convert; anything else is malformed, as Exchange says of a foreign id. */
function convert(input: { element: Element; destination: IdFormat }): Xml {
  const { element, destination } = input;
  if (element.localName !== "AlternateId") throw new EwsItemError("ErrorInvalidIdMalformed");
  const format = readEnum({
    element,
    value: requireAttribute(element, "Format"),
    allowed: ID_FORMATS,
    what: "Format",
  });
  const mailbox = requireAttribute(element, "Mailbox");
  const bytes = format ? readIdBytes({ id: requireAttribute(element, "Id"), format }) : undefined;
  const ews = bytes?.toString("base64");
  if (!ews || !(decodeItemId(ews) || decodeFolderId(ews))) throw new EwsItemError("ErrorInvalidIdMalformed");
  const converted = writeId({ bytes: bytes as Buffer, format: destination });
  if (converted === undefined) {
    throw new EwsItemError(
      "ErrorUnsupportedTypeForConversion",
      `The simulator does not convert ids to ${destination}.`,
    );
  }
  return el(
    "m:AlternateId",
    attrs({ "xsi:type": "t:AlternateIdType", Format: destination, Id: converted, Mailbox: mailbox }),
  );
}

/**
 * ConvertId between the id formats above. exchangelib sends one (with a dummy id) to learn the
 * server's version when none is configured, so it must answer, even if only with an error message.
 */
export const convertId: OperationHandler = (context) => {
  const body = context.request.body;
  const destination = readEnum({
    element: body,
    value: requireAttribute(body, "DestinationFormat"),
    allowed: ID_FORMATS,
    what: "DestinationFormat",
  });
  const messages = listChildElements(requireChild(body, "SourceIds", NS.m)).map((element) => {
    try {
      const content = convert({ element, destination: destination ?? "EwsId" });
      return renderResponseMessage({ name: "ConvertIdResponseMessage", content });
    } catch (error) {
      if (error instanceof EwsItemError) return renderResponseMessage({ name: "ConvertIdResponseMessage", error });
      throw error;
    }
  });
  return renderOperationResponse({ name: "ConvertIdResponse", content: renderResponseMessages(messages) });
};
