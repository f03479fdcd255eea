import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientIp } from "@/lib/auth/client-ip";
import {
  CLIENT_ADDRESS_HEADER,
  parseTrustedProxies,
  rateLimitKeyOf,
  resolveClientAddress,
  stampClientAddress,
  type TrustedProxies,
} from "./client-address";

function proxies(value: string): TrustedProxies {
  const parsed = parseTrustedProxies(value);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.proxies;
}

describe("parseTrustedProxies", () => {
  it("reads nothing, hop counts and address lists", () => {
    expect(proxies("")).toEqual({ kind: "none" });
    expect(proxies("0")).toEqual({ kind: "none" });
    expect(proxies("2")).toEqual({ kind: "hops", hops: 2 });
    expect(proxies("10.0.0.0/8, 192.168.1.5, fd00::/8").kind).toBe("ranges");
  });

  it.each([
    ["a host name", "proxy.example", 'has "proxy.example"'],
    ["a bad prefix", "10.0.0.0/33", 'has "10.0.0.0/33"'],
    ["only commas", ",,", "names no address"],
    ["too many hops", "11", "at most 10"],
  ])("refuses %s", (_name, value, problem) => {
    const parsed = parseTrustedProxies(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});

describe("resolveClientAddress", () => {
  const resolve = (forwardedFor: string | undefined, socketAddress: string, trusted: string) =>
    resolveClientAddress({ forwardedFor, socketAddress, proxies: proxies(trusted) });

  it("trusts no header by default: the socket's peer is the client", () => {
    expect(resolve("203.0.113.9", "198.51.100.7", "")).toBe("198.51.100.7");
    expect(resolve("1.1.1.1, 2.2.2.2", "::ffff:198.51.100.7", "")).toBe("198.51.100.7");
  });

  it("with one trusted hop takes the address that proxy appended, not the ones the client wrote", () => {
    expect(resolve("6.6.6.6, 203.0.113.9", "10.0.0.2", "1")).toBe("203.0.113.9");
    expect(resolve(undefined, "10.0.0.2", "1")).toBe("10.0.0.2");
  });

  it("with trusted ranges takes the right-most address outside them", () => {
    expect(resolve("6.6.6.6, 203.0.113.9, 10.1.2.3", "10.0.0.2", "10.0.0.0/8")).toBe("203.0.113.9");
    expect(resolve("6.6.6.6, 2001:db8::1", "::1", "127.0.0.1, ::1")).toBe("2001:db8::1");
    // The socket's peer is not a trusted proxy: whatever the header says, the peer is the client.
    expect(resolve("10.0.0.9", "203.0.113.50", "10.0.0.0/8")).toBe("203.0.113.50");
  });

  it("gives one shared key to what is not an address", () => {
    expect(resolve("not-an-address", "10.0.0.2", "1")).toBe("unknown");
    expect(resolve("[2001:db8::5]:443", "10.0.0.2", "1")).toBe("2001:db8::5");
  });
});

describe("rateLimitKeyOf", () => {
  it("counts IPv4 clients by address and IPv6 clients by /64", () => {
    expect(rateLimitKeyOf("203.0.113.9")).toBe("203.0.113.9");
    expect(rateLimitKeyOf("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(rateLimitKeyOf("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(rateLimitKeyOf("2001:db8:1:3::1")).not.toBe(rateLimitKeyOf("2001:db8:1:2::1"));
    expect(rateLimitKeyOf("garbage")).toBe("unknown");
  });
});

describe("over real HTTP, as server.ts stamps each request", () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    const trusted = proxies("");
    server = createServer((request, response) => {
      stampClientAddress(request, trusted);
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers))
        if (typeof value === "string") headers.set(name, value);
      response.end(clientIp(headers));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const keyFor = (headers: Record<string, string>) =>
    new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, headers }, (response) => {
        let body = "";
        response.on("data", (chunk) => {
          body += chunk;
        });
        response.on("end", () => resolve(body));
      });
      req.on("error", reject);
      req.end();
    });

  it("gives a client forging a fresh X-Forwarded-For or client-address header each time the same key", async () => {
    const keys = new Set<string>();
    for (let i = 0; i < 5; i++) {
      keys.add(await keyFor({ "X-Forwarded-For": `203.0.113.${i}`, [CLIENT_ADDRESS_HEADER]: `198.51.100.${i}` }));
    }
    expect([...keys]).toEqual(["127.0.0.1"]);
  });
});
