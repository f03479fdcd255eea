import type { IncomingMessage, ServerResponse } from "node:http";
import type { ListenerVariant } from "../pki/variants";
import { handlePoxAutodiscover, handlePoxAutodiscoverGet } from "./autodiscover-pox";
import { handleSoapAutodiscover, handleSoapAutodiscoverGet } from "./autodiscover-soap";
import { EWS_PATH, type SimulatorContext } from "./context";
import { type EndpointCall, handleEwsGet, handleEwsPost } from "./ews-endpoint";
import { sendIisError } from "./iis-pages";

type Handler = (call: EndpointCall) => Promise<void>;

// IIS matches paths case-insensitively; clients write "/ews/exchange.asmx" as often as not.
const ROUTES: Record<string, Partial<Record<string, Handler>>> = {
  [EWS_PATH.toLowerCase()]: { POST: handleEwsPost, GET: handleEwsGet },
  "/autodiscover/autodiscover.xml": { POST: handlePoxAutodiscover, GET: handlePoxAutodiscoverGet },
  "/autodiscover/autodiscover.svc": { POST: handleSoapAutodiscover, GET: handleSoapAutodiscoverGet },
};

export function createRequestHandler(input: { context: SimulatorContext; variant: ListenerVariant }) {
  return (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? "/").split("?")[0]?.toLowerCase() ?? "/";
    const route = ROUTES[path];
    const handler = route?.[request.method ?? ""];
    if (!handler) {
      request.resume();
      sendIisError({ response, status: route ? 405 : 404 });
      return;
    }
    handler({ ...input, request, response }).catch((error: unknown) => {
      // Never echo internals (or a body that might carry secrets) to the client; the console gets the name only.
      console.error(`ews-simulator: ${request.method} ${path} failed: ${(error as Error)?.name ?? "error"}`);
      if (!response.headersSent) sendIisError({ response, status: 500 });
      else response.destroy();
    });
  };
}
