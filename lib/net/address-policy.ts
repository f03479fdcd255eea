import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { type AddressClass, type BlockedReason, classifyAddress } from "./address-ranges";
import {
  type AllowedHosts,
  EXCHANGE_PORT,
  isAllowedAddress,
  isAllowedHostName,
  isAllowedPortForAddress,
  isAllowedPortForName,
  normalizeHostName,
} from "./allowed-hosts";

export type OutboundRefusal = BlockedReason | "unresolvable" | "invalid-host" | "port-not-allowed";

/** The address that passed; the caller connects to exactly this one (see pinnedLookup). */
export interface CheckedAddress {
  /** The host name (canonical: lower case, IDN as punycode) or the IP literal, as the URL's hostname has it. */
  host: string;
  address: string;
  family: 4 | 6;
  /**
   * Every address the name resolved to, all of which passed, `address` first. Lets Node's happy-eyeballs
   * connect fall back (e.g. "localhost" answering ::1 first to a server bound to 127.0.0.1 only) without
   * ever leaving the checked set.
   */
  addresses?: readonly { address: string; family: 4 | 6 }[];
}

export type OutboundCheck =
  | ({ ok: true; allowedBy?: "host-name" | "address" } & CheckedAddress)
  | { ok: false; reason: OutboundRefusal; message: string };

/** Name resolution, replaceable in tests; the default asks the OS resolver (getaddrinfo) once. */
export type ResolveHost = (host: string) => Promise<readonly { address: string }[]>;

const resolveWithOs: ResolveHost = (host) => lookup(host, { all: true });

/**
 * Reasons no allow-list entry overrides: a TCP connection to 0.0.0.0 reaches this machine itself, and
 * multicast and broadcast addresses cannot be a server at all, so listing them can only be a mistake.
 */
const NEVER_ALLOWED = new Set<OutboundRefusal>(["unspecified", "multicast", "broadcast"]);

const PLURAL: Record<BlockedReason, string> = {
  loopback: "loopback addresses",
  "private-address": "private addresses",
  "link-local": "link-local addresses",
  multicast: "multicast addresses",
  unspecified: "unspecified addresses",
  broadcast: "broadcast addresses",
  reserved: "reserved addresses",
};

type CanonicalHost = { kind: "ip" | "name"; host: string };

/**
 * Reads the host as the WHATWG URL parser does, the same parser that produced the URL the caller will
 * connect to: so "127.1", "0x7f.1" and "[::ffff:127.0.0.1]" are checked as the addresses they really are.
 */
