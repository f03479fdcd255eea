import type { IncomingMessage } from "node:http";
import ipaddr from "ipaddr.js";

// Who is on the other end of a request, for per-address limits. X-Forwarded-For is a list anyone can
// start: only the entries appended by proxies the operator trusts say anything, so the client is the
// right-most address that no trusted proxy stands for. With no proxy trusted (the default) that is the
// socket's peer and the header is ignored.

/** The header Slotbridge's server sets on every request (overwriting any a client sent) for the app to read. */
export const CLIENT_ADDRESS_HEADER = "x-slotbridge-client-address";

/**
 * TRUSTED_PROXIES, parsed: nothing trusted; the last `hops` proxies in front of the app, whatever their
 * addresses; or proxies by address (single addresses and CIDR ranges, IPv4 and IPv6).
 */
export type TrustedProxies =
  | { kind: "none" }
  | { kind: "hops"; hops: number }
  | { kind: "ranges"; ranges: ReadonlyArray<[ipaddr.IPv4 | ipaddr.IPv6, number]>; text: string };

export type TrustedProxiesParse = { ok: true; proxies: TrustedProxies } | { ok: false; problem: string };

/** "" or unset → none; "2" → two hops; "10.0.0.0/8, 192.168.1.5, fd00::/8" → those ranges. */
export function parseTrustedProxies(value: string | undefined): TrustedProxiesParse {
  const text = (value ?? "").trim();
  if (text === "" || text === "0") return { ok: true, proxies: { kind: "none" } };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10) return { ok: false, problem: "must be at most 10 proxy hops" };
    return { ok: true, proxies: { kind: "hops", hops } };
  }
  const ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> = [];
  for (const entry of text.split(",").map((part) => part.trim())) {
    if (entry === "") continue;
    try {
      if (entry.includes("/")) {
        ranges.push(ipaddr.parseCIDR(entry));
      } else {
        const address = ipaddr.parse(entry);
        ranges.push([address, address.kind() === "ipv4" ? 32 : 128]);
      }
    } catch {
      return {
        ok: false,
        problem: `has "${entry}", which is not an IP address or CIDR range (give a number of proxy hops, or addresses and ranges separated by commas)`,
      };
    }
  }
  if (ranges.length === 0) return { ok: false, problem: "names no address" };
  return { ok: true, proxies: { kind: "ranges", ranges, text } };
}

/** An address in its plain form (IPv4-mapped IPv6 as IPv4), or undefined when it is none. */
function parseAddress(value: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  let candidate = value.trim();
  // Forwarded lists sometimes carry "[v6]:port" or "v4:port".
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(candidate);
  if (bracketed?.[1]) candidate = bracketed[1];
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(candidate)) candidate = candidate.slice(0, candidate.lastIndexOf(":"));
  if (!ipaddr.isValid(candidate)) return undefined;
  const parsed = ipaddr.parse(candidate);
  return parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()
    ? (parsed as ipaddr.IPv6).toIPv4Address()
    : parsed;
}

function isTrusted(address: ipaddr.IPv4 | ipaddr.IPv6, proxies: TrustedProxies & { kind: "ranges" }): boolean {
  return proxies.ranges.some(([range, bits]) => address.kind() === range.kind() && address.match(range, bits));
}

/**
 * The client's address: walking from the socket's peer leftwards through X-Forwarded-For, the first
 * address not vouched for by a trusted proxy. Returns "unknown" when that entry is not an address (a
 * trusted proxy passing something odd); all such requests then share one budget.
 */
export function resolveClientAddress(input: {
  socketAddress: string | undefined;
  forwardedFor: string | string[] | undefined;
  proxies: TrustedProxies;
}): string {
  const { proxies } = input;
  const forwarded = (Array.isArray(input.forwardedFor) ? input.forwardedFor.join(",") : (input.forwardedFor ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  const chain = [...forwarded, input.socketAddress ?? ""];
  let chosen: string;
  if (proxies.kind === "none") {
    chosen = chain[chain.length - 1] ?? "";
  } else if (proxies.kind === "hops") {
    chosen = chain[Math.max(0, chain.length - 1 - proxies.hops)] ?? "";
  } else {
    let index = chain.length - 1;
    while (index > 0) {
      const address = parseAddress(chain[index] ?? "");
      if (!address || !isTrusted(address, proxies)) break;
      index--;
    }
    chosen = chain[index] ?? "";
  }
  const address = parseAddress(chosen);
  return address ? address.toString() : "unknown";
}

/**
 * The key a per-address limit counts under: an IPv4 address as it is, an IPv6 address by its /64, since one
 * subscriber or host usually holds a whole /64 and could otherwise take a fresh address per request.
 */
export function rateLimitKeyOf(clientAddress: string): string {
  if (!ipaddr.isValid(clientAddress)) return "unknown";
  const address = ipaddr.parse(clientAddress);
  if (address.kind() === "ipv4") return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${ipaddr.fromByteArray([...parts.flatMap((part) => [part >> 8, part & 0xff]), ...new Array(8).fill(0)]).toString()}/64`;
}

/**
 * What Slotbridge's server (server.ts) does to every request before Next.js sees it: sets the client's
 * address, overwriting any such header a client sent, and X-Forwarded-For to that address alone, so
 * nothing downstream reads a forged list.
 */
export function stampClientAddress(request: IncomingMessage, proxies: TrustedProxies): void {
  const address = resolveClientAddress({
    socketAddress: request.socket.remoteAddress,
    forwardedFor: request.headers["x-forwarded-for"],
    proxies,
  });
  request.headers[CLIENT_ADDRESS_HEADER] = address;
  request.headers["x-forwarded-for"] = address;
}
