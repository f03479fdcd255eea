import type { ExchangeService } from "ews-javascript-api";
import type { EwsSoapFault } from "@/lib/exchange/connection/failures";
import { readSoapFault } from "./soap-fault";

/** As ews-javascript-api sent them: the transport decodes gzip and deflate itself. */
const HEADERS = { "Content-Type": "text/xml; charset=utf-8", Accept: "text/xml", "Accept-Encoding": "gzip,deflate" };

/** The fault in an HTTP 500 rejection (the transport rejects every non-200 with its XHR-like answer). */
function faultOf(rejection: unknown): EwsSoapFault | undefined {
  const answer = rejection as { status?: unknown; responseText?: unknown } | null | undefined;
  if (answer?.status !== 500 || typeof answer.responseText !== "string") return undefined;
  return readSoapFault(answer.responseText);
}

/**
 * POSTs a SOAP envelope to the service's URL through the service's own transport (our EwsTransport: NTLM
 * or Basic, the pinned address, verified TLS with the cached secure context, the time limit) and returns
 * the answer's text. Rejections pass on as the transport made them, which classifyEwsError already reads
 * (status 401 → wrong password, 503 → busy, status 0 → the transport's code in the message), except an
 * HTTP 500 that carries a SOAP fault: that becomes an EwsSoapFault, so ErrorServerBusy can be retried.
 */
export async function postEnvelope(input: { service: ExchangeService; envelope: string }): Promise<string> {
  try {
    const answer = await input.service.XHRApi.xhr({
      type: "POST",
      url: input.service.Url.ToString(),
      headers: { ...HEADERS },
      data: input.envelope,
    });
    return answer.responseText;
  } catch (rejection) {
    throw faultOf(rejection) ?? rejection;
  }
}
