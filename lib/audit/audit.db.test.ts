import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import { changePassword } from "@/lib/auth/change-password";
import type { CurrentUser } from "@/lib/auth/session";
import { recordSignIn } from "@/lib/auth/sign-in-audit";
import {
  createBookingPage,
  deleteBookingPage,
  setBookingPagePublished,
  updateBookingPageBasics,
  updateBookingPageRules,
} from "@/lib/booking-pages/mutations";
import { basicsSchema, createPageSchema, rulesSchema } from "@/lib/booking-pages/schema";
import { cancelBookingFromList, exportBookings } from "@/lib/bookings/list";
import { reserveTestBooking, setUpBookingOrganisation } from "@/lib/bookings/test-helpers";
import { simulatorConfig, testKeys } from "@/lib/calendars/test-helpers";
import { pairConnector } from "@/lib/connectors/pairing";
import { createConnector, deleteConnector, revokeConnector } from "@/lib/connectors/service";
import { db } from "@/lib/db";
import { type AuditEvent, auditEvents, bookingPages, invites } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { acceptInvite, createInvite, revokeInvite } from "@/lib/organisations/invites";
import { changeMemberRole, removeMember, renameOrganisation } from "@/lib/organisations/members";
import { addMember, newOrganisation } from "@/lib/organisations/test-helpers";
import { deleteGroup, saveGroup } from "@/lib/team/groups";
import { updateWorkWeek } from "@/lib/team/work-week";
import type { AuditAction } from "./actions";
import { BY_PERSON } from "./record";

// Every action of the app that the audit trail covers writes its line: who, what, about which thing, with
// labels only. Each test searches the lines it caused for the secrets it used.

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const simulator = setUpTestSimulator();
const keys = testKeys();
const config = simulatorConfig();
let owner: CurrentUser;
let alice: CurrentUser;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ owner, alice } = await setUpBookingOrganisation({ simulator, config, keys }));
});
afterAll(async () => {
  await database?.drop();
});

async function eventsOf(input: { organisationId: string; action: AuditAction }): Promise<AuditEvent[]> {
  return db()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.organisationId, input.organisationId), eq(auditEvents.action, input.action)))
    .orderBy(auditEvents.createdAt, auditEvents.id);
}

async function lastEvent(input: { organisationId: string; action: AuditAction }): Promise<AuditEvent> {
  const events = await eventsOf(input);
  const event = events.at(-1);
  if (!event) throw new Error(`no ${input.action} event`);
  return event;
}

async function allEventsText(organisationId: string): Promise<string> {
  return JSON.stringify(await db().select().from(auditEvents).where(eq(auditEvents.organisationId, organisationId)));
}

