import { describe, expect, it } from "vitest";
import { offerableWindow } from "./offerable-window";
import type { SlotRules } from "./rules";
import { DAY_MS, MINUTE_MS } from "./zone-clock";

const now = Date.UTC(2030, 0, 7, 12);
const rules: SlotRules = {
  lengthMinutes: 30,
  slotIntervalMinutes: null,
  beforeBufferMinutes: 0,
  afterBufferMinutes: 0,
  minimumNoticeMinutes: 240,
  horizonDays: 14,
  dailyLimit: null,
};
const earliest = now + 240 * MINUTE_MS;
const latest = now + 14 * DAY_MS;

describe("offerableWindow", () => {
  it("cuts a window down to minimum notice … horizon", () => {
    expect(offerableWindow({ rules, now, window: { start: now - 30 * DAY_MS, end: now + 30 * DAY_MS } })).toEqual({
      start: earliest,
      end: latest,
    });
    const inside = { start: now + DAY_MS, end: now + 2 * DAY_MS };
    expect(offerableWindow({ rules, now, window: inside })).toEqual(inside);
  });

  it("is empty for windows wholly in the past, inside the notice or past the horizon", () => {
    for (const window of [
      { start: Date.UTC(1990, 0, 1), end: Date.UTC(1990, 1, 1) },
      { start: now, end: earliest },
      { start: latest, end: latest + DAY_MS },
      { start: Date.UTC(2099, 5, 1), end: Date.UTC(2099, 7, 1) },
    ]) {
      const offered = offerableWindow({ rules, now, window });
      expect(offered.start, JSON.stringify(window)).toBeGreaterThanOrEqual(offered.end);
    }
  });

  it("has no end of its own without a horizon", () => {
    const far = { start: now, end: Date.UTC(2199, 0, 1) };
    expect(offerableWindow({ rules: { ...rules, horizonDays: null }, now, window: far })).toEqual({
      start: earliest,
      end: far.end,
    });
  });
});