function canonicalHost(raw: string): CanonicalHost | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused here.
  if (raw === "" || raw.length > 300 || /[\s\u0000-\u001f\u007f/\\?#@]/.test(raw)) return undefined;
  // "[::1]:443" must not pass as ::1: the URL parser drops a default port, so refuse any text after "]".
  if (raw.startsWith("[") && !raw.endsWith("]")) return undefined;
  const bracketed = !raw.startsWith("[") && raw.includes(":") ? `[${raw}]` : raw;
  let hostname: string;
  try {
    const url = new URL(`https://${bracketed}/`);
    if (url.port !== "" || url.username !== "" || url.password !== "") return undefined;
    hostname = url.hostname;
  } catch {
    return undefined;
  }
  const bare = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
  if (isIP(bare) !== 0) return { kind: "ip", host: bare };
  const name = normalizeHostName(bare);
  return name === "" || name.length > 253 ? undefined : { kind: "name", host: bare };
}

function refusalMessage(input: {
  host: CanonicalHost;
  address: string;
  verdict: Extract<AddressClass, { blocked: true }>;
  addressCount: number;
}): string {
  const { host, address, verdict } = input;
  const what =
    host.kind === "ip"
      ? `${address} is ${verdict.description}.`
      : `${host.host} resolves to ${address}, ${verdict.description}.`;
  const among = input.addressCount > 1 ? ` It has ${input.addressCount} addresses and every one must be allowed.` : "";
  if (NEVER_ALLOWED.has(verdict.reason)) {
    return `${what}${among} Slotbridge never connects to ${PLURAL[verdict.reason]}.`;
  }
  const listed = host.kind === "ip" ? address : `${host.host} or ${address}`;
  return `${what}${among} Slotbridge refuses ${PLURAL[verdict.reason]} unless they are listed in EXCHANGE_ALLOWED_HOSTS; to allow this server, add ${listed} there.`;
}

function portRefusal(input: { host: CanonicalHost; port: number }): OutboundCheck {
  const shown = input.host.kind === "ip" && input.host.host.includes(":") ? `[${input.host.host}]` : input.host.host;
  return {
    ok: false,
    reason: "port-not-allowed",
    message: `Slotbridge connects to Exchange on port 443 only; port ${input.port} is allowed only where EXCHANGE_ALLOWED_HOSTS names it with its host (${shown}:${input.port}). Nothing was sent to ${shown}.`,
  };
}

async function resolveOnce(input: {
  name: string;
  resolve: ResolveHost;
}): Promise<{ ok: true; addresses: string[] } | { ok: false; code: string }> {
  try {
    const answers = await input.resolve(input.name);
    const addresses = answers.map((answer) => answer.address);
    return addresses.length > 0 ? { ok: true, addresses } : { ok: false, code: "ENODATA" };
  } catch (error) {
    const code = (error as { code?: unknown } | undefined)?.code;
    return { ok: false, code: typeof code === "string" ? code : "ERROR" };
  }
}

/**
 * The outbound address policy for connections to Exchange servers (issue 4, "Outbound safety"): the host
 * is resolved once, every address it resolves to must be public unicast (or allow-listed), and the
 * result names the one address the caller must connect to, so a second DNS answer cannot swap in
 * another (DNS rebinding). Mixed answers are refused rather than filtered: a name that resolves partly
 * to 10.0.0.5 is either misconfigured or an attack, and silently picking the public half would hide both.
 * Never throws: every outcome, including unreadable input, is a result with a message for the admin.
 */
export async function checkOutboundHost(input: {
  /** A URL's hostname (brackets around IPv6 are accepted) or a bare IP literal. */
  host: string;
  /** The port the caller will connect to; anything but 443 must be allow-listed with its host. */
  port?: number;
  allowedHosts: AllowedHosts;
  resolve?: ResolveHost;
}): Promise<OutboundCheck> {
  const host = canonicalHost(input.host);
  if (!host) {
    const shown = JSON.stringify(input.host.slice(0, 100));
    return { ok: false, reason: "invalid-host", message: `${shown} is not a valid host name or IP address.` };
  }

  let addresses: string[];
  if (host.kind === "ip") {
    addresses = [host.host];
  } else {
    const resolved = await resolveOnce({ name: host.host, resolve: input.resolve ?? resolveWithOs });
    if (!resolved.ok) {
      return {
        ok: false,
        reason: "unresolvable",
        message: `${host.host} could not be resolved to an address (${resolved.code}). Check the host name, and that this server's DNS knows it.`,
      };
    }
    addresses = resolved.addresses;
  }

  const nameAllowed = host.kind === "name" && isAllowedHostName({ host: host.host, allowed: input.allowedHosts });
  // Set only when an exception was actually needed, so the caller can record (audit) that it was.
  let allowedBy: "host-name" | "address" | undefined;
  for (const address of addresses) {
    if (!ipaddr.isValid(address)) {
      return {
        ok: false,
        reason: "unresolvable",
        message: `${host.host} resolved to "${address}", which is not an IP address Slotbridge can read.`,
      };
    }
    const parsed = ipaddr.parse(address);
    const verdict = classifyAddress(parsed);
    if (!verdict.blocked) continue;
    if (!NEVER_ALLOWED.has(verdict.reason)) {
      if (nameAllowed) {
        allowedBy = "host-name";
        continue;
      }
      if (isAllowedAddress({ address: parsed, embeddedIPv4: verdict.embeddedIPv4, allowed: input.allowedHosts })) {
        allowedBy ??= "address";
        continue;
      }
    }
    const message = refusalMessage({ host, address, verdict, addressCount: addresses.length });
    return { ok: false, reason: verdict.reason, message };
  }

  // The port, like the address, is checked before anything is sent, so a refusal tells nothing about what
  // listens there: otherwise the wizard would let any organisation map the ports of an allow-listed host.
  const port = input.port ?? EXCHANGE_PORT;
  const portAllowed =
    (host.kind === "name" && isAllowedPortForName({ host: host.host, port, allowed: input.allowedHosts })) ||
    addresses.every((address) =>
      isAllowedPortForAddress({ address: ipaddr.parse(address), port, allowed: input.allowedHosts }),
    );
  if (!portAllowed) return portRefusal({ host, port });

  // All passed, so any would do; the first keeps the resolver's preference order (RFC 6724, gai.conf).
  const checked = addresses.map((address) => ({
    address,
    family: ipaddr.parse(address).kind() === "ipv4" ? (4 as const) : (6 as const),
  }));
  const [first = { address: "", family: 4 as const }] = checked;
  return { ok: true, host: host.host, ...first, addresses: checked, ...(allowedBy ? { allowedBy } : {}) };
}
