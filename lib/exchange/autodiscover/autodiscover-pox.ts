import { DOMParser, type Element } from "@xmldom/xmldom";
import { type EwsAuth, EwsTransport } from "../transport/ews-transport";
import { createEwsAgent } from "../transport/tls-agent";
import { getEwsTransportErrorCode } from "../transport/transport-errors";
import type { DiscoverEwsUrlInput, DiscoverEwsUrlResult } from "./autodiscover";

export const AUTODISCOVER_POX_PATH = "/autodiscover/autodiscover.xml";

const REQUEST_NS = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006";
const OUTLOOK_RESPONSE_NS = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

function poxRequest(email: string): string {
  const escaped = email.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="${REQUEST_NS}">
  <Request>
    <EMailAddress>${escaped}</EMailAddress>
    <AcceptableResponseSchema>${OUTLOOK_RESPONSE_NS}</AcceptableResponseSchema>
  </Request>
</Autodiscover>`;
}

function childText(parent: Element, localName: string): string | undefined {
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === node.ELEMENT_NODE && (node as Element).localName === localName) {
      return (node.textContent ?? "").trim();
    }
  }
  return undefined;
}

/** Reads a POX answer: the EWS URL of the EXPR (outside) or EXCH (inside) protocol, or the error it carries. */
function readPoxAnswer(body: string): DiscoverEwsUrlResult {
  let document: ReturnType<DOMParser["parseFromString"]>;
  try {
    document = new DOMParser({ onError: () => {} }).parseFromString(body, "text/xml");
  } catch {
    return {
      ok: false,
      failure: {
        reason: "autodiscover_error",
        errorCode: "unreadable",
        message: "Autodiscover answered with something that is not XML.",
      },
    };
  }
  const errors = Array.from(document.getElementsByTagNameNS("*", "Error"));
  const error = errors[0];
  if (error) {
    const code = childText(error, "ErrorCode") ?? "unknown";
    // 500: "The e-mail address cannot be found." (Exchange's POX code for an unknown mailbox)
    if (code === "500")
      return { ok: false, failure: { reason: "user_not_found", message: "Autodiscover does not know this mailbox." } };
    return {
      ok: false,
      failure: { reason: "autodiscover_error", errorCode: code, message: `Autodiscover answered with error ${code}.` },
    };
  }
  const protocols = Array.from(document.getElementsByTagNameNS("*", "Protocol"));
  for (const [type, source] of [
    ["EXPR", "external"],
    ["EXCH", "internal"],
  ] as const) {
    const protocol = protocols.find((p) => childText(p, "Type") === type);
    const ewsUrl = protocol ? childText(protocol, "EwsUrl") : undefined;
    if (ewsUrl && /^https?:\/\//i.test(ewsUrl)) return { ok: true, ewsUrl, source };
  }
  return {
    ok: false,
    failure: { reason: "no_ews_url", message: "Autodiscover found the mailbox but named no EWS URL." },
  };
}

/**
 * POX autodiscover (`/autodiscover/autodiscover.xml`), the older protocol many on-premises servers still
 * answer when the SOAP endpoint is missing: one POST through our transport (same CA, time limit, pinned
 * address, Basic or NTLM), no redirects followed.
 */
export async function discoverEwsUrlPox(input: DiscoverEwsUrlInput): Promise<DiscoverEwsUrlResult> {
  const url = new URL(input.autodiscoverUrl);
  if (url.pathname === "/" || url.pathname === "") url.pathname = AUTODISCOVER_POX_PATH;
  const agent = createEwsAgent({
    caPem: input.caPem,
    keepAlive: false,
    ...(input.lookup ? { lookup: input.lookup } : {}),
  });
  const transport = new EwsTransport({ agent, auth: input.auth as EwsAuth, timeoutMs: input.timeoutMs });
  try {
    const response = await transport.xhr({
      type: "POST",
      url: url.toString(),
      data: poxRequest(input.email),
      headers: { "Content-Type": "text/xml; charset=utf-8" },
    });
    return readPoxAnswer(response.responseText);
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (typeof status === "number" && status > 0) {
      if (status === 401 || status === 403) {
        return {
          ok: false,
          failure: {
            reason: "auth_failed",
            status,
            message: "The autodiscover server refused the user name or password.",
          },
        };
      }
      if (status >= 300 && status < 400) {
        return {
          ok: false,
          failure: {
            reason: "redirect_refused",
            message: "The autodiscover server redirected; Slotbridge does not follow redirects with credentials.",
          },
        };
      }
      return {
        ok: false,
        failure: { reason: "http_error", status, message: `The autodiscover server answered HTTP ${status}.` },
      };
    }
    const code = getEwsTransportErrorCode(error) ?? "network";
    return {
      ok: false,
      failure: { reason: "transport", code, message: `Autodiscover could not be reached (${code}).` },
    };
  } finally {
    agent.destroy();
  }
}
