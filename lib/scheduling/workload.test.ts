import { describe, expect, it } from "vitest";
import { parseWorkload, replayWorkload, type Workload } from "./workload";

// Two mornings in London (GMT, before the March change): 09:00–12:00, hour-long slots every 30 minutes,
// 10 minutes' buffer before and 15 after, 90 minutes' notice from 07:00 (so 09:00 is the first start).
const workload = {
  timeZone: "Europe/London",
  range: { startTime: "2030-03-04T00:00:00Z", endTime: "2030-03-06T00:00:00Z" },
  schedulingType: "ROUND_ROBIN",
  now: "2030-03-04T07:00:00Z",
  rules: {
    days: [1, 2],
    startMinute: 540,
    endMinute: 720,
    lengthMinutes: 60,
    slotIntervalMinutes: 30,
    beforeBufferMinutes: 10,
    afterBufferMinutes: 15,
    minimumNoticeMinutes: 90,
    dailyLimit: null,
  },
  hosts: [
    // Busy 10:00–10:30 on Monday: with the buffers, only 11:00 is left that morning.
    { id: "ann", busy: [{ start: "2030-03-04T10:00:00Z", end: "2030-03-04T10:30:00Z" }] },
    // Busy 09:00–11:00 on Tuesday (written with an offset): nothing left that morning.
    {
      id: "ben",
      busy: [
        { start: "2030-03-05T10:00:00+01:00", end: "2030-03-05T11:00:00Z" },
        { start: "2030-03-05T09:30:00Z", end: "2030-03-05T10:00:00Z" },
      ],
    },
  ],
};

const replay = (json: unknown) => {
  const parsed = parseWorkload(json);
  if (!parsed.ok) throw new Error(parsed.message);
  return replayWorkload({ workload: parsed.workload, fallbackNow: 0 }).slots;
};

const monday = (times: string[]) => times.map((time) => `2030-03-04T${time}:00.000Z`);
const tuesday = (times: string[]) => times.map((time) => `2030-03-05T${time}:00.000Z`);
const allMorning = ["09:00", "09:30", "10:00", "10:30", "11:00"];

describe("replayWorkload", () => {
  it("round robin: a slot when either host is free", () => {
    expect(replay(workload)).toEqual([...monday(allMorning), ...tuesday(allMorning)]);
  });

  it("collective: a slot only when both are", () => {
    expect(replay({ ...workload, schedulingType: "COLLECTIVE" })).toEqual(monday(["11:00"]));
  });

  it("one host (schedulingType null)", () => {
    expect(replay({ ...workload, schedulingType: null, hosts: [workload.hosts[0]] })).toEqual([
      ...monday(["11:00"]),
      ...tuesday(allMorning),
    ]);
  });

  it("takes the caller's clock when the file has none", () => {
    const { now: _, ...withoutNow } = workload;
    const parsed = parseWorkload(withoutNow);
    if (!parsed.ok) throw new Error(parsed.message);
    const clock = Date.parse("2030-03-05T09:00:00Z");
    expect(replayWorkload({ workload: parsed.workload, fallbackNow: clock }).slots).toEqual(
      tuesday(["10:30", "11:00"]),
    );
  });
});

describe("parseWorkload", () => {
  const errorOf = (json: unknown) => {
    const parsed = parseWorkload(json);
    return parsed.ok ? "" : parsed.message;
  };

  it("names each problem and where it is", () => {
    const message = errorOf({
      ...workload,
      timeZone: "London",
      range: { startTime: "2030-03-04", endTime: "2030-03-06T00:00:00Z" },
      rules: { ...workload.rules, lengthMinutes: 0, days: [1, 8] },
    });
    expect(message).toContain("expected an IANA time zone name such as Europe/London\n  → at timeZone");
    expect(message).toContain("expected an ISO-8601 instant such as 2030-03-04T09:00:00Z\n  → at range.startTime");
    expect(message).toContain("→ at rules.lengthMinutes");
    expect(message).toContain("days are ISO weekdays, 1 (Monday) to 7 (Sunday)\n  → at rules.days[1]");
  });

  it("refuses several hosts without a scheduling type, a range ending first, and windows ending before they start", () => {
    expect(errorOf({ ...workload, schedulingType: null })).toContain(
      'null means one host, but there are 2: use "ROUND_ROBIN" or "COLLECTIVE"\n  → at schedulingType',
    );
    expect(
      errorOf({ ...workload, range: { startTime: "2030-03-06T00:00:00Z", endTime: "2030-03-04T00:00:00Z" } }),
    ).toContain("the range must end after it starts");
    expect(errorOf({ ...workload, rules: { ...workload.rules, startMinute: 720, endMinute: 540 } })).toBe(
      "Invalid workload:\nrules: Monday: the window 12:00–09:00 ends before it starts.\nrules: Tuesday: the window 12:00–09:00 ends before it starts.",
    );
  });

  it("warns about rules under which nothing could be booked", () => {
    const parsed = parseWorkload({ ...workload, rules: { ...workload.rules, lengthMinutes: 240 } });
    expect(parsed.ok && parsed.warnings).toEqual([
      "rules: The slot length (4 h) is longer than every window (the longest is 3 h): no slot fits.",
    ]);
  });

  it("keeps the types of the format", () => {
    const parsed = parseWorkload(workload);
    const typed: Workload | undefined = parsed.ok ? parsed.workload : undefined;
    expect(typed?.hosts.map((host) => host.id)).toEqual(["ann", "ben"]);
  });
});
