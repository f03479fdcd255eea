import { domainToASCII } from "node:url";
import ipaddr from "ipaddr.js";
import { z } from "zod";

/**
 * EXCHANGE_ALLOWED_HOSTS, parsed: the exceptions to the outbound address policy. Kept free of
 * "server-only" and of DNS so lib/env can import it from any start-up path (scripts included).
 */
export interface AllowedHosts {
  /** Exact host names, lower-case ASCII (IDNs as punycode), without a trailing dot. */
  names: ReadonlySet<string>;
  /** From `*.example.com`: ".example.com", matching any name below it but not the name itself. */
  suffixes: readonly string[];
  /** Networks; a bare address is kept as a /32 or /128. */
  cidrs: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
  /** Ports other than 443, each for the hosts of the entry that named it (`host:port`, `host:from-to`). */
  ports: readonly PortRule[];
  /** The entries as written, for messages and the admin's settings page. */
  entries: readonly string[];
}

/** An entry's host with the ports it opens besides 443: from `mail.corp:8443` or `[fd00::5]:444-445`. */
export interface PortRule {
  host: { kind: "name"; name: string } | { kind: "suffix"; suffix: string } | { kind: "cidr"; cidr: Cidr };
  from: number;
  to: number;
}

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Exchange's own port: every other port must be named in EXCHANGE_ALLOWED_HOSTS with its host. */
export const EXCHANGE_PORT = 443;

export const NO_ALLOWED_HOSTS: AllowedHosts = { names: new Set(), suffixes: [], cidrs: [], ports: [], entries: [] };

export class AllowedHostsError extends Error {
  constructor(readonly problems: string[]) {
    super(`EXCHANGE_ALLOWED_HOSTS has malformed entries:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "AllowedHostsError";
  }
}

/** Lower case, one trailing dot dropped: "Mail.Example.com." and "mail.example.com" are one host. */
export function normalizeHostName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** The ASCII form of a host name entry, or undefined when it is not one. */
function toHostName(entry: string): string | undefined {
  const ascii = normalizeHostName(domainToASCII(entry));
  if (!ascii || ascii.length > 253) return undefined;
  const labels = ascii.split(".");
  // A numeric last label makes the URL parser read the whole name as an IPv4 address, never as a name.
  if (/^(?:\d+|0x[0-9a-f]*)$/.test(labels[labels.length - 1] ?? "")) return undefined;
  return labels.every((label) => LABEL.test(label)) ? ascii : undefined;
}

type ParsedEntry =
  | { kind: "name"; name: string }
  | { kind: "suffix"; suffix: string }
  | { kind: "cidr"; cidr: [ipaddr.IPv4 | ipaddr.IPv6, number] }
  | { kind: "error"; problem: string };

function parseCidrEntry(entry: string): ParsedEntry {
  const slash = entry.indexOf("/");
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const prefixText = slash === -1 ? undefined : entry.slice(slash + 1);
  const isV4 = ipaddr.IPv4.isValidFourPartDecimal(address);
  // Shorthand IPv4 ("10/8", "10.1") is refused rather than guessed at: tools read it differently. IPv6 with
  // dotted IPv4 inside is refused too: a listed IPv4 network already covers its mapped and NAT64 forms.
  if (!isV4 && !(ipaddr.IPv6.isValid(address) && !address.includes("."))) {
    return { kind: "error", problem: `"${entry}": ${address} is not an IPv4 address (four numbers) or IPv6 address` };
  }
  const max = isV4 ? 32 : 128;
  if (prefixText !== undefined && (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max)) {
    return { kind: "error", problem: `"${entry}": the prefix length must be a number from 1 to ${max}` };
  }
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix === 0) {
    return {
      kind: "error",
      problem: `"${entry}": a /0 network allows every address and so turns the protection off; list the Exchange servers' own networks`,
    };
  }
  const parsed = ipaddr.parse(address);
  const network = isV4
    ? ipaddr.IPv4.networkAddressFromCIDR(`${address}/${prefix}`)
    : ipaddr.IPv6.networkAddressFromCIDR(`${address}/${prefix}`);
  // "10.0.0.5/8" is almost always a typo for a single host or for 10.0.0.0/8: make the admin say which.
  if (network.toString() !== parsed.toString()) {
    return {
      kind: "error",
      problem: `"${entry}": the address has bits set beyond the /${prefix} prefix; write ${network.toString()}/${prefix} for the network or ${address} for the single address`,
    };
  }
  return { kind: "cidr", cidr: [parsed, prefix] };
}

