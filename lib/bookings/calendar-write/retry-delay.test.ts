import { describe, expect, it } from "vitest";
import { nextWriteDelayMs } from "./retry-delay";

describe("nextWriteDelayMs", () => {
  it("backs off exponentially within ±20% jitter, then stays at an hour", () => {
    expect(nextWriteDelayMs({ attempts: 1, random: () => 0.5 })).toBe(10_000);
    expect(nextWriteDelayMs({ attempts: 2, random: () => 0 })).toBe(24_000);
    expect(nextWriteDelayMs({ attempts: 3, random: () => 1 })).toBe(144_000);
    expect(nextWriteDelayMs({ attempts: 40, random: () => 0.5 })).toBe(3_600_000);
  });

  it("never waits less than Exchange's BackOffMilliseconds", () => {
    expect(nextWriteDelayMs({ attempts: 1, serverBackOffMs: 45_000, random: () => 1 })).toBe(45_000);
    expect(nextWriteDelayMs({ attempts: 3, serverBackOffMs: 1_000, random: () => 0.5 })).toBe(120_000);
  });
});
