import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import {
  AllowedHostsError,
  allowedHostsSchema,
  isAllowedAddress,
  isAllowedHostName,
  parseAllowedHosts,
} from "./allowed-hosts";

describe("parseAllowedHosts", () => {
  it("reads names, wildcards, addresses and CIDRs; ignores blanks and spaces", () => {
    const allowed = parseAllowedHosts(
      " Mail.Example.com , *.Corp.Example.com,,10.0.0.0/8, 192.168.1.20, fd00::/8, ::1 ,",
    );
    expect([...allowed.names]).toEqual(["mail.example.com"]);
    expect(allowed.suffixes).toEqual([".corp.example.com"]);
    expect(allowed.cidrs.map(([network, prefix]) => `${network.toString()}/${prefix}`)).toEqual([
      "10.0.0.0/8",
      "192.168.1.20/32",
      "fd00::/8",
      "::1/128",
    ]);
    expect(allowed.entries).toHaveLength(6);
  });

  it("treats unset and empty as an empty list", () => {
    expect(parseAllowedHosts(undefined).entries).toEqual([]);
    expect(parseAllowedHosts("").entries).toEqual([]);
    expect(parseAllowedHosts(" , ").entries).toEqual([]);
  });

  it("keeps internationalised names as punycode, as URLs carry them", () => {
    expect([...parseAllowedHosts("bücher.example").names]).toEqual(["xn--bcher-kva.example"]);
  });

  it.each([
    ["https://mail.example.com", "without scheme"],
    ["mail.example.com/EWS", "without scheme, user or path"],
    ["user@mail.example.com", "without scheme, user or path"],
    ["mail.example.com:0", "a port from 1 to 65535"],
    ["mail.example.com:65536", "a port from 1 to 65535"],
    ["mail.example.com:9000-8000", "a port from 1 to 65535"],
    ["mail.example.com:https", "a port from 1 to 65535"],
    ["10.0.0.5/8:8443", "write 10.0.0.0/8 for the network"],
    ["[::1]", "without brackets unless a port follows"],
    ["fe80::1%eth0", "without brackets or zone"],
    ["10.0.0.256", "is not an IPv4 address"],
    ["10.1", "is not an IPv4 address"],
    ["10/8", "is not an IPv4 address"],
    ["10.0.0.0/33", "from 1 to 32"],
    ["10.0.0.0/", "from 1 to 32"],
    ["fd00::/129", "from 1 to 128"],
    ["10.0.0.0/8/8", "a host name, an address or a CIDR"],
    ["0.0.0.0/0", "turns the protection off"],
    ["::/0", "turns the protection off"],
    ["10.0.0.5/8", "write 10.0.0.0/8 for the network or 10.0.0.5 for the single address"],
    ["::ffff:10.0.0.1", "is not an IPv4 address (four numbers) or IPv6 address"],
    ["*", "only as the whole first label"],
    ["mail.*.com", "only as the whole first label"],
    ["*mail.example.com", "only as the whole first label"],
    ["*.", 'after "*." must come a valid host name'],
    ["-bad-.example.com", "not a valid host name"],
    ["a..example.com", "not a valid host name"],
    ["host.0x7f", "not a valid host name"],
    [`${"a".repeat(64)}.example.com`, "not a valid host name"],
  ])("refuses %j (%s)", (entry, hint) => {
    expect(() => parseAllowedHosts(`ok.example.com, ${entry}`)).toThrow(AllowedHostsError);
    expect(() => parseAllowedHosts(entry)).toThrow(hint);
  });

  it("reads ports and port ranges after names, addresses, wildcards and networks", () => {
    const parsed = parseAllowedHosts(
      "mail.corp:8443, 10.0.0.5:444-445, [fd00::5]:8443, *.corp.example:9443, 10.9.0.0/16:8080",
    );
    expect(parsed.names.has("mail.corp")).toBe(true);
    expect(parsed.ports.map((rule) => [rule.host.kind, rule.from, rule.to])).toEqual([
      ["name", 8443, 8443],
      ["cidr", 444, 445],
      ["cidr", 8443, 8443],
      ["suffix", 9443, 9443],
      ["cidr", 8080, 8080],
    ]);
  });

  it("names every malformed entry at once", () => {
    try {
      parseAllowedHosts("https://a.example.com, ok.example.com, 10.0.0.0/99");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AllowedHostsError);
      expect((error as AllowedHostsError).problems).toHaveLength(2);
      expect((error as Error).message).toMatch(/^EXCHANGE_ALLOWED_HOSTS has malformed entries:\n {2}- "https:\/\/a/);
    }
  });
});

describe("allowedHostsSchema (for lib/env)", () => {
  it("parses, and turns malformed entries into issues that read after the variable's name", () => {
    expect(allowedHostsSchema.parse(undefined).entries).toEqual([]);
    expect(allowedHostsSchema.parse("localhost").names.has("localhost")).toBe(true);
    const result = allowedHostsSchema.safeParse("localhost, 10.0.0.0/33");
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      'has a malformed entry "10.0.0.0/33": the prefix length must be a number from 1 to 32',
    ]);
  });
});

describe("matching", () => {
  const allowed = parseAllowedHosts("mail.example.com, *.corp.example.com, 10.0.0.0/8, 2001:db8:1::/48");

  it.each([
    ["mail.example.com", true],
    ["MAIL.EXAMPLE.COM.", true],
    ["other.example.com", false],
    ["ews.corp.example.com", true],
    ["a.b.corp.example.com", true],
    ["corp.example.com", false],
    ["xcorp.example.com", false],
    ["corp.example.com.evil.test", false],
  ])("host name %s → %s", (host, expected) => {
    expect(isAllowedHostName({ host, allowed })).toBe(expected);
  });

  it.each([
    ["10.20.30.40", true],
    ["11.0.0.1", false],
    ["2001:db8:1::5", true],
    ["2001:db8:2::5", false],
  ])("address %s → %s", (address, expected) => {
    expect(isAllowedAddress({ address: ipaddr.parse(address), allowed })).toBe(expected);
  });

  it("matches an embedded IPv4 address against IPv4 networks", () => {
    const address = ipaddr.parse("::ffff:10.0.0.1");
    expect(isAllowedAddress({ address, allowed })).toBe(false);
    expect(isAllowedAddress({ address, embeddedIPv4: ipaddr.IPv4.parse("10.0.0.1"), allowed })).toBe(true);
  });
});
