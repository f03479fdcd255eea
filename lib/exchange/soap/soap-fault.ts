import { SaxesParser, type SaxesTagNS } from "saxes";
import { EwsSoapFault } from "@/lib/exchange/connection/failures";
import { createPlaceLookup } from "./element-places";
import { EWS_NS } from "./ews-namespaces";

/** EWS response codes are identifiers like ErrorServerBusy; anything else is not kept (nor used as a key). */
const RESPONSE_CODE = /^Error[A-Za-z0-9]{1,100}$/;

type Place = "document" | "envelope" | "body" | "fault" | "faultcode" | "detail" | "code" | "messageXml" | "value";

const { soap, t, e } = EWS_NS;

/** soap:Fault's own children are unqualified; the EWS details inside are qualified. */
const placeOf = createPlaceLookup<Place>([
  ["document", soap, "Envelope", "envelope"],
  ["envelope", soap, "Body", "body"],
  ["body", soap, "Fault", "fault"],
  ["fault", "", "faultcode", "faultcode"],
  ["fault", "", "detail", "detail"],
  ["detail", e, "ResponseCode", "code"],
  ["detail", t, "MessageXml", "messageXml"],
  ["messageXml", t, "Value", "value"],
]);

const asResponseCode = (text: string | undefined) => {
  const code = text?.trim();
  return code && RESPONSE_CODE.test(code) ? code : undefined;
};

/**
 * The EWS fault in a SOAP envelope (Exchange sends them with HTTP 500), or undefined when the text is no
 * SOAP fault (an IIS error page, say). The code comes from detail/e:ResponseCode, else from the faultcode
 * `a:ErrorServerBusy`; BackOffMilliseconds from detail/t:MessageXml.
 */
export function readSoapFault(xml: string): EwsSoapFault | undefined {
  const places: (Place | undefined)[] = ["document"];
  const texts: Partial<Record<Place, string>> = {};
  let valueName: string | undefined;
  let backOff: string | undefined;
  let isFault = false;

  const parser = new SaxesParser({ xmlns: true, position: false });
  parser.on("opentag", (tag: SaxesTagNS) => {
    const place = placeOf({ parent: places[places.length - 1], tag });
    places.push(place);
    if (place === "fault") isFault = true;
    if (place === "value") valueName = tag.attributes.Name?.value;
    if (place) texts[place] = "";
  });
  parser.on("text", (text) => {
    const place = places[places.length - 1];
    if (place === "faultcode" || place === "code" || place === "value") texts[place] += text;
  });
  parser.on("closetag", () => {
    if (places.pop() === "value" && valueName === "BackOffMilliseconds") backOff = texts.value;
  });
  try {
    parser.write(xml).close();
  } catch {
    return undefined;
  }
  if (!isFault) return undefined;
  const millis = backOff?.trim() ? Number(backOff) : Number.NaN;
  return new EwsSoapFault({
    responseCode: asResponseCode(texts.code) ?? asResponseCode(texts.faultcode?.split(":").pop()),
    backOffMs: Number.isFinite(millis) && millis >= 0 ? millis : undefined,
  });
}