describe("accounts", () => {
  it("records a sign-in and a failed one against the account, without the address typed or any password", async () => {
    const user = await newOrganisation();
    await recordSignIn({
      user: { id: user.userId, organisationId: user.organisationId },
      method: "password",
      outcome: "ok",
    });
    await recordSignIn({
      user: { id: user.userId, organisationId: user.organisationId },
      method: "password",
      outcome: "wrong-password",
    });
    const ok = await lastEvent({ organisationId: user.organisationId, action: "account.signed-in" });
    expect(ok).toMatchObject({ actorUserId: user.userId, targetId: user.userId, outcome: "ok" });
    expect(ok.detail).toEqual({ method: "password", [BY_PERSON]: true });
    const failed = await lastEvent({ organisationId: user.organisationId, action: "account.sign-in-failed" });
    expect(failed).toMatchObject({ actorUserId: user.userId, outcome: "wrong-password" });
    expect(await allEventsText(user.organisationId)).not.toContain(user.email);
  });

  it("records a password change, and a refused one, never with either password", async () => {
    const user = await newOrganisation();
    await changePassword({ user, currentPassword: "not my password", newPassword: "Fresh-Secret-77" }).catch(
      () => null,
    );
    await changePassword({ user, currentPassword: "correct horse battery", newPassword: "Fresh-Secret-77" });
    const events = await eventsOf({ organisationId: user.organisationId, action: "account.password-changed" });
    expect(events.map((e) => [e.outcome, e.actorUserId])).toEqual([
      ["wrong-current-password", user.userId],
      ["ok", user.userId],
    ]);
    const text = await allEventsText(user.organisationId);
    for (const secret of ["not my password", "correct horse battery", "Fresh-Secret-77"]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe("members", () => {
  it("records invites created, revoked and accepted, never the invite's token or the new password", async () => {
    const token = await createInvite({ actor: owner, email: "ivy@example.com", role: "admin" });
    const invited = await lastEvent({ organisationId: owner.organisationId, action: "member.invited" });
    expect(invited).toMatchObject({ actorUserId: owner.userId, outcome: "ok" });
    expect(invited.detail).toEqual({ role: "admin", [BY_PERSON]: true });
    const [invite] = await db()
      .select()
      .from(invites)
      .where(eq(invites.id, invited.targetId ?? ""));
    expect(invite?.email).toBe("ivy@example.com");

    const joined = await acceptInvite({ token, name: "Ivy", password: "Ivy-Password-123" });
    const joinedEvent = await lastEvent({ organisationId: owner.organisationId, action: "member.joined" });
    expect(joinedEvent).toMatchObject({ actorUserId: joined.id, targetId: joined.id });
    expect(joinedEvent.detail).toEqual({ role: "admin", [BY_PERSON]: true });

    await createInvite({ actor: owner, email: "rex@example.com", role: "member" });
    const pending = await lastEvent({ organisationId: owner.organisationId, action: "member.invited" });
    await revokeInvite({ actor: owner, inviteId: pending.targetId ?? "" });
    const revoked = await lastEvent({ organisationId: owner.organisationId, action: "member.invite-revoked" });
    expect(revoked).toMatchObject({ actorUserId: owner.userId, targetId: pending.targetId });
    expect(revoked.detail).toEqual({ role: "member", [BY_PERSON]: true });

    // People are named from their rows when the trail is read, so erasing an account erases its name.
    const text = await allEventsText(owner.organisationId);
    for (const value of [token, "Ivy-Password-123", "ivy@example.com", "rex@example.com", "Ivy"]) {
      expect(text).not.toContain(value);
    }
  });

  it("records a role change with both roles and a removal with the role, and nothing for a refused one", async () => {
    const member = await addMember(owner, "member");
    await changeMemberRole({ actor: owner, memberId: member.userId, role: "admin" });
    const changed = await lastEvent({ organisationId: owner.organisationId, action: "member.role-changed" });
    expect(changed).toMatchObject({ actorUserId: owner.userId, targetId: member.userId });
    expect(changed.detail).toEqual({ from: "member", to: "admin", [BY_PERSON]: true });

    const before = (await eventsOf({ organisationId: owner.organisationId, action: "member.removed" })).length;
    await expect(removeMember({ actor: member, memberId: owner.userId })).rejects.toMatchObject({ code: "forbidden" });
    expect(await eventsOf({ organisationId: owner.organisationId, action: "member.removed" })).toHaveLength(before);

    await removeMember({ actor: owner, memberId: member.userId });
    const removed = await lastEvent({ organisationId: owner.organisationId, action: "member.removed" });
    expect(removed).toMatchObject({ actorUserId: owner.userId, targetId: member.userId });
    expect(removed.detail).toEqual({ role: "admin", [BY_PERSON]: true });
    // Their own lines stay, with the actor gone and the mark that a person did them.
    const theirs = await lastEvent({ organisationId: owner.organisationId, action: "member.joined" });
    expect(theirs).toMatchObject({ actorUserId: null });
    expect(theirs.detail[BY_PERSON]).toBe(true);
  });
});

describe("organisation settings", () => {
  it("records a rename, a work week and groups saved and deleted, naming the setting, never the values", async () => {
    const organisation = await newOrganisation();
    const settingsLines = () =>
      eventsOf({ organisationId: organisation.organisationId, action: "organisation.settings-changed" });
    await expect(
      renameOrganisation({ actor: await addMember(organisation, "member"), name: "X" }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await settingsLines()).toHaveLength(0);
    await renameOrganisation({ actor: organisation, name: "Renamed Dental Group" });
    await updateWorkWeek({ actor: organisation, workWeek: { workDays: [1, 2, 3], startHour: 7, endHour: 19 } });
    const { groupId } = await saveGroup({ actor: organisation, name: "Front desk", memberIds: [organisation.userId] });
    await saveGroup({ actor: organisation, groupId, name: "Front desk team", memberIds: [] });
    await deleteGroup({ actor: organisation, groupId });
    const lines = await settingsLines();
    expect(lines.map((line) => [line.actorUserId, line.detail.setting])).toEqual([
      [organisation.userId, "name"],
      [organisation.userId, "work-week"],
      [organisation.userId, "group-created"],
      [organisation.userId, "group-changed"],
      [organisation.userId, "group-deleted"],
    ]);
    const text = await allEventsText(organisation.organisationId);
    expect(text).not.toContain("Renamed Dental Group");
    expect(text).not.toContain("Front desk");
  });
});

describe("connectors", () => {
  it("records created, paired (by the system), revoked and deleted, never the pairing code or token", async () => {
    const { code, connectorId } = await createConnector({ actor: owner, name: "Basement box" });
    const paired = await pairConnector({ code, version: "0.1.0", hostname: "box-1" });
    if (!paired.ok) throw new Error("pairing failed");
    await revokeConnector({ actor: owner, connectorId });
    await deleteConnector({ actor: owner, connectorId });
    const rows = await db()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, connectorId))
      .orderBy(auditEvents.createdAt, auditEvents.id);
    expect(rows.map((r) => [r.action, r.actorUserId])).toEqual([
      ["connector.created", owner.userId],
      ["connector.paired", null],
      ["connector.revoked", owner.userId],
      ["connector.deleted", owner.userId],
    ]);
    expect(rows.every((r) => r.organisationId === owner.organisationId && r.detail.name === "Basement box")).toBe(true);
    const text = JSON.stringify(rows);
    expect(text).not.toContain(code);
    expect(text).not.toContain(paired.token);
  });
});

describe("booking pages and bookings", () => {
  it("records a page created, changed, published, unpublished and deleted, with its title", async () => {
    const { pageId } = await createBookingPage({
      actor: owner,
      page: createPageSchema.parse({
        title: "Audit consult",
        slug: `audit-${Date.now().toString(36)}`,
        description: "Private notes",
        durationMinutes: "30",
        slotIntervalMinutes: "",
        locationKind: "link_to_follow",
        location: "",
        questions: "",
        hostUserId: alice.userId,
        hostTimeZone: "Europe/Berlin",
      }),
    });
    const [page] = await db().select().from(bookingPages).where(eq(bookingPages.id, pageId));
    if (!page) throw new Error("no page");
    await updateBookingPageBasics({
      actor: owner,
      pageId,
      basics: basicsSchema.parse({
        title: "Audit consultation",
        slug: page.slug,
        description: "",
        durationMinutes: "30",
        slotIntervalMinutes: "",
        locationKind: "link_to_follow",
        location: "",
        questions: "",
      }),
    });
    await updateBookingPageRules({
      actor: owner,
      pageId,
      rules: rulesSchema.parse({
        bufferBeforeMinutes: "0",
        bufferAfterMinutes: "0",
        minimumNoticeMinutes: "60",
        horizonDays: "30",
        dailyLimit: "",
        cancellationMethod: "delete_item",
        language: "en",
        reminderMinutes: "",
      }),
    });
    await setBookingPagePublished({ actor: owner, pageId, published: true });
    await setBookingPagePublished({ actor: owner, pageId, published: false });
    await deleteBookingPage({ actor: owner, pageId });
    const rows = await db()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, pageId))
      .orderBy(auditEvents.createdAt, auditEvents.id);
    expect(rows.map((r) => [r.action, r.detail.title, r.detail.part ?? null])).toEqual([
      ["booking-page.created", "Audit consult", null],
      ["booking-page.changed", "Audit consultation", "basics"],
      ["booking-page.changed", "Audit consultation", "rules"],
      ["booking-page.published", "Audit consultation", null],
      ["booking-page.unpublished", "Audit consultation", null],
      ["booking-page.deleted", "Audit consultation", null],
    ]);
    expect(JSON.stringify(rows)).not.toContain("Private notes");
  });

  it("records a host's cancellation and an export, without the customer, the reason or the rows", async () => {
    const [page] = await db()
      .insert(bookingPages)
      .values({
        organisationId: owner.organisationId,
        slug: `cx-${Date.now().toString(36)}`,
        title: "Cx",
        durationMinutes: 30,
      })
      .returning();
    if (!page) throw new Error("no page");
    const now = new Date("2030-03-04T12:00:00Z");
    const { bookingId } = await reserveTestBooking({
      page,
      hosts: [alice],
      start: new Date("2030-03-05T09:00:00Z"),
      customer: { name: "Quentin Customer", email: "quentin@customer.example" },
    });
    await cancelBookingFromList({ actor: alice, bookingId, reason: "Sorry, double-booked", now });
    const cancelled = await lastEvent({ organisationId: owner.organisationId, action: "booking.cancelled" });
    expect(cancelled).toMatchObject({ actorUserId: alice.userId, targetId: bookingId });

    const exported = await exportBookings({ actor: owner, searchParams: new URLSearchParams("tab=upcoming"), now });
    expect(exported.ok).toBe(true);
    const exportEvent = await lastEvent({ organisationId: owner.organisationId, action: "bookings.exported" });
    expect(exportEvent).toMatchObject({ actorUserId: owner.userId });
    expect(exportEvent.detail).toMatchObject({ tab: "upcoming", rows: 1, filtered: false });

    const text = await allEventsText(owner.organisationId);
    for (const value of ["Quentin", "quentin@customer.example", "double-booked"]) expect(text).not.toContain(value);
  });
});
