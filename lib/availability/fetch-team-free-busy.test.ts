import { type AddressInfo, createServer } from "node:net";
import { DateTime as LuxonDateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { SEED_PEOPLE } from "@/ews-simulator/data/accounts";
import { eventCanaries } from "@/ews-simulator/data/seed";
import type { FaultRule } from "@/ews-simulator/faults";
import { callControl, setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import { fetchTeamFreeBusy } from "./fetch-team-free-busy";
import { availabilityRequests, simulatorAccess } from "./test-helpers";
import { accountsWithExtraMembers, days, mailboxesOf, thisMondayUtc } from "./testing/simulated-team";
import type { MemberFreeBusy, TeamFreeBusyResult } from "./types";

const accounts = accountsWithExtraMembers(240);
const simulator = setUpTestSimulator({ accounts: () => accounts, clearLogEach: true });

const monday = thisMondayUtc();
const week = { start: monday, end: days(monday, 7) };
const everyone = mailboxesOf(accounts);

async function addFault(rule: FaultRule) {
  expect((await callControl({ simulator, method: "POST", path: "/faults", body: rule })).status).toBe(201);
}

function membersOf(result: TeamFreeBusyResult): readonly MemberFreeBusy[] {
  if (!result.ok) throw new Error(`lookup failed: ${result.failure.reason}`);
  return result.members;
}

function member(result: TeamFreeBusyResult, mailbox: string): MemberFreeBusy {
  const found = membersOf(result).find((m) => m.mailbox === mailbox);
  if (!found) throw new Error(`no row for ${mailbox}`);
  return found;
}

describe("fetchTeamFreeBusy against the simulator", () => {
  it("returns each member's busy blocks as UTC instants, sorted and inside the window", async () => {
    const mailboxes = ["alice@contoso.test", "bob@contoso.test", "dev@contoso.test", "emma@contoso.test"];
    const result = await fetchTeamFreeBusy({ ...simulatorAccess({ simulator }), mailboxes, window: week });
    expect(membersOf(result).map((m) => [m.mailbox, m.status])).toEqual(mailboxes.map((m) => [m, "ok"]));
    const statuses = new Set<string>();
    for (const row of membersOf(result)) {
      expect(row.busy.length).toBeGreaterThan(3);
      const starts = row.busy.map((b) => b.start);
      expect(starts).toEqual([...starts].sort());
      for (const block of row.busy) {
        expect(Object.keys(block).sort()).toEqual(["end", "start", "status"]);
        expect(block.start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(Date.parse(block.start)).toBeGreaterThanOrEqual(week.start.getTime());
        expect(Date.parse(block.end)).toBeLessThanOrEqual(week.end.getTime());
        expect(Date.parse(block.end)).toBeGreaterThan(Date.parse(block.start));
        statuses.add(block.status);
      }
    }
    // The seed has busy, tentative (next week), out-of-office and free events this week; free ones never show.
    expect(statuses).toContain("busy");
    expect(statuses).toContain("oof");
    expect(statuses).not.toContain("free");
  });

  it("clips blocks to a window that does not start or end at midnight", async () => {
    const window = { start: new Date(monday.getTime() + 10.5 * 3_600_000), end: days(monday, 2) };
    const whole = member(
      await fetchTeamFreeBusy({ ...simulatorAccess({ simulator }), mailboxes: ["lena@contoso.test"], window: week }),
      "lena@contoso.test",
    );
    const clipped = member(
      await fetchTeamFreeBusy({ ...simulatorAccess({ simulator }), mailboxes: ["lena@contoso.test"], window }),
      "lena@contoso.test",
    );
    const expected = whole.busy
      .map((b) => ({
        ...b,
        start: new Date(Math.max(Date.parse(b.start), window.start.getTime())).toISOString(),
        end: new Date(Math.min(Date.parse(b.end), window.end.getTime())).toISOString(),
      }))
      .filter((b) => b.end > b.start);
    expect(clipped.busy).toEqual(expected);
    expect(clipped.busy.length).toBeGreaterThan(0);
  });

  it("asks for the FreeBusy view only and no event detail reaches the result", async () => {
    // Jonas grants the service account subjects and locations; the result must still carry none.
    const result = await fetchTeamFreeBusy({
      ...simulatorAccess({ simulator }),
      mailboxes: SEED_PEOPLE.map((p) => p.email),
      window: { start: days(monday, -7), end: days(monday, 28) },
    });
    const json = JSON.stringify(result);
    const canaries = eventCanaries(accounts);
    expect(canaries.length).toBeGreaterThan(1000);
    expect(canaries.filter((canary) => json.includes(canary))).toEqual([]);
    expect(json).not.toMatch(/CANARY-/);
    const requests = await availabilityRequests(simulator);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.map((r) => r.requestedView)).toEqual(requests.map(() => "FreeBusy"));
  });

  it("sends one EWS request per 100 mailboxes", async () => {
    const mailboxes = everyone.slice(0, 250);
    const result = await fetchTeamFreeBusy({ ...simulatorAccess({ simulator }), mailboxes, window: week });
    expect(membersOf(result)).toHaveLength(250);
    expect(membersOf(result).filter((m) => m.status !== "ok")).toEqual([
      expect.objectContaining({ mailbox: "kiri@contoso.test", status: "no-data" }),
    ]);
    const requests = await availabilityRequests(simulator);
    expect(requests.map((r) => r.mailboxes?.length).sort()).toEqual([100, 100, 50]);
    expect(new Set(requests.flatMap((r) => r.mailboxes))).toEqual(new Set(mailboxes));
  });

  it("treats one address in another case, or twice, as one member", async () => {
    const result = await fetchTeamFreeBusy({
      ...simulatorAccess({ simulator }),
      mailboxes: ["Bob@Contoso.test", "bob@contoso.test ", "alice@contoso.test"],
      window: week,
    });
    expect(membersOf(result).map((m) => m.mailbox)).toEqual(["bob@contoso.test", "alice@contoso.test"]);
    expect((await availabilityRequests(simulator)).map((r) => r.mailboxes)).toEqual([
      ["bob@contoso.test", "alice@contoso.test"],
    ]);
  });

  it("splits a window longer than 42 days and merges the pieces, an event across their edge once", async () => {
    // Hiro's all-day offsite (day 16 of his week, Tokyo time) runs 15:00Z to 15:00Z: put the edge inside it.
    const offsite = LuxonDateTime.now().setZone("Asia/Tokyo").startOf("week").plus({ days: 16 });
    const offsiteBlock = {
      start: offsite.toUTC().toISO(),
      end: offsite.plus({ days: 1 }).toUTC().toISO(),
      status: "busy",
    };
    const edge = new Date(Date.parse(offsiteBlock.end ?? "") - 15 * 3_600_000);
    const long = { start: days(edge, -42), end: days(edge, 7) };
    const mailboxes = ["alice@contoso.test", "hiro@contoso.test"];
    const result = await fetchTeamFreeBusy({ ...simulatorAccess({ simulator }), mailboxes, window: long });
    const requests = await availabilityRequests(simulator);
    expect(requests).toHaveLength(2);
    expect(requests.every((r) => r.status === 200)).toBe(true);
    expect(member(result, "hiro@contoso.test").busy.filter((b) => b.start === offsiteBlock.start)).toEqual([
      offsiteBlock,
    ]);
    // The daily check-in runs from last week to six weeks ahead: blocks come from both pieces, each once.
    for (const mailbox of mailboxes) {
      const busy = member(result, mailbox).busy;
      const keys = busy.map((b) => `${b.start}/${b.end}/${b.status}`);
      expect(new Set(keys).size, keys.join("\n")).toBe(keys.length);
      expect(busy.some((b) => Date.parse(b.start) < edge.getTime())).toBe(true);
      expect(busy.some((b) => Date.parse(b.start) >= edge.getTime())).toBe(true);
    }
  });

  it("reports a mailbox that shares nothing as no-data, and an unknown one as an error on its row only", async () => {
    const result = await fetchTeamFreeBusy({
      ...simulatorAccess({ simulator, user: "alice" }),
      mailboxes: ["bob@contoso.test", "kiri@contoso.test", "nobody@contoso.test", "chloe@contoso.test"],
      window: week,
    });
    expect(membersOf(result).map(({ mailbox, status }) => ({ mailbox, status }))).toEqual([
      { mailbox: "bob@contoso.test", status: "ok" },
      { mailbox: "kiri@contoso.test", status: "no-data" },
      { mailbox: "nobody@contoso.test", status: "error" },
      { mailbox: "chloe@contoso.test", status: "ok" },
    ]);
    expect(member(result, "nobody@contoso.test")).toEqual({
      mailbox: "nobody@contoso.test",
      status: "error",
      busy: [],
      error: "mailbox-not-found",
    });
    expect(member(result, "kiri@contoso.test").busy).toEqual([]);
  });

  it("applies the impersonated mailbox's permissions, and Kiri sees her own calendar", async () => {
    const asKiri = await fetchTeamFreeBusy({
      ...simulatorAccess({ simulator, actAs: "kiri@contoso.test" }),
      mailboxes: ["kiri@contoso.test"],
      window: week,
    });
    expect(member(asKiri, "kiri@contoso.test").status).toBe("ok");
    expect((await availabilityRequests(simulator))[0]?.impersonating).toBe("kiri@contoso.test");
  });

  it("waits out ErrorServerBusy's BackOffMilliseconds, then succeeds", async () => {
    await addFault({ operation: "GetUserAvailability", action: { kind: "server-busy", backOffMs: 400 }, times: 1 });
    const started = performance.now();
    const result = await fetchTeamFreeBusy({
      ...simulatorAccess({ simulator }),
      mailboxes: ["bob@contoso.test"],
      window: week,
    });
    expect(member(result, "bob@contoso.test").status).toBe("ok");
    const requests = await availabilityRequests(simulator);
    expect(requests.map((r) => r.fault ?? "none")).toEqual(["server-busy", "none"]);
    expect(Date.parse(requests[1]?.at ?? "") - Date.parse(requests[0]?.at ?? "")).toBeGreaterThanOrEqual(400);
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
  });

  it("gives up with server-busy after two retries", async () => {
    await addFault({ operation: "GetUserAvailability", action: { kind: "server-busy", backOffMs: 100 } });
    const result = await fetchTeamFreeBusy({
      ...simulatorAccess({ simulator }),
      mailboxes: ["bob@contoso.test"],
      window: week,
    });
    expect(result).toEqual({ ok: false, failure: expect.objectContaining({ reason: "server-busy" }) });
    expect(await availabilityRequests(simulator)).toHaveLength(3);
  });

  it("does not wait longer than its budget when Exchange asks for a long pause", async () => {
    await addFault({ operation: "GetUserAvailability", action: { kind: "server-busy", backOffMs: 60_000 } });
    const started = performance.now();
    const result = await fetchTeamFreeBusy({
      ...simulatorAccess({ simulator }),
      mailboxes: ["bob@contoso.test"],
      window: week,
    });
    expect(result).toMatchObject({ ok: false, failure: { reason: "server-busy" } });
    expect(await availabilityRequests(simulator)).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("fails only the members of a request that kept failing, when other requests succeeded", async () => {
    // A fault keyed on one mailbox hits the request that carries it: the second hundred.
    await addFault({
      mailbox: everyone[150],
      operation: "GetUserAvailability",
      action: { kind: "http-error", status: 500 },
    });
    const result = await fetchTeamFreeBusy({
      ...simulatorAccess({ simulator }),
      mailboxes: everyone.slice(0, 250),
      window: week,
    });
    const rows = membersOf(result);
    expect(rows.slice(100, 200).every((m) => m.status === "error" && m.error === "unexpected")).toBe(true);
    expect(rows.slice(0, 100).filter((m) => m.status === "error")).toEqual([]);
    expect(rows.slice(200).filter((m) => m.status === "error")).toEqual([]);
  });

  it("times out a server that does not answer within the limit", async () => {
    await addFault({ operation: "GetUserAvailability", latency: { fixedMs: 3_000 } });
    const started = performance.now();
    const result = await fetchTeamFreeBusy({
      ...simulatorAccess({ simulator, timeoutMs: 500 }),
      mailboxes: ["bob@contoso.test"],
      window: week,
    });
    expect(result).toMatchObject({ ok: false, failure: { reason: "timeout" } });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("reports a wrong password and an unreachable server as one connection failure", async () => {
    const access = simulatorAccess({ simulator });
    const wrong = await fetchTeamFreeBusy({
      ...access,
      account: { ...access.account, password: "not-the-password" },
      mailboxes: everyone.slice(0, 150),
      window: week,
    });
    expect(wrong).toMatchObject({ ok: false, failure: { reason: "wrong-password" } });
    expect(JSON.stringify(wrong)).not.toContain("not-the-password");
    const unreachable = await fetchTeamFreeBusy({
      ...access,
      ewsUrl: `https://localhost:${await closedPort()}/EWS/Exchange.asmx`,
      mailboxes: ["bob@contoso.test"],
      window: week,
    });
    expect(unreachable).toMatchObject({ ok: false, failure: { reason: "unreachable" } });
  });

  it("refuses a window that ends before it starts, and asks nothing for no mailboxes", async () => {
    await expect(
      fetchTeamFreeBusy({
        ...simulatorAccess({ simulator }),
        mailboxes: ["bob@contoso.test"],
        window: { start: week.end, end: week.start },
      }),
    ).rejects.toThrow(RangeError);
    expect(await fetchTeamFreeBusy({ ...simulatorAccess({ simulator }), mailboxes: [" "], window: week })).toEqual({
      ok: true,
      members: [],
    });
    expect(await availabilityRequests(simulator)).toEqual([]);
  });
});

/** A loopback port nothing listens on (the allow-list opens unprivileged ports only). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
