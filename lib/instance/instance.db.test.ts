import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findActiveSession } from "@/lib/auth/sessions";
import { loadBookablePage } from "@/lib/bookings/slots";
import { insertBookingPage } from "@/lib/bookings/test-helpers";
import { db } from "@/lib/db";
import { auditEvents, instanceSetup, organisations, users } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { AppError } from "@/lib/errors";
import { actorFor, newOrganisation } from "@/lib/organisations/test-helpers";
import { isInstanceAdmin } from "./admins";
import { listInstanceOrganisations, setOrganisationDisabled } from "./organisations";
import { forgetInstanceSetUpForTests, instanceNeedsSetup, setUpInstance } from "./setup";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  forgetInstanceSetUpForTests();
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const firstOwner = (n: number) => ({
  organisationName: `First ${n}`,
  name: `Racer ${n}`,
  email: `racer-${n}@example.com`,
  password: "correct horse battery",
});

describe("first run", () => {
  it("is due on an empty database; of two racing set-ups exactly one wins, and it refuses after", async () => {
    expect(await instanceNeedsSetup()).toBe(true);
    const results = await Promise.allSettled([setUpInstance(firstOwner(1)), setUpInstance(firstOwner(2))]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(AppError);
    expect(lost[0]?.reason).toMatchObject({ code: "conflict" });

    expect((await db().select({ n: count() }).from(organisations))[0]?.n).toBe(1);
    const [owner] = await db().select().from(users);
    expect(owner?.role).toBe("owner");
    expect(owner?.instanceAdmin).toBe(true);
    expect(owner?.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await db().select().from(instanceSetup)).toHaveLength(1);
    const [created] = await db().select().from(auditEvents).where(eq(auditEvents.action, "organisation.created"));
    expect(created?.actorUserId).toBe(owner?.id);

    forgetInstanceSetUpForTests();
    expect(await instanceNeedsSetup()).toBe(false);
    await expect(setUpInstance(firstOwner(3))).rejects.toMatchObject({ code: "conflict" });
  });

  it("counts an instance whose users were seeded directly (tests, the demo) as set up", async () => {
    await db().delete(instanceSetup);
    forgetInstanceSetUpForTests();
    expect(await instanceNeedsSetup()).toBe(false);
    await expect(setUpInstance(firstOwner(4))).rejects.toMatchObject({ code: "conflict" });
    // The refused attempt left nothing behind, not even the setup row.
    expect(await db().select().from(instanceSetup)).toHaveLength(0);
    expect((await db().select({ n: count() }).from(organisations))[0]?.n).toBe(1);
  });
});

describe("instance administrators", () => {
  it("are the first-run owner and the addresses listed in INSTANCE_ADMIN_EMAILS", async () => {
    const [firstRun] = await db().select().from(users).where(eq(users.instanceAdmin, true));
    if (!firstRun) throw new Error("no first-run owner");
    expect(await isInstanceAdmin({ userId: firstRun.id, email: firstRun.email }, [])).toBe(true);
    const other = await newOrganisation();
    expect(await isInstanceAdmin(other, [])).toBe(false);
    expect(await isInstanceAdmin(other, [other.email.toUpperCase().toLowerCase()])).toBe(true);
  });
});

describe("organisations on the instance page", () => {
  it("lists each organisation with counts and its created date", async () => {
    const owner = await newOrganisation();
    await insertBookingPage({ owner, hosts: [{ user: owner, timeZone: "Europe/Berlin" }] });
    const listed = (await listInstanceOrganisations()).find((o) => o.id === owner.organisationId);
    expect(listed).toMatchObject({
      name: owner.organisationName,
      disabledAt: null,
      members: 1,
      connections: 0,
      bookingPages: 1,
      bookings: 0,
    });
    expect(listed?.createdAt).toBeInstanceOf(Date);
  });

  it("disabling ends the members' sessions and hides the public pages; enabling brings the pages back", async () => {
    const [admin] = await db().select().from(users).where(eq(users.instanceAdmin, true));
    if (!admin) throw new Error("no instance admin");
    const actor = await actorFor(admin.id);
    const owner = await newOrganisation();
    const page = await insertBookingPage({ owner, hosts: [{ user: owner, timeZone: "Europe/Berlin" }] });
    expect(await loadBookablePage(page.slug)).not.toBeNull();

    expect(await setOrganisationDisabled({ actor, organisationId: owner.organisationId, disabled: true })).toEqual({
      changed: true,
      name: owner.organisationName,
    });
    expect(await findActiveSession(owner.sessionId)).toBeNull();
    expect(await loadBookablePage(page.slug)).toBeNull();
    const [event] = await db().select().from(auditEvents).where(eq(auditEvents.action, "organisation.disabled"));
    expect(event).toMatchObject({ organisationId: null, actorUserId: admin.id, targetId: owner.organisationId });

    // Twice is once.
    expect(
      (await setOrganisationDisabled({ actor, organisationId: owner.organisationId, disabled: true })).changed,
    ).toBe(false);

    await setOrganisationDisabled({ actor, organisationId: owner.organisationId, disabled: false });
    expect(await loadBookablePage(page.slug)).not.toBeNull();
    const [enabled] = await db().select().from(auditEvents).where(eq(auditEvents.action, "organisation.enabled"));
    expect(enabled?.targetId).toBe(owner.organisationId);
  });

  it("refuses to disable the administrator's own organisation, and an unknown one", async () => {
    const [admin] = await db().select().from(users).where(eq(users.instanceAdmin, true));
    if (!admin) throw new Error("no instance admin");
    const actor = await actorFor(admin.id);
    await expect(
      setOrganisationDisabled({ actor, organisationId: actor.organisationId, disabled: true }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      setOrganisationDisabled({ actor, organisationId: "01900000-0000-7000-8000-000000000000", disabled: true }),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});