type PortRange = { from: number; to: number };

/**
 * Splits a trailing port or port range off an entry: "mail.corp:8443", "10.0.0.5:444-445", and, for IPv6,
 * "[fd00::5]:8443" (brackets needed, since colons are part of the address). No port: `ports` is undefined.
 */
function splitPort(entry: string): { host: string; ports?: PortRange } | { problem: string } {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(entry);
  let host = entry;
  let portText: string | undefined;
  if (bracketed) {
    if (bracketed[2] === undefined) {
      return { problem: `"${entry}": write IPv6 addresses without brackets unless a port follows ([fd00::5]:8443)` };
    }
    host = bracketed[1] ?? "";
    portText = bracketed[2];
  } else if ((entry.match(/:/g) ?? []).length === 1) {
    const colon = entry.indexOf(":");
    host = entry.slice(0, colon);
    portText = entry.slice(colon + 1);
  }
  if (portText === undefined) return { host };
  const range = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(portText);
  const from = Number(range?.[1]);
  const to = range?.[2] === undefined ? from : Number(range[2]);
  if (!range || from < 1 || to > 65_535 || from > to) {
    return { problem: `"${entry}": after the host must come a port from 1 to 65535, or a range such as 8443-8444` };
  }
  return { host, ports: { from, to } };
}

function parseEntry(entry: string): ParsedEntry & { ports?: PortRange } {
  if (!entry.includes("://")) {
    const split = splitPort(entry);
    if ("problem" in split) return { kind: "error", problem: split.problem };
    if (split.ports) {
      const parsed = parseHostEntry(split.host);
      return parsed.kind === "error"
        ? { kind: "error", problem: parsed.problem.replace(`"${split.host}"`, `"${entry}"`) }
        : { ...parsed, ports: split.ports };
    }
  }
  return parseHostEntry(entry);
}

