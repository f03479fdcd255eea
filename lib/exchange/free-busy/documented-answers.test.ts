import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { FaultRule } from "@/ews-simulator/faults";
import { callControl, setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import { SIM_PASSWORD, simulatorConfig } from "@/lib/calendars/test-helpers";
import type { DirectEwsAccess } from "../connection/access";
import { fetchWorkingHours } from "../working-hours/working-hours";
import { readFreeBusy } from "./read-free-busy";

/**
 * The app's own GetUserAvailability reader (free/busy and working hours) against the forms a real server
 * sends: Microsoft's documented answer over HTTPS, and the simulator's answers without their optional parts.
 */
const simulator = setUpTestSimulator();
const documented = readFileSync(
  new URL("../../../ews-simulator/examples/GetUserAvailability.response.wire.xml", import.meta.url),
  "utf8",
);

const access: DirectEwsAccess = {
  get ewsUrl() {
    return simulator.listeners.valid.url;
  },
  account: { username: "CONTOSO\\svc-slotbridge", password: SIM_PASSWORD, authMethod: "basic" },
  get caPem() {
    return simulator.caPem;
  },
  // The omit fault checks each thinned answer against the schema (~0.5 s on a busy machine).
  config: simulatorConfig({ timeoutMs: 10_000 }),
};

async function addFault(rule: FaultRule) {
  expect((await callControl({ simulator, method: "POST", path: "/faults", body: rule })).status).toBe(201);
}

const replayDocumented = () =>
  addFault({
    operation: "GetUserAvailability",
    action: { kind: "replay", status: 200, contentType: "text/xml; charset=utf-8", body: documented },
  });

describe("Microsoft's documented GetUserAvailability answer", () => {
  const day = { start: new Date("2006-10-16T00:00:00Z"), end: new Date("2006-10-17T00:00:00Z") };

  it("gives each mailbox its busy times, whatever view the server granted (DetailedMerged, FreeBusyMerged)", async () => {
    await replayDocumented();
    const result = await readFreeBusy({
      ...access,
      mailboxes: ["user1@example.com", "user2@example.com"],
      window: day,
    });
    expect(result).toEqual({
      ok: true,
      mailboxes: [
        {
          mailbox: "user1@example.com",
          status: "ok",
          busy: [
            { start: "2006-10-16T13:00:00.000Z", end: "2006-10-16T13:30:00.000Z", status: "busy" },
            { start: "2006-10-16T14:00:00.000Z", end: "2006-10-16T15:00:00.000Z", status: "busy" },
            { start: "2006-10-16T16:40:00.000Z", end: "2006-10-16T17:10:00.000Z", status: "busy" },
          ],
        },
        {
          mailbox: "user2@example.com",
          status: "ok",
          busy: [{ start: "2006-10-16T16:00:00.000Z", end: "2006-10-16T17:00:00.000Z", status: "tentative" }],
        },
      ],
    });
  });

  it("gives each mailbox its working hours, the 2006 Pacific rule agreeing with the host's zone", async () => {
    await replayDocumented();
    const result = await fetchWorkingHours({
      ...access,
      mailboxes: ["user1@example.com", "user2@example.com"],
      preferredTimeZones: { "user1@example.com": "America/Los_Angeles" },
      now: new Date("2006-10-16T12:00:00Z"),
    });
    const weekday = [{ startMinute: 480, endMinute: 1020 }];
    expect(result).toMatchObject({
      ok: true,
      hours: {
        "user1@example.com": { timeZone: "America/Los_Angeles" },
        // No zone of its own: the first in CLDR's Windows table whose 2006 rules agree.
        "user2@example.com": { timeZone: "America/Tijuana" },
      },
    });
    const hours = result.ok ? result.hours["user1@example.com"] : null;
    expect(hours?.weekly).toEqual({ 1: weekday, 2: weekday, 3: weekday, 4: weekday, 5: weekday });
  });
});

describe("the simulator's GetUserAvailability answers without their optional parts", () => {
  const week = { start: new Date(), end: new Date(Date.now() + 7 * 86_400_000) };
  const read = () => readFreeBusy({ ...access, mailboxes: ["bob@contoso.test"], window: week });

  it("without ResponseCode and ServerVersionInfo: read as before (a bare Success is NoError)", async () => {
    const before = await read();
    expect(before.ok && before.mailboxes[0]?.status === "ok" && before.mailboxes[0].busy.length).toBeGreaterThan(0);
    await addFault({
      operation: "GetUserAvailability",
      action: { kind: "omit", elements: ["ResponseCode", "ServerVersionInfo"] },
    });
    expect(await read()).toEqual(before);
  });

  it("without CalendarEventArray and MergedFreeBusy: free all week; without WorkingHours: no hours, no failure", async () => {
    await addFault({
      operation: "GetUserAvailability",
      action: { kind: "omit", elements: ["CalendarEventArray", "MergedFreeBusy", "WorkingHours"] },
    });
    expect(await read()).toEqual({ ok: true, mailboxes: [{ mailbox: "bob@contoso.test", status: "ok", busy: [] }] });
    expect(
      await fetchWorkingHours({ ...access, mailboxes: ["bob@contoso.test"], preferredTimeZones: {}, now: new Date() }),
    ).toEqual({ ok: true, hours: { "bob@contoso.test": null } });
  });

  it("without the FreeBusyView: nothing shared, not an error", async () => {
    await addFault({ operation: "GetUserAvailability", action: { kind: "omit", elements: ["FreeBusyView"] } });
    const result = await read();
    expect(result).toMatchObject({ ok: true, mailboxes: [{ mailbox: "bob@contoso.test" }] });
    expect(result.ok && result.mailboxes[0]?.status).not.toBe("error");
  });
});
