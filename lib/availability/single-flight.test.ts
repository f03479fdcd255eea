import { describe, expect, it } from "vitest";
import { callControl, setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import { simulatorConfig } from "@/lib/calendars/test-helpers";
import type { EwsAccess } from "@/lib/exchange";
import { fetchTeamFreeBusy } from "./fetch-team-free-busy";
import { teamLookupKey } from "./lookup-key";
import { createSingleFlight } from "./single-flight";
import { availabilityRequests, simulatorAccess } from "./test-helpers";
import { days, thisMondayUtc } from "./testing/simulated-team";

const simulator = setUpTestSimulator({ clearLogEach: true });
const monday = thisMondayUtc();
const week = { start: monday, end: days(monday, 7) };
const mailboxes = ["alice@contoso.test", "bob@contoso.test", "hiro@contoso.test"];

describe("createSingleFlight", () => {
  it("shares a running promise per key, rejections included, and forgets it once settled", async () => {
    const flight = createSingleFlight<number>();
    let starts = 0;
    const slow = () => {
      starts += 1;
      return new Promise<number>((resolve) => setTimeout(() => resolve(starts), 20));
    };
    const [a, b] = await Promise.all([flight.run({ key: "k", start: slow }), flight.run({ key: "k", start: slow })]);
    expect([a, b, starts, flight.size]).toEqual([1, 1, 1, 0]);
    expect(await flight.run({ key: "k", start: slow })).toBe(2);

    const failing = () => Promise.reject(new Error("down"));
    const both = [flight.run({ key: "f", start: failing }), flight.run({ key: "f", start: slow })];
    await expect(Promise.all(both)).rejects.toThrow("down");
    expect(flight.size).toBe(0);
  });
});

describe("teamLookupKey", () => {
  const access: EwsAccess = {
    ewsUrl: "https://mail.contoso.test/EWS/Exchange.asmx",
    account: { username: "CONTOSO\\svc-slotbridge", password: "Secret-Pass-1", authMethod: "auto" },
    caPem: undefined,
    config: simulatorConfig(),
  };

  it("does not contain the password, yet differs when only the password differs", () => {
    const key = teamLookupKey({ access, mailboxes, window: week });
    expect(key).not.toContain(access.account.password);
    expect(Buffer.from(key, "base64url").toString("latin1")).not.toContain(access.account.password);
    const other = { ...access, account: { ...access.account, password: "Other-Pass-2" } };
    expect(teamLookupKey({ access: other, mailboxes, window: week })).not.toBe(key);
  });

  it("ignores the order of mailboxes but not the window, the impersonation or the trusted CAs", () => {
    const key = teamLookupKey({ access, mailboxes, window: week });
    expect(teamLookupKey({ access, mailboxes: [...mailboxes].reverse(), window: week })).toBe(key);
    expect(teamLookupKey({ access, mailboxes, window: { ...week, end: days(monday, 8) } })).not.toBe(key);
    expect(teamLookupKey({ access: { ...access, actAs: "alice@contoso.test" }, mailboxes, window: week })).not.toBe(
      key,
    );
    expect(teamLookupKey({ access: { ...access, caPem: "other CA" }, mailboxes, window: week })).not.toBe(key);
  });
});

describe("fetchTeamFreeBusy shares concurrent identical lookups", () => {
  it("makes one EWS call for 50 concurrent viewers of the same week, and a new one after it settled", async () => {
    // Latency keeps the first call in flight while the others arrive.
    await callControl({
      simulator,
      method: "POST",
      path: "/faults",
      body: { operation: "GetUserAvailability", latency: { fixedMs: 200 } },
    });
    const lookup = (order: string[]) =>
      fetchTeamFreeBusy({ ...simulatorAccess({ simulator }), mailboxes: order, window: week });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => lookup(i % 2 === 0 ? mailboxes : [...mailboxes].reverse())),
    );
    expect(await availabilityRequests(simulator)).toHaveLength(1);
    expect(new Set(results).size).toBe(1);
    expect(results[0]?.ok).toBe(true);

    await lookup(mailboxes);
    expect(await availabilityRequests(simulator)).toHaveLength(2);
  });

  it("does not share between different viewers' credentials or different windows", async () => {
    await Promise.all([
      fetchTeamFreeBusy({ ...simulatorAccess({ simulator }), mailboxes, window: week }),
      fetchTeamFreeBusy({ ...simulatorAccess({ simulator, user: "alice" }), mailboxes, window: week }),
      fetchTeamFreeBusy({ ...simulatorAccess({ simulator }), mailboxes, window: { ...week, end: days(monday, 6) } }),
    ]);
    const accounts = (await availabilityRequests(simulator)).map((r) => r.account).sort();
    expect(accounts).toEqual(["alice@contoso.test", "svc-slotbridge@contoso.test", "svc-slotbridge@contoso.test"]);
  });

  it("hands out a frozen result, so one viewer cannot change what another renders", async () => {
    const result = await fetchTeamFreeBusy({ ...simulatorAccess({ simulator }), mailboxes, window: week });
    if (!result.ok) throw new Error("lookup failed");
    const [first] = result.members;
    expect(Object.isFrozen(result.members)).toBe(true);
    expect(Object.isFrozen(first?.busy)).toBe(true);
    expect(Object.isFrozen(first?.busy[0])).toBe(true);
  });
});
