import ipaddr from "ipaddr.js";

export type BlockedReason =
  | "loopback"
  | "private-address"
  | "link-local"
  | "multicast"
  | "unspecified"
  | "broadcast"
  | "reserved";

export type AddressClass =
  | { blocked: false; embeddedIPv4?: ipaddr.IPv4 }
  | {
      blocked: true;
      reason: BlockedReason;
      /** A noun phrase for the admin: "a private network address". */
      description: string;
      /** The IPv4 address an IPv6 form carries (mapped, compatible, NAT64, 6to4), when that decided it. */
      embeddedIPv4?: ipaddr.IPv4;
    };

const METADATA_ADDRESS = "169.254.169.254";

/**
 * IPv4 by ipaddr.js's special ranges. Only plain unicast passes: an Exchange server has no business on a
 * documentation, benchmarking, AS112 or AMT range, and those are where a crafted DNS answer would point.
 */
function classifyIPv4(address: ipaddr.IPv4): AddressClass {
  const range: string = address.range();
  switch (range) {
    case "unicast":
      return { blocked: false };
    case "loopback":
      return { blocked: true, reason: "loopback", description: "a loopback address (this server itself)" };
    case "private":
      return { blocked: true, reason: "private-address", description: "a private network address" };
    case "carrierGradeNat":
      return {
        blocked: true,
        reason: "private-address",
        description: "a shared (carrier-grade NAT) address, private to a provider's network",
      };
    case "linkLocal":
      return address.toString() === METADATA_ADDRESS
        ? { blocked: true, reason: "link-local", description: "the cloud metadata service address (link-local)" }
        : { blocked: true, reason: "link-local", description: "a link-local address" };
    case "multicast":
      return { blocked: true, reason: "multicast", description: "a multicast address" };
    case "unspecified":
      return { blocked: true, reason: "unspecified", description: "an unspecified (0.0.0.0/8) address" };
    case "broadcast":
      return { blocked: true, reason: "broadcast", description: "the broadcast address" };
    default:
      return { blocked: true, reason: "reserved", description: "a reserved or documentation-only address" };
  }
}

/** Reads the IPv4 address held in two 16-bit IPv6 groups. */
function ipv4From(parts: number[], high: number): ipaddr.IPv4 {
  const a = parts[high] ?? 0;
  const b = parts[high + 1] ?? 0;
  return new ipaddr.IPv4([a >> 8, a & 0xff, b >> 8, b & 0xff]);
}

const WELL_KNOWN_NAT64: [ipaddr.IPv6, number] = ipaddr.IPv6.parseCIDR("64:ff9b::/96");
const GLOBAL_UNICAST: [ipaddr.IPv6, number] = ipaddr.IPv6.parseCIDR("2000::/3");

/**
 * The IPv4 address an IPv6 address stands for, where the kernel or the network would translate it to
 * that IPv4 address: mapped (::ffff:a.b.c.d, reaching IPv4 through a dual-stack socket), translated
 * (::ffff:0:a.b.c.d), compatible (::a.b.c.d), well-known NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::).
 * Each is a way to write 127.0.0.1 or 169.254.169.254 that a check on IPv6 ranges alone would pass.
 */
function embeddedIPv4Of(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const parts = address.parts;
  const range: string = address.range();
  if (range === "ipv4Mapped" || range === "rfc6145") return ipv4From(parts, 6);
  if (range === "rfc6052" && address.match(WELL_KNOWN_NAT64)) return ipv4From(parts, 6);
  if (range === "6to4") return ipv4From(parts, 1);
  // IPv4-compatible (::/96) has no range of its own in ipaddr.js; :: and ::1 were classified before this.
  if (range === "unicast" && parts.slice(0, 6).every((part) => part === 0)) return ipv4From(parts, 6);
  return undefined;
}

function classifyIPv6(address: ipaddr.IPv6): AddressClass {
  const embedded = embeddedIPv4Of(address);
  if (embedded) {
    const inner = classifyIPv4(embedded);
    if (!inner.blocked) return { blocked: false, embeddedIPv4: embedded };
    return {
      ...inner,
      description: `an IPv6 form of ${embedded.toString()}, ${inner.description}`,
      embeddedIPv4: embedded,
    };
  }
  const range: string = address.range();
  switch (range) {
    case "unicast":
      // Outside 2000::/3 nothing is assigned for global use today.
      return address.match(GLOBAL_UNICAST)
        ? { blocked: false }
        : { blocked: true, reason: "reserved", description: "an unassigned IPv6 address (outside 2000::/3)" };
    case "loopback":
      return { blocked: true, reason: "loopback", description: "the IPv6 loopback address (this server itself)" };
    case "uniqueLocal":
    case "deprecatedSiteLocal":
      return { blocked: true, reason: "private-address", description: "a private (unique local) IPv6 address" };
    case "linkLocal":
      return { blocked: true, reason: "link-local", description: "a link-local IPv6 address" };
    case "multicast":
      return { blocked: true, reason: "multicast", description: "a multicast address" };
    case "unspecified":
      return { blocked: true, reason: "unspecified", description: "the unspecified address (::)" };
    case "rfc6052":
      // 64:ff9b:1::/48 is for a site's own NAT64, whose prefix length (and so where the IPv4 sits) we cannot know.
      return {
        blocked: true,
        reason: "reserved",
        description: "a local-use NAT64 address (64:ff9b:1::/48), which may translate to any IPv4 address",
      };
    case "teredo":
      return { blocked: true, reason: "reserved", description: "a Teredo tunnel address" };
    default:
      return { blocked: true, reason: "reserved", description: "a reserved or documentation-only IPv6 address" };
  }
}

/** Whether an address may be connected to without an allow-list entry, and if not, why. */
export function classifyAddress(address: ipaddr.IPv4 | ipaddr.IPv6): AddressClass {
  return address instanceof ipaddr.IPv4 ? classifyIPv4(address) : classifyIPv6(address);
}
