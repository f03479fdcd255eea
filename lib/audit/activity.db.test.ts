import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { auditEvents, users } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { removeMember } from "@/lib/organisations/members";
import { addMember, newOrganisation } from "@/lib/organisations/test-helpers";
import { FORMER_MEMBER, loadActivity, SYSTEM_ACTOR } from "./activity";
import { exportActivity } from "./activity-export";
import { ACTIVITY_PER_PAGE, type ActivityQuery } from "./activity-query";
import { BY_PERSON, byActor, recordAuditEvent } from "./record";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let owner: CurrentUser;
let admin: CurrentUser;
let member: CurrentUser;
let stranger: CurrentUser;

const query = (extra: Partial<ActivityQuery> = {}): ActivityQuery => ({ p: 1, ...extra });

/** An event at a given time, written as recordAuditEvent writes it (which always stamps "now"). */
async function eventAt(input: {
  actor: CurrentUser | null;
  organisationId: string;
  action: Parameters<typeof recordAuditEvent>[0]["action"];
  at: string;
  detail?: Record<string, string>;
  targetId?: string;
}) {
  await db()
    .insert(auditEvents)
    .values({
      organisationId: input.organisationId,
      actorUserId: input.actor?.userId ?? null,
      action: input.action,
      targetId: input.targetId ?? null,
      outcome: "ok",
      detail: { ...input.detail, ...(input.actor ? { [BY_PERSON]: true } : {}) },
      createdAt: new Date(input.at),
    });
}

beforeAll(async () => {
  database = await createTestDatabase();
  owner = await newOrganisation();
  admin = await addMember(owner, "admin");
  member = await addMember(owner, "member");
  await db().update(users).set({ name: "Ada Admin" }).where(eq(users.id, admin.userId));
  stranger = await newOrganisation();
  // Set-up wrote invites and joins today; the tests below work in 2030.
  const org = owner.organisationId;
  await eventAt({
    actor: admin,
    organisationId: org,
    action: "booking-page.created",
    at: "2030-01-10T08:00:00Z",
    detail: { title: "Intro" },
  });
  await eventAt({
    actor: owner,
    organisationId: org,
    action: "member.role-changed",
    at: "2030-01-11T23:59:59Z",
    targetId: member.userId,
    detail: { from: "member", to: "admin" },
  });
  await eventAt({
    actor: admin,
    organisationId: org,
    action: "booking-page.published",
    at: "2030-01-12T00:00:00Z",
    detail: { title: "Intro" },
  });
  await eventAt({
    actor: null,
    organisationId: org,
    action: "connection.status-changed",
    at: "2030-01-13T09:00:00Z",
    detail: { mailbox: "room@contoso.test" },
  });
  await eventAt({
    actor: stranger,
    organisationId: stranger.organisationId,
    action: "booking-page.created",
    at: "2030-01-10T08:00:00Z",
    detail: { title: "Stranger page" },
  });
});
afterAll(() => database.drop());

