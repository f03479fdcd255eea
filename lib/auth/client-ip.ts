import { log } from "@/lib/log";
import { CLIENT_ADDRESS_HEADER, rateLimitKeyOf } from "@/lib/net/client-address";

let warnedNoServer = false;

/**
 * The key per-address limits count the client under: its address as Slotbridge's server resolved it
 * from the socket and TRUSTED_PROXIES (server.ts; never from a header the client controls), an IPv6
 * client by its /64. Started some other way (plain `next start`), the app cannot know the client: every
 * request then shares one budget, and the log says so once. docs/operations.md, "Reverse proxy".
 */
export function clientIp(headers: Headers): string {
  const address = headers.get(CLIENT_ADDRESS_HEADER);
  if (!address) {
    if (!warnedNoServer) {
      warnedNoServer = true;
      log.warn(
        { event: "client_address_unknown" },
        "requests carry no client address: start the app with `npm start` (server.ts), not `next start`; per-address limits are shared meanwhile",
      );
    }
    return "unknown";
  }
  return rateLimitKeyOf(address);
}
