import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pickRoundRobinHost, type RoundRobinHost } from "./round-robin";

const hosts: RoundRobinHost[] = [
  { id: "maya", lastBookedAt: Date.parse("2030-03-01T10:00:00Z") },
  { id: "noah", lastBookedAt: Date.parse("2030-02-20T10:00:00Z") },
  { id: "lena", lastBookedAt: null },
  { id: "adam", lastBookedAt: Date.parse("2030-02-20T10:00:00Z") },
];

describe("pickRoundRobinHost", () => {
  it("picks a never-booked host first, then the least recently booked, ties by id", () => {
    expect(pickRoundRobinHost({ hosts, freeHostIds: ["maya", "noah", "lena", "adam"] })).toBe("lena");
    expect(pickRoundRobinHost({ hosts, freeHostIds: ["maya", "noah", "adam"] })).toBe("adam");
    expect(pickRoundRobinHost({ hosts, freeHostIds: ["maya", "noah"] })).toBe("noah");
  });

  it("lets priority go before recency", () => {
    const prioritised = hosts.map((host) => (host.id === "maya" ? { ...host, priority: 2 } : host));
    expect(pickRoundRobinHost({ hosts: prioritised, freeHostIds: ["maya", "lena"] })).toBe("maya");
    const demoted = hosts.map((host) => (host.id === "lena" ? { ...host, priority: -1 } : host));
    expect(pickRoundRobinHost({ hosts: demoted, freeHostIds: ["maya", "lena"] })).toBe("maya");
  });

  it("returns null when nobody is free", () => {
    expect(pickRoundRobinHost({ hosts, freeHostIds: [] })).toBeNull();
    expect(pickRoundRobinHost({ hosts, freeHostIds: ["someone-else"] })).toBeNull();
  });

  it("picks a free host, the same whatever the order of its inputs", () => {
    const host = fc.record({
      id: fc.constantFrom("a", "b", "c", "d", "e", "B", "ä"),
      lastBookedAt: fc.option(fc.integer({ min: 0, max: 5 })),
      priority: fc.integer({ min: -1, max: 1 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(host, { selector: (h) => h.id, maxLength: 7 }),
        fc.func(fc.boolean()),
        fc.integer(),
        (pool, isFree, seed) => {
          const freeHostIds = pool.filter((h) => isFree(h.id)).map((h) => h.id);
          const picked = pickRoundRobinHost({ hosts: pool, freeHostIds });
          if (freeHostIds.length === 0) expect(picked).toBeNull();
          else expect(freeHostIds).toContain(picked);
          const shuffled = [...pool].sort(
            (a, b) => ((a.id.charCodeAt(0) * seed) % 7) - ((b.id.charCodeAt(0) * seed) % 7),
          );
          expect(pickRoundRobinHost({ hosts: shuffled, freeHostIds: [...freeHostIds].reverse() })).toBe(picked);
        },
      ),
    );
  });
});
