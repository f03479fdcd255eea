import { describe, expect, it } from "vitest";
import { checkOutboundHost, type OutboundRefusal, type ResolveHost } from "./address-policy";
import { NO_ALLOWED_HOSTS, parseAllowedHosts } from "./allowed-hosts";

/** A resolver that knows only the given names: no test here depends on DNS or the internet. */
function fakeDns(records: Record<string, string[]>): ResolveHost {
  return async (host) => {
    const addresses = records[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address }));
  };
}

const refused: [string, OutboundRefusal][] = [
  ["127.0.0.1", "loopback"],
  ["127.1.2.3", "loopback"],
  ["0.0.0.0", "unspecified"],
  ["0.1.2.3", "unspecified"],
  ["10.0.0.1", "private-address"],
  ["10.255.255.254", "private-address"],
  ["172.16.0.1", "private-address"],
  ["172.31.255.254", "private-address"],
  ["192.168.1.1", "private-address"],
  ["100.64.0.1", "private-address"],
  ["100.127.255.254", "private-address"],
  ["169.254.169.254", "link-local"],
  ["169.254.1.1", "link-local"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["255.255.255.255", "broadcast"],
  ["192.0.2.10", "reserved"],
  ["198.51.100.7", "reserved"],
  ["203.0.113.9", "reserved"],
  ["198.18.0.1", "reserved"],
  ["240.0.0.1", "reserved"],
  ["192.0.0.192", "reserved"],
  ["::1", "loopback"],
  ["::", "unspecified"],
  ["fe80::1", "link-local"],
  ["fc00::1", "private-address"],
  ["fd12::1", "private-address"],
  ["fd00:ec2::254", "private-address"],
  ["fec0::1", "private-address"],
  ["ff02::1", "multicast"],
  ["::ffff:127.0.0.1", "loopback"],
  ["::ffff:10.0.0.1", "private-address"],
  ["::ffff:169.254.169.254", "link-local"],
  ["::ffff:0:127.0.0.1", "loopback"],
  ["::127.0.0.1", "loopback"],
  ["::a9fe:a9fe", "link-local"],
  ["64:ff9b::a9fe:a9fe", "link-local"],
  ["64:ff9b::10.0.0.1", "private-address"],
  ["64:ff9b:1::a00:1", "reserved"],
  ["2002:a9fe:a9fe::", "link-local"],
  ["2002:7f00:1::1", "loopback"],
  ["2001:db8::1", "reserved"],
  ["2001::1", "reserved"],
  ["100::1", "reserved"],
  ["4000::1", "reserved"],
  // Shorthand IPv4 forms are read as the URL parser (and the OS) reads them.
  ["127.1", "loopback"],
  ["0x7f.1", "loopback"],
  ["2130706433", "loopback"],
  ["[::1]", "loopback"],
];

const allowed: [string, 4 | 6, string][] = [
  ["93.184.215.14", 4, "93.184.215.14"],
  ["8.8.8.8", 4, "8.8.8.8"],
  ["2606:4700::1111", 6, "2606:4700::1111"],
  ["[2606:4700::1111]", 6, "2606:4700::1111"],
  ["::ffff:93.184.215.14", 6, "::ffff:5db8:d70e"],
  ["64:ff9b::93.184.215.14", 6, "64:ff9b::5db8:d70e"],
];

describe("checkOutboundHost: IP literals", () => {
  it.each(refused)("refuses %s (%s)", async (host, reason) => {
    const result = await checkOutboundHost({ host, allowedHosts: NO_ALLOWED_HOSTS, resolve: fakeDns({}) });
    expect(result).toMatchObject({ ok: false, reason });
  });

  it.each(allowed)("allows %s", async (host, family, address) => {
    const result = await checkOutboundHost({ host, allowedHosts: NO_ALLOWED_HOSTS, resolve: fakeDns({}) });
    expect(result).toMatchObject({ ok: true, address, family, host: address });
  });

  it("explains a refusal in plain words, naming what to list", async () => {
    const result = await checkOutboundHost({ host: "10.0.0.5", allowedHosts: NO_ALLOWED_HOSTS });
    expect(result).toEqual({
      ok: false,
      reason: "private-address",
      message:
        "10.0.0.5 is a private network address. Slotbridge refuses private addresses unless they are listed in EXCHANGE_ALLOWED_HOSTS; to allow this server, add 10.0.0.5 there.",
    });
  });

  it("names the metadata service and the IPv4 address inside an IPv6 form", async () => {
    const metadata = await checkOutboundHost({ host: "169.254.169.254", allowedHosts: NO_ALLOWED_HOSTS });
    expect(metadata.ok || metadata.message).toContain("the cloud metadata service address");
    const nat64 = await checkOutboundHost({ host: "64:ff9b::a9fe:a9fe", allowedHosts: NO_ALLOWED_HOSTS });
    expect(nat64.ok || nat64.message).toContain("an IPv6 form of 169.254.169.254, the cloud metadata service address");
  });
});

describe("checkOutboundHost: host names", () => {
  const dns = fakeDns({
    "mail.example.com": ["10.0.0.5"],
    "exchange.example.org": ["93.184.215.14", "2606:4700::1111"],
    "mixed.example.com": ["93.184.215.14", "192.168.0.10"],
    "metadata.example.com": ["169.254.169.254"],
    "zero.example.com": ["0.0.0.0"],
    "ews.corp.example.com": ["10.1.2.3"],
  });

  it("allows a name whose every address is public, pinning the first and keeping all", async () => {
    const result = await checkOutboundHost({
      host: "Exchange.Example.org",
      allowedHosts: NO_ALLOWED_HOSTS,
      resolve: dns,
    });
    expect(result).toEqual({
      ok: true,
      host: "exchange.example.org",
      address: "93.184.215.14",
      family: 4,
      addresses: [
        { address: "93.184.215.14", family: 4 },
        { address: "2606:4700::1111", family: 6 },
      ],
    });
  });

  it("refuses a name resolving to a private address, with the message the admin sees", async () => {
    const result = await checkOutboundHost({ host: "mail.example.com", allowedHosts: NO_ALLOWED_HOSTS, resolve: dns });
    expect(result).toEqual({
      ok: false,
      reason: "private-address",
      message:
        "mail.example.com resolves to 10.0.0.5, a private network address. Slotbridge refuses private addresses unless they are listed in EXCHANGE_ALLOWED_HOSTS; to allow this server, add mail.example.com or 10.0.0.5 there.",
    });
  });

  it("refuses mixed answers instead of picking the public half", async () => {
    const result = await checkOutboundHost({ host: "mixed.example.com", allowedHosts: NO_ALLOWED_HOSTS, resolve: dns });
    expect(result).toMatchObject({ ok: false, reason: "private-address" });
    expect(result.ok || result.message).toContain("It has 2 addresses and every one must be allowed.");
  });

  it("refuses the metadata address behind a name", async () => {
    const result = await checkOutboundHost({
      host: "metadata.example.com",
      allowedHosts: NO_ALLOWED_HOSTS,
      resolve: dns,
    });
    expect(result).toMatchObject({ ok: false, reason: "link-local" });
  });

  it("refuses localhost (the real resolver) unless it is allow-listed", async () => {
    const refusedLocalhost = await checkOutboundHost({ host: "localhost", allowedHosts: NO_ALLOWED_HOSTS });
    expect(refusedLocalhost).toMatchObject({ ok: false, reason: "loopback" });
    const allowedLocalhost = await checkOutboundHost({
      host: "localhost",
      allowedHosts: parseAllowedHosts("localhost"),
    });
    expect(allowedLocalhost).toMatchObject({ ok: true, host: "localhost", allowedBy: "host-name" });
    expect(["127.0.0.1", "::1"]).toContain(allowedLocalhost.ok && allowedLocalhost.address);
  });

  it("allows by exact name, case-insensitively and with a trailing dot", async () => {
    const allowedHosts = parseAllowedHosts("MAIL.example.com");
    const result = await checkOutboundHost({
      host: "mail.example.com.",
      allowedHosts,
      resolve: fakeDns({ "mail.example.com.": ["10.0.0.5"] }),
    });
    expect(result).toMatchObject({ ok: true, address: "10.0.0.5", family: 4, allowedBy: "host-name" });
  });

  it("allows by wildcard below the domain, not the domain itself or a look-alike", async () => {
    const allowedHosts = parseAllowedHosts("*.corp.example.com");
    const resolve = fakeDns({
      "ews.corp.example.com": ["10.1.2.3"],
      "corp.example.com": ["10.1.2.3"],
      "evilcorp.example.com": ["10.1.2.3"],
    });
    expect(await checkOutboundHost({ host: "ews.corp.example.com", allowedHosts, resolve })).toMatchObject({
      ok: true,
    });
    expect(await checkOutboundHost({ host: "corp.example.com", allowedHosts, resolve })).toMatchObject({ ok: false });
    expect(await checkOutboundHost({ host: "evilcorp.example.com", allowedHosts, resolve })).toMatchObject({
      ok: false,
    });
  });

  it("allows by CIDR, for names and literals, including the IPv4 inside a mapped address", async () => {
    const allowedHosts = parseAllowedHosts("10.0.0.0/8, fd00::/8");
    expect(await checkOutboundHost({ host: "mail.example.com", allowedHosts, resolve: dns })).toMatchObject({
      ok: true,
      address: "10.0.0.5",
      allowedBy: "address",
    });
    expect(await checkOutboundHost({ host: "::ffff:10.9.8.7", allowedHosts })).toMatchObject({ ok: true, family: 6 });
    expect(await checkOutboundHost({ host: "fc00::1", allowedHosts })).toMatchObject({ ok: false });
    expect(await checkOutboundHost({ host: "fd00::5", allowedHosts })).toMatchObject({ ok: true });
    expect(await checkOutboundHost({ host: "192.168.0.1", allowedHosts })).toMatchObject({ ok: false });
  });

  it("lets a mixed answer through only when every refused address is listed", async () => {
    const allowedHosts = parseAllowedHosts("192.168.0.10");
    expect(await checkOutboundHost({ host: "mixed.example.com", allowedHosts, resolve: dns })).toMatchObject({
      ok: true,
    });
  });

  it("never allows unspecified, multicast or broadcast, whatever is listed", async () => {
    const allowedHosts = parseAllowedHosts("zero.example.com, 224.0.0.0/4");
    expect(await checkOutboundHost({ host: "zero.example.com", allowedHosts, resolve: dns })).toMatchObject({
      ok: false,
      reason: "unspecified",
    });
    const multicast = await checkOutboundHost({ host: "224.0.0.1", allowedHosts });
    expect(multicast).toMatchObject({ ok: false, reason: "multicast" });
    expect(multicast.ok || multicast.message).toContain("Slotbridge never connects to multicast addresses.");
  });

  it("reports a name that does not resolve", async () => {
    const result = await checkOutboundHost({
      host: "nowhere.example.com",
      allowedHosts: NO_ALLOWED_HOSTS,
      resolve: dns,
    });
    expect(result).toMatchObject({ ok: false, reason: "unresolvable" });
    expect(result.ok || result.message).toContain(
      "nowhere.example.com could not be resolved to an address (ENOTFOUND)",
    );
  });

  it("reports an allow-listed name that does not resolve as unresolvable too", async () => {
    const result = await checkOutboundHost({
      host: "gone.example.com",
      allowedHosts: parseAllowedHosts("gone.example.com"),
      resolve: dns,
    });
    expect(result).toMatchObject({ ok: false, reason: "unresolvable" });
  });

  it.each([
    "",
    "mail.example.com:443",
    "user@mail.example.com",
    "mail.example.com/ews",
    "a b",
    "[::1]:443",
    "fe80::1%eth0",
    "1.2.3.999",
    "x".repeat(260),
  ])("refuses %j as an invalid host", async (host) => {
    const result = await checkOutboundHost({ host, allowedHosts: NO_ALLOWED_HOSTS, resolve: dns });
    expect(result).toMatchObject({ ok: false, reason: "invalid-host" });
  });
});

describe("checkOutboundHost: ports", () => {
  let lookups = 0;
  const dns: ResolveHost = async (host) => {
    lookups++;
    return fakeDns({
      "exchange.corp": ["10.0.0.5"],
      "mail.exchange.corp": ["10.0.0.6"],
      "public.example.org": ["93.184.215.14"],
    })(host);
  };
  const check = (host: string, port: number, list: string) =>
    checkOutboundHost({ host, port, allowedHosts: parseAllowedHosts(list), resolve: dns });

  it("allows 443 on an allow-listed host, and no other port unless one is listed with it", async () => {
    expect((await check("exchange.corp", 443, "exchange.corp")).ok).toBe(true);
    for (const port of [1, 22, 5432, 6379, 8443]) {
      lookups = 0;
      const result = await check("exchange.corp", port, "exchange.corp");
      expect(result).toEqual({
        ok: false,
        reason: "port-not-allowed",
        message: `Slotbridge connects to Exchange on port 443 only; port ${port} is allowed only where EXCHANGE_ALLOWED_HOSTS names it with its host (exchange.corp:${port}). Nothing was sent to exchange.corp.`,
      });
      // Refused on the name's answer alone: nothing was sent to the host, so nothing about it is learnt.
      expect(lookups).toBe(1);
    }
  });

  it("says the same for every refused port, whether or not something listens there", async () => {
    const messages = new Set<string>();
    for (const port of [1, 5432, 6379]) {
      const result = await check("exchange.corp", port, "exchange.corp");
      messages.add(result.ok ? "" : result.message.replaceAll(String(port), "N"));
    }
    expect(messages.size).toBe(1);
  });

  it("refuses other ports on public hosts too", async () => {
    expect(await check("public.example.org", 8443, "")).toMatchObject({ ok: false, reason: "port-not-allowed" });
    expect(await check("93.184.215.14", 8443, "")).toMatchObject({ ok: false, reason: "port-not-allowed" });
  });

  it("allows exactly the listed port or range, by name, wildcard, address or network", async () => {
    expect((await check("exchange.corp", 8443, "exchange.corp:8443")).ok).toBe(true);
    expect(await check("exchange.corp", 8444, "exchange.corp:8443")).toMatchObject({ reason: "port-not-allowed" });
    expect((await check("exchange.corp", 8444, "exchange.corp:8443-8445")).ok).toBe(true);
    expect((await check("mail.exchange.corp", 8443, "*.exchange.corp:8443")).ok).toBe(true);
    expect(await check("exchange.corp", 8443, "exchange.corp, *.exchange.corp:8443")).toMatchObject({
      reason: "port-not-allowed",
    });
    expect((await check("10.0.0.5", 8443, "10.0.0.5:8443")).ok).toBe(true);
    expect((await check("exchange.corp", 8443, "10.0.0.0/8:8443")).ok).toBe(true);
    expect(await check("exchange.corp", 8443, "10.0.0.5, 192.168.0.0/16:8443")).toMatchObject({
      reason: "port-not-allowed",
    });
    expect((await check("[fd00::5]", 8443, "[fd00::5]:8443")).ok).toBe(true);
  });
});
