import { describe, expect, it } from "vitest";
import { mapWithConcurrency } from "../connection/bounded-concurrency";
import { clipToWindow } from "./busy-blocks";
import type { BusyBlock } from "./types";

const window = { start: new Date("2026-10-19T00:00:00Z"), end: new Date("2026-10-20T00:00:00Z") };
const block = (start: string, end: string, status: BusyBlock["status"] = "busy"): BusyBlock => ({
  start: `2026-10-${start}:00.000Z`,
  end: `2026-10-${end}:00.000Z`,
  status,
});

describe("clipToWindow", () => {
  it("clips to the window, drops what is outside, sorts, and keeps identical blocks once", () => {
    const blocks = [
      block("19T15:00", "19T16:00"),
      block("18T22:00", "19T02:00", "oof"),
      block("19T23:00", "20T01:00", "tentative"),
      block("18T10:00", "18T11:00"),
      block("20T00:00", "20T01:00"),
      block("19T15:00", "19T16:00"),
      block("19T15:00", "19T16:00", "working-elsewhere"),
    ];
    expect(clipToWindow({ blocks, window })).toEqual([
      block("19T00:00", "19T02:00", "oof"),
      block("19T15:00", "19T16:00"),
      block("19T15:00", "19T16:00", "working-elsewhere"),
      block("19T23:00", "20T00:00", "tentative"),
    ]);
  });
});

describe("mapWithConcurrency", () => {
  it("never runs more than the limit at once and keeps the items' order", async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithConcurrency({
      items: [5, 1, 4, 2, 3, 1, 2],
      limit: 3,
      run: async (ms) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, ms * 5));
        running -= 1;
        return ms * 10;
      },
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 10, 20]);
    expect(peak).toBe(3);
  });
});
