import { describe, expect, it } from "vitest";
import { toHostSchedule, toSlotRules } from "./to-engine";

describe("toSlotRules", () => {
  it("maps a stored page's columns to the engine's rules", () => {
    expect(
      toSlotRules({
        durationMinutes: 45,
        slotIntervalMinutes: null,
        bufferBeforeMinutes: 10,
        bufferAfterMinutes: 5,
        minimumNoticeMinutes: 240,
        horizonDays: 60,
        dailyLimit: 3,
        blockTentative: false,
        blockWorkingElsewhere: true,
      }),
    ).toEqual({
      lengthMinutes: 45,
      slotIntervalMinutes: null,
      beforeBufferMinutes: 10,
      afterBufferMinutes: 5,
      minimumNoticeMinutes: 240,
      horizonDays: 60,
      dailyLimit: 3,
      tentativeBlocks: false,
      workingElsewhereBlocks: true,
    });
  });
});

describe("toHostSchedule", () => {
  const host = {
    userId: "a",
    timeZone: "Europe/Berlin",
    useExchangeWorkingHours: false,
    weeklyHours: [
      { day: 1, startMinute: 780, endMinute: 1020 },
      { day: 1, startMinute: 540, endMinute: 720 },
      { day: 5, startMinute: 540, endMinute: 600 },
    ],
  };

  it("groups weekly windows by weekday and keys this host's overrides by date (others' are ignored)", () => {
    const schedule = toHostSchedule({
      host,
      overrides: [
        { userId: "a", date: "2030-01-07", windows: [] },
        { userId: "a", date: "2030-01-08", windows: [{ startMinute: 600, endMinute: 660 }] },
        { userId: "b", date: "2030-01-09", windows: [] },
      ],
    });
    expect(schedule).toEqual({
      timeZone: "Europe/Berlin",
      weekly: {
        1: [
          { startMinute: 780, endMinute: 1020 },
          { startMinute: 540, endMinute: 720 },
        ],
        5: [{ startMinute: 540, endMinute: 600 }],
      },
      overrides: { "2030-01-07": [], "2030-01-08": [{ startMinute: 600, endMinute: 660 }] },
    });
  });

  it("uses Exchange working hours only when the host chose them and they were read", () => {
    const exchange = [{ day: 2, startMinute: 480, endMinute: 960 }];
    const onExchange = { ...host, useExchangeWorkingHours: true };
    expect(toHostSchedule({ host: onExchange, overrides: [], exchangeWorkingHours: exchange }).weekly).toEqual({
      2: [{ startMinute: 480, endMinute: 960 }],
    });
    expect(toHostSchedule({ host, overrides: [], exchangeWorkingHours: exchange }).weekly[2]).toBeUndefined();
  });
});