function parseHostEntry(entry: string): ParsedEntry {
  if (entry.includes("://") || /[/?#@\\]/.test(entry.replace(/\/\d*$/, ""))) {
    return {
      kind: "error",
      problem: `"${entry}": write a host name, an address or a CIDR, without scheme, user or path (mail.example.com, 10.0.0.0/8)`,
    };
  }
  if (entry.startsWith("[") || entry.includes("%")) {
    return {
      kind: "error",
      problem: `"${entry}": write IPv6 addresses without brackets or zone (fd00::/8, 2001:db8::5)`,
    };
  }
  if (entry.includes("/") || /^[\d.]+$/.test(entry) || entry.includes(":")) {
    if (entry.includes(":") && !entry.includes("/") && !ipaddr.IPv6.isValid(entry)) {
      return {
        kind: "error",
        problem: `"${entry}": not an IPv6 address (a port goes after brackets: [fd00::5]:8443)`,
      };
    }
    return parseCidrEntry(entry);
  }
  if (entry.startsWith("*.")) {
    const base = toHostName(entry.slice(2));
    return base
      ? { kind: "suffix", suffix: `.${base}` }
      : { kind: "error", problem: `"${entry}": after "*." must come a valid host name (*.example.com)` };
  }
  if (entry.includes("*")) {
    return {
      kind: "error",
      problem: `"${entry}": a wildcard is allowed only as the whole first label (*.example.com)`,
    };
  }
  const name = toHostName(entry);
  return name ? { kind: "name", name } : { kind: "error", problem: `"${entry}": not a valid host name` };
}

/**
 * Parses EXCHANGE_ALLOWED_HOSTS: comma-separated host names (exact, case-insensitive), `*.domain`
 * wildcards (any depth below the domain, not the domain itself), IPv4/IPv6 addresses and CIDRs, each
 * optionally with a port or port range (`mail.corp:8443`, `[fd00::5]:8443`) that it may be reached on
 * besides 443.
 * Empty items (a trailing comma) are ignored. Throws AllowedHostsError naming every malformed entry,
 * because a silently dropped entry would show up later as a refused connection with no clue why.
 */
export function parseAllowedHosts(value: string | undefined): AllowedHosts {
  const entries = (value ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  const names = new Set<string>();
  const suffixes: string[] = [];
  const cidrs: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  const ports: PortRule[] = [];
  const problems: string[] = [];
  for (const entry of entries) {
    const parsed = parseEntry(entry);
    if (parsed.kind === "error") {
      problems.push(parsed.problem);
      continue;
    }
    if (parsed.kind === "name") names.add(parsed.name);
    else if (parsed.kind === "suffix") suffixes.push(parsed.suffix);
    else cidrs.push(parsed.cidr);
    if (parsed.ports) {
      const host =
        parsed.kind === "name"
          ? { kind: "name" as const, name: parsed.name }
          : parsed.kind === "suffix"
            ? { kind: "suffix" as const, suffix: parsed.suffix }
            : { kind: "cidr" as const, cidr: parsed.cidr };
      ports.push({ host, ...parsed.ports });
    }
  }
  if (problems.length > 0) throw new AllowedHostsError(problems);
  return { names, suffixes, cidrs, ports, entries };
}

/** For lib/env/schema.ts: an unset or empty variable is an empty list. */
export const allowedHostsSchema = z
  .string()
  .optional()
  .transform((value, ctx) => {
    try {
      return parseAllowedHosts(value);
    } catch (error) {
      if (!(error instanceof AllowedHostsError)) throw error;
      for (const problem of error.problems)
        ctx.addIssue({ code: "custom", message: `has a malformed entry ${problem}` });
      return z.NEVER;
    }
  });

export function isAllowedHostName(input: { host: string; allowed: AllowedHosts }): boolean {
  const host = normalizeHostName(input.host);
  return input.allowed.names.has(host) || input.allowed.suffixes.some((suffix) => host.endsWith(suffix));
}

/** An address is allowed when it, or the IPv4 address it embeds (mapped, NAT64, …), is in a listed network. */
export function isAllowedAddress(input: {
  address: ipaddr.IPv4 | ipaddr.IPv6;
  embeddedIPv4?: ipaddr.IPv4;
  allowed: AllowedHosts;
}): boolean {
  const candidates = input.embeddedIPv4 ? [input.address, input.embeddedIPv4] : [input.address];
  return input.allowed.cidrs.some(([network, prefix]) =>
    // ipaddr throws when matching across families, so compare only like with like.
    candidates.some((candidate) => candidate.kind() === network.kind() && candidate.match([network, prefix])),
  );
}

/** Whether `port` on a host named so is allowed by an entry naming that port (443 always is). */
export function isAllowedPortForName(input: { host: string; port: number; allowed: AllowedHosts }): boolean {
  if (input.port === EXCHANGE_PORT) return true;
  const host = normalizeHostName(input.host);
  return input.allowed.ports.some(
    (rule) =>
      input.port >= rule.from &&
      input.port <= rule.to &&
      ((rule.host.kind === "name" && rule.host.name === host) ||
        (rule.host.kind === "suffix" && host.endsWith(rule.host.suffix))),
  );
}

/** Whether `port` on `address` is allowed by an entry naming a network with that port (443 always is). */
export function isAllowedPortForAddress(input: {
  address: ipaddr.IPv4 | ipaddr.IPv6;
  port: number;
  allowed: AllowedHosts;
}): boolean {
  if (input.port === EXCHANGE_PORT) return true;
  return input.allowed.ports.some(
    (rule) =>
      input.port >= rule.from &&
      input.port <= rule.to &&
      rule.host.kind === "cidr" &&
      rule.host.cidr[0].kind() === input.address.kind() &&
      input.address.match(rule.host.cidr),
  );
}