describe("loadActivity", () => {
  it("lists the organisation's events newest first with who, what and about what", async () => {
    const { items } = await loadActivity({ actor: owner, query: query({ from: "2030-01-01" }) });
    expect(items.map((i) => [i.who, i.what, i.target, i.details])).toEqual([
      [SYSTEM_ACTOR, "Calendar status changed", "room@contoso.test", ""],
      ["Ada Admin", "Published a booking page", "Intro", ""],
      ["Owner", "Changed a role", "A member", "from: member · to: admin"],
      ["Ada Admin", "Created a booking page", "Intro", ""],
    ]);
  });

  it("filters by person, by action and by an inclusive range of UTC dates", async () => {
    const byAdmin = await loadActivity({ actor: owner, query: query({ person: admin.userId, from: "2030-01-01" }) });
    expect(byAdmin.items.map((i) => i.action)).toEqual(["booking-page.published", "booking-page.created"]);
    const published = await loadActivity({ actor: owner, query: query({ action: "booking-page.published" }) });
    expect(published.items.map((i) => i.action)).toEqual(["booking-page.published"]);
    const oneDay = await loadActivity({ actor: owner, query: query({ from: "2030-01-11", to: "2030-01-11" }) });
    expect(oneDay.items.map((i) => i.action)).toEqual(["member.role-changed"]);
    const range = await loadActivity({ actor: owner, query: query({ from: "2030-01-11", to: "2030-01-12" }) });
    expect(range.items.map((i) => i.action)).toEqual(["booking-page.published", "member.role-changed"]);
  });

  it("never shows another organisation's events, whatever the filters name", async () => {
    const everything = await loadActivity({ actor: owner, query: query() });
    expect(everything.items.some((i) => i.target === "Stranger page")).toBe(false);
    const theirPerson = await loadActivity({ actor: owner, query: query({ person: stranger.userId }) });
    expect(theirPerson.items).toEqual([]);
    const theirs = await loadActivity({ actor: stranger, query: query({ from: "2030-01-01" }) });
    expect(theirs.items.map((i) => i.target)).toEqual(["Stranger page"]);
  });

  it("is for owners and admins only", async () => {
    await expect(loadActivity({ actor: member, query: query() })).rejects.toMatchObject({ code: "forbidden" });
    await expect(loadActivity({ actor: admin, query: query() })).resolves.toBeTruthy();
  });

  it("pages 50 at a time, newest first, without gaps or repeats", async () => {
    const org = await newOrganisation();
    for (let i = 0; i < ACTIVITY_PER_PAGE + 7; i++) {
      const minute = String(i % 60).padStart(2, "0");
      const hour = String(10 + Math.floor(i / 60)).padStart(2, "0");
      await eventAt({
        actor: org,
        organisationId: org.organisationId,
        action: "bookings.exported",
        at: `2031-05-01T${hour}:${minute}:00Z`,
        detail: { name: `n${i}` },
      });
    }
    const filter = { action: "bookings.exported" as const };
    const first = await loadActivity({ actor: org, query: query(filter) });
    const second = await loadActivity({ actor: org, query: query({ ...filter, p: 2 }) });
    expect(first.items).toHaveLength(ACTIVITY_PER_PAGE);
    expect(first.hasNext).toBe(true);
    expect(second.items).toHaveLength(7);
    expect(second.hasNext).toBe(false);
    const names = [...first.items, ...second.items].map((i) => i.target);
    expect(names[0]).toBe(`n${ACTIVITY_PER_PAGE + 6}`);
    expect(names.at(-1)).toBe("n0");
    expect(new Set(names).size).toBe(ACTIVITY_PER_PAGE + 7);
  });

  it("shows a removed member's events as a former member's, and the system's as Slotbridge's", async () => {
    const org = await newOrganisation();
    const leaver = await addMember(org, "member");
    await recordAuditEvent({ ...byActor(leaver), action: "account.signed-in", detail: { method: "password" } });
    await removeMember({ actor: org, memberId: leaver.userId });
    const { items } = await loadActivity({ actor: org, query: query({ action: "account.signed-in" }) });
    expect(items.map((i) => i.who)).toEqual([FORMER_MEMBER]);
    const joined = await loadActivity({ actor: org, query: query({ action: "member.joined" }) });
    expect(joined.items.map((i) => i.who)).toEqual([FORMER_MEMBER]);
    // The removal names its target from the account, which is gone: "former member", and no name kept.
    const removed = await loadActivity({ actor: org, query: query({ action: "member.removed" }) });
    expect(removed.items.map((i) => [i.who, i.target])).toEqual([["Owner", FORMER_MEMBER]]);
  });
});

describe("exportActivity", () => {
  it("exports every filtered event as CSV and records the export, refusing filters it cannot read", async () => {
    const exported = await exportActivity({
      actor: admin,
      searchParams: new URLSearchParams("action=booking-page.created&from=2030-01-01"),
      now: new Date("2030-02-01T00:00:00Z"),
    });
    if (!exported.ok) throw new Error(exported.message);
    expect(exported.filename).toBe("activity-2030-02-01.csv");
    const lines = exported.csv.trimEnd().split("\r\n");
    expect(lines).toEqual([
      "time,who,action,what,target,details,outcome,request id",
      "2030-01-10T08:00:00.000Z,Ada Admin,booking-page.created,Created a booking page,Intro,,ok,",
    ]);
    const recorded = await loadActivity({ actor: owner, query: query({ action: "activity.exported" }) });
    expect(recorded.items[0]).toMatchObject({ who: "Ada Admin", details: "filtered: true · rows: 1" });

    const refused = await exportActivity({ actor: admin, searchParams: new URLSearchParams("from=yesterday") });
    expect(refused).toEqual({ ok: false, message: "The from date must be a date written YYYY-MM-DD." });
    await expect(exportActivity({ actor: member, searchParams: new URLSearchParams() })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});
