import { describe, expect, it } from "vitest";
import { blockedTime, busyFromBlocks } from "./busy";
import { getAvailableSlots } from "./get-slots";
import type { SchedulingHost, SlotQuery, SlotRules } from "./rules";

const at = (iso: string) => Date.parse(iso);
const rules: SlotRules = {
  lengthMinutes: 30,
  slotIntervalMinutes: null,
  beforeBufferMinutes: 0,
  afterBufferMinutes: 0,
  minimumNoticeMinutes: 0,
  horizonDays: null,
  dailyLimit: null,
};
const host = (busy: SchedulingHost["busy"], bookings: SchedulingHost["bookings"] = []): SchedulingHost => ({
  id: "host",
  schedule: { timeZone: "UTC", weekly: { 1: [{ startMinute: 540, endMinute: 660 }] } },
  busy,
  bookings,
});
const query = (h: SchedulingHost, override: Partial<SlotRules> = {}): SlotQuery => ({
  schedulingType: "single",
  rules: { ...rules, ...override },
  hosts: [h],
  window: { start: at("2030-03-04T00:00:00Z"), end: at("2030-03-05T00:00:00Z") },
  now: 0,
});
const starts = (q: SlotQuery) => getAvailableSlots(q).map((slot) => new Date(slot.start).toISOString().slice(11, 16));

describe("blocked time", () => {
  it("blocks by the millisecond, though it sorts whole seconds", () => {
    const until = (iso: string) => host([{ start: at("2030-03-04T09:10:00Z"), end: at(iso), status: "busy" }]);
    expect(starts(query(until("2030-03-04T09:30:00.000Z")))).toEqual(["09:30", "10:00", "10:30"]);
    expect(starts(query(until("2030-03-04T09:30:00.001Z")))).toEqual(["10:00", "10:30"]);
    const from = (iso: string) => host([{ start: at(iso), end: at("2030-03-04T10:15:00Z"), status: "busy" }]);
    expect(starts(query(from("2030-03-04T09:59:59.999Z")))).toEqual(["09:00", "10:30"]);
    expect(starts(query(from("2030-03-04T10:00:00.000Z")))).toEqual(["09:00", "09:30", "10:30"]);
  });

  it("widens busy time by the buffers: after-buffer before it, before-buffer after it", () => {
    const h = host([{ start: at("2030-03-04T10:00:00Z"), end: at("2030-03-04T10:15:00Z"), status: "busy" }]);
    // 09:30–10:00 needs 10:00–10:05 free for a 5-minute after-buffer.
    expect(starts(query(h, { afterBufferMinutes: 5 }))).toEqual(["09:00", "10:30"]);
    // 10:30 needs 10:15–10:30 free for a 15-minute before-buffer; 16 minutes reach the busy time.
    expect(starts(query(h, { beforeBufferMinutes: 15 }))).toEqual(["09:00", "09:30", "10:30"]);
    expect(starts(query(h, { beforeBufferMinutes: 16 }))).toEqual(["09:00", "09:30"]);
  });

  it("lets tentative and working-elsewhere time through only when told to; bookings always block", () => {
    const h = host(
      [
        { start: at("2030-03-04T09:00:00Z"), end: at("2030-03-04T09:30:00Z"), status: "tentative" },
        { start: at("2030-03-04T09:30:00Z"), end: at("2030-03-04T10:00:00Z"), status: "working-elsewhere" },
        { start: at("2030-03-04T10:00:00Z"), end: at("2030-03-04T10:30:00Z"), status: "oof" },
      ],
      [{ start: at("2030-03-04T10:30:00Z"), end: at("2030-03-04T11:00:00Z") }],
    );
    expect(starts(query(h))).toEqual([]);
    expect(starts(query(h, { tentativeBlocks: false }))).toEqual(["09:00"]);
    expect(starts(query(h, { tentativeBlocks: false, workingElsewhereBlocks: false }))).toEqual(["09:00", "09:30"]);
  });

  it("keeps a years-long absence whole, clipped to the windows", () => {
    const h = host([{ start: at("2000-01-01T00:00:00Z"), end: at("2100-01-01T00:00:00Z"), status: "oof" }]);
    expect(starts(query(h))).toEqual([]);
    const set = blockedTime({
      host: h,
      rules,
      windows: [{ start: at("2030-03-04T09:00:00Z"), end: at("2030-03-04T11:00:00Z") }],
    });
    expect(set.starts.length).toBe(1);
  });

  it("refuses busy time it cannot read rather than offering it", () => {
    expect(() => getAvailableSlots(query(host([{ start: Number.NaN, end: 0, status: "busy" }])))).toThrow(/not a pair/);
    const backwards = host([], [{ start: at("2030-03-04T10:00:00Z"), end: at("2030-03-04T09:00:00Z") }]);
    expect(() => getAvailableSlots(query(backwards))).toThrow(/start ≤ end/);
    expect(() => busyFromBlocks([{ start: "yesterday", end: "2030-03-04T09:00:00Z", status: "busy" }])).toThrow(
      /not a pair of ISO-8601 instants/,
    );
  });

  it("reads Exchange's busy blocks at the edge", () => {
    expect(
      busyFromBlocks([{ start: "2030-03-04T09:00:00Z", end: "2030-03-04T10:00:00.000+01:00", status: "tentative" }]),
    ).toEqual([{ start: at("2030-03-04T09:00:00Z"), end: at("2030-03-04T09:00:00Z"), status: "tentative" }]);
  });
});
