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
  /** The entries as written, for messages and the admin's settings page. */
  entries: readonly string[];
}

export const NO_ALLOWED_HOSTS: AllowedHosts = { names: new Set(), suffixes: [], cidrs: [], entries: [] };

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

function parseEntry(entry: string): ParsedEntry {
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
        problem: `"${entry}": not an IPv6 address; if that is a port, leave it out (entries have none)`,
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
 * wildcards (any depth below the domain, not the domain itself), IPv4/IPv6 addresses and CIDRs.
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
  const problems: string[] = [];
  for (const entry of entries) {
    const parsed = parseEntry(entry);
    if (parsed.kind === "name") names.add(parsed.name);
    else if (parsed.kind === "suffix") suffixes.push(parsed.suffix);
    else if (parsed.kind === "cidr") cidrs.push(parsed.cidr);
    else problems.push(parsed.problem);
  }
  if (problems.length > 0) throw new AllowedHostsError(problems);
  return { names, suffixes, cidrs, entries };
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
