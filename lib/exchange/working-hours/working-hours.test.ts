import { describe, expect, it } from "vitest";
import type { FaultRule } from "@/ews-simulator/faults";
import { callControl, setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import { availabilityRequests, simulatorAccess } from "@/lib/availability/test-helpers";
import { accountsWithExtraMembers, mailboxesOf } from "@/lib/availability/testing/simulated-team";
import { fetchWorkingHours, type MailboxWorkingHours, type WorkingHoursResult } from "./working-hours";

const accounts = accountsWithExtraMembers(240);
const simulator = setUpTestSimulator({ accounts: () => accounts, clearLogEach: true });
const everyone = mailboxesOf(accounts);
const now = new Date();

/** The seed people's zones and hours (ews-simulator/data/people.ts), as a booking page would configure them. */
const PEOPLE: Record<string, { zone: string; days: number[]; start: number; end: number }> = {
  "alice@contoso.test": { zone: "Europe/London", days: [1, 2, 3, 4, 5], start: 540, end: 1050 },
  "bob@contoso.test": { zone: "America/New_York", days: [1, 2, 3, 4, 5], start: 480, end: 960 },
  "dev@contoso.test": { zone: "Asia/Kolkata", days: [1, 2, 3, 4, 5], start: 600, end: 1110 },
  "emma@contoso.test": { zone: "Australia/Sydney", days: [1, 2, 3, 4, 5], start: 510, end: 1020 },
  "farid@contoso.test": { zone: "Asia/Dubai", days: [1, 2, 3, 4, 7], start: 480, end: 1020 },
  "ines@contoso.test": { zone: "America/Sao_Paulo", days: [1, 2, 3, 4, 5], start: 540, end: 1080 },
  "lena@contoso.test": { zone: "UTC", days: [1, 2, 3, 4, 5], start: 420, end: 900 },
};

function expected(mailbox: string, timeZone?: string): MailboxWorkingHours {
  const person = PEOPLE[mailbox];
  if (!person) throw new Error(`no settings for ${mailbox}`);
  const window = { startMinute: person.start, endMinute: person.end };
  return { timeZone: timeZone ?? person.zone, weekly: Object.fromEntries(person.days.map((day) => [day, [window]])) };
}

function hoursOf(result: WorkingHoursResult) {
  if (!result.ok) throw new Error(`lookup failed: ${result.failure.reason}`);
  return result.hours;
}

async function addFault(rule: FaultRule) {
  expect((await callControl({ simulator, method: "POST", path: "/faults", body: rule })).status).toBe(201);
}

describe("fetchWorkingHours against the simulator", () => {
  it("reads each person's Exchange working hours in their configured zone, in one FreeBusy request", async () => {
    const mailboxes = Object.keys(PEOPLE);
    const preferredTimeZones = Object.fromEntries(mailboxes.map((m) => [m, PEOPLE[m]?.zone ?? ""]));
    const result = await fetchWorkingHours({ ...simulatorAccess({ simulator }), mailboxes, preferredTimeZones, now });
    expect(hoursOf(result)).toEqual(Object.fromEntries(mailboxes.map((m) => [m, expected(m)])));
    const requests = await availabilityRequests(simulator);
    expect(requests.map((r) => [r.status, r.requestedView, r.mailboxes])).toEqual([[200, "FreeBusy", mailboxes]]);
  });

  it("finds the zone from Exchange's rule when the configured one disagrees or is missing", async () => {
    const mailboxes = [
      "Alice@Contoso.test",
      "bob@contoso.test",
      "emma@contoso.test",
      "dev@contoso.test",
      "lena@contoso.test",
    ];
    const result = await fetchWorkingHours({
      ...simulatorAccess({ simulator }),
      mailboxes,
      // Alice's page says Paris, Emma's Brisbane (no daylight saving): Exchange knows better.
      preferredTimeZones: { "alice@contoso.test": "Europe/Paris", "emma@contoso.test": "Australia/Brisbane" },
      now,
    });
    expect(hoursOf(result)).toEqual({
      "alice@contoso.test": expected("alice@contoso.test", "Europe/London"),
      "bob@contoso.test": expected("bob@contoso.test", "America/New_York"),
      "emma@contoso.test": expected("emma@contoso.test", "Australia/Sydney"),
      "dev@contoso.test": expected("dev@contoso.test", "Asia/Calcutta"),
      "lena@contoso.test": expected("lena@contoso.test", "Etc/UTC"),
    });
  });

  it("has no hours for a mailbox that shares nothing or does not exist, unless it is the one asking", async () => {
    const mailboxes = ["kiri@contoso.test", "nobody@contoso.test", "bob@contoso.test"];
    const preferredTimeZones = { "kiri@contoso.test": "Pacific/Auckland", "bob@contoso.test": "America/New_York" };
    const asService = await fetchWorkingHours({
      ...simulatorAccess({ simulator }),
      mailboxes,
      preferredTimeZones,
      now,
    });
    expect(hoursOf(asService)).toEqual({
      "kiri@contoso.test": null,
      "nobody@contoso.test": null,
      "bob@contoso.test": expected("bob@contoso.test"),
    });
    const asKiri = await fetchWorkingHours({
      ...simulatorAccess({ simulator, actAs: "kiri@contoso.test" }),
      mailboxes: ["kiri@contoso.test"],
      preferredTimeZones,
      now,
    });
    const weekday = [{ startMinute: 540, endMinute: 1020 }];
    expect(hoursOf(asKiri)).toEqual({
      "kiri@contoso.test": {
        timeZone: "Pacific/Auckland",
        weekly: { 1: weekday, 2: weekday, 3: weekday, 4: weekday, 5: weekday },
      },
    });
  });

  it("asks for at most 100 mailboxes per request, and a failed request leaves only its mailboxes without hours", async () => {
    const mailboxes = everyone.slice(0, 250);
    const all = hoursOf(
      await fetchWorkingHours({ ...simulatorAccess({ simulator }), mailboxes, preferredTimeZones: {}, now }),
    );
    expect(Object.keys(all)).toEqual(mailboxes);
    expect(mailboxes.filter((m) => all[m] === null)).toEqual(["kiri@contoso.test"]);
    // The extra members have the simulator's default: UTC, 09:00–17:00 on weekdays.
    expect(all["member-200@contoso.test"]).toEqual({
      timeZone: "Etc/UTC",
      weekly: Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ startMinute: 540, endMinute: 1020 }]])),
    });
    expect((await availabilityRequests(simulator)).map((r) => r.mailboxes?.length).sort()).toEqual([100, 100, 50]);

    await addFault({
      mailbox: everyone[150],
      operation: "GetUserAvailability",
      action: { kind: "http-error", status: 500 },
    });
    const partly = hoursOf(
      await fetchWorkingHours({ ...simulatorAccess({ simulator }), mailboxes, preferredTimeZones: {}, now }),
    );
    expect(mailboxes.slice(100, 200).every((m) => partly[m] === null)).toBe(true);
    expect(mailboxes.slice(200).every((m) => partly[m] !== null)).toBe(true);
    expect(partly["alice@contoso.test"]).toEqual(expected("alice@contoso.test"));
  });

  it("waits out ErrorServerBusy, and reports a connection that fails everywhere as one failure", async () => {
    await addFault({ operation: "GetUserAvailability", action: { kind: "server-busy", backOffMs: 200 }, times: 1 });
    const retried = await fetchWorkingHours({
      ...simulatorAccess({ simulator }),
      mailboxes: ["bob@contoso.test"],
      preferredTimeZones: {},
      now,
    });
    expect(hoursOf(retried)).toEqual({ "bob@contoso.test": expected("bob@contoso.test") });
    expect((await availabilityRequests(simulator)).map((r) => r.fault ?? "none")).toEqual(["server-busy", "none"]);

    const access = simulatorAccess({ simulator });
    const wrong = await fetchWorkingHours({
      ...access,
      account: { ...access.account, password: "not-the-password" },
      mailboxes: everyone.slice(0, 150),
      preferredTimeZones: {},
      now,
    });
    expect(wrong).toMatchObject({ ok: false, failure: { reason: "wrong-password" } });
    expect(JSON.stringify(wrong)).not.toContain("not-the-password");
  });

  it("asks nothing for no mailboxes", async () => {
    expect(
      await fetchWorkingHours({ ...simulatorAccess({ simulator }), mailboxes: [" "], preferredTimeZones: {}, now }),
    ).toEqual({ ok: true, hours: {} });
    expect(await availabilityRequests(simulator)).toEqual([]);
  });
});
