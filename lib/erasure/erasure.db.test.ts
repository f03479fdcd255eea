import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import type { CurrentUser } from "@/lib/auth/session";
import { writeBookingToCalendar } from "@/lib/bookings/calendar-write";
import { formatBookingsCsv, loadBookings, loadBookingsForExport } from "@/lib/bookings/list";
import { loadManagedBooking } from "@/lib/bookings/manage";
import { connectSimulatorMailbox, insertBookingPage, reserveTestBooking } from "@/lib/bookings/test-helpers";
import { addOrganisationCa } from "@/lib/calendars/certificate-authorities";
import { simulatorConfig, testKeys } from "@/lib/calendars/test-helpers";
import { createConnector } from "@/lib/connectors/service";
import { createToken, hashToken } from "@/lib/crypto/tokens";
import { db } from "@/lib/db";
import {
  auditEvents,
  bookingPages,
  bookings,
  exchangeConnections,
  organisations,
  sessions,
  users,
} from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { findSimulatorBookingItems } from "@/lib/exchange/testing/simulator-calendar";
import { startJobQueue } from "@/lib/jobs/queue";
import { closeMailTransports } from "@/lib/mail/transport";
import { acceptInvite, createInvite } from "@/lib/organisations/invites";
import { actorFor, addMember, newOrganisation } from "@/lib/organisations/test-helpers";
import { dumpDatabase } from "@/testing/database-dump";
import { type MailCapture, startMailCapture } from "@/testing/mail-capture";
import type { DeletionMail } from "./cancel-and-mail";
import { ERASED_CUSTOMER, eraseCustomerAsAdmin, eraseCustomerFromManageLink } from "./customers";
import { deleteOwnAccount } from "./delete-account";
import { deleteOrganisation } from "./delete-organisation";
import {
  CUSTOMER_RETENTION_QUEUE,
  CUSTOMER_RETENTION_SCHEDULE,
  eraseExpiredCustomerDetails,
  getCustomerRetention,
  registerCustomerRetention,
  updateCustomerRetention,
} from "./retention";

const simulator = setUpTestSimulator();
const config = simulatorConfig();
const keys = testKeys();
const PASSWORD = "correct horse battery";
const DAY_MS = 86_400_000;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let capture: MailCapture;
let mail: DeletionMail;
let day = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  capture = await startMailCapture();
  mail = {
    settings: { smtpUrl: capture.smtpUrl, from: "Slotbridge <bookings@slotbridge.test>" },
    appUrl: "http://app.test",
  };
});
afterAll(async () => {
  closeMailTransports();
  await capture?.stop();
  await database?.drop();
});
beforeEach(() => capture.clear());

/** A fresh day, far enough ahead that each test has calendar space of its own. */
function futureStart(): Date {
  day += 1;
  return new Date(Date.UTC(2031, 0, 5 + day, 10, 0));
}

async function memberNamed(owner: CurrentUser, name: string, email: string): Promise<CurrentUser> {
  const token = await createInvite({ actor: owner, email, role: "member" });
  const user = await acceptInvite({ token, name, password: PASSWORD });
  return actorFor(user.id);
}

async function bookingOn(input: {
  page: { id: string; title: string; organisationId: string };
  host: CurrentUser;
  start: Date;
  customer: { name: string; email: string; notes?: string };
  answers?: Record<string, string>;
  write?: boolean;
}) {
  const reserved = await reserveTestBooking({
    page: input.page,
    hosts: [input.host],
    start: input.start,
    customer: { ...input.customer, timeZone: "Pacific/Chatham" },
    ...(input.answers ? { answers: input.answers } : {}),
  });
  const bookingId = reserved.bookingId;
  if (input.write) {
    const written = await writeBookingToCalendar({ bookingId, config, keys });
    expect(written.status).toBe("confirmed");
  }
  return bookingId;
}

const readBooking = async (id: string) => (await db().select().from(bookings).where(eq(bookings.id, id)))[0];

/** `kept`: values that must still be there, proving the dump holds the rows the search looks through. */
async function expectAbsentFromDump(values: string[], kept: string[]) {
  const dump = await dumpDatabase(database);
  for (const value of kept) expect(dump.includes(value), `"${value}" is missing from the dump`).toBe(true);
  for (const value of values) expect(dump.includes(value), `"${value}" is still in the database`).toBe(false);
}

describe("customer erasure", () => {
  let owner: CurrentUser;
  let host: CurrentUser;
  let page: typeof bookingPages.$inferSelect;

  beforeAll(async () => {
    owner = await newOrganisation();
    host = await addMember(owner, "member");
    page = await insertBookingPage({ owner, hosts: [{ user: host, timeZone: "UTC" }] });
  });

  it("an admin erases one customer's details on every booking, keeping time, page and status", async () => {
    const past = await bookingOn({
      page,
      host,
      start: new Date(Date.now() - 20 * DAY_MS),
      customer: { name: "Erin Erasable", email: "Erin.Erasable@example.com", notes: "erin-secret-note" },
      answers: { q1: "erin-secret-answer" },
    });
    const coming = await bookingOn({
      page,
      host,
      start: futureStart(),
      customer: { name: "Erin Erasable", email: "erin.erasable@example.com" },
    });
    const other = await bookingOn({
      page,
      host,
      start: futureStart(),
      customer: { name: "Olga Other", email: "olga@example.com", notes: "olga note" },
    });
    const before = await readBooking(past);

    const member = await addMember(owner, "member");
    await expect(eraseCustomerAsAdmin({ actor: member, email: "erin.erasable@example.com" })).rejects.toThrow(
      /owners and admins/,
    );
    const result = await eraseCustomerAsAdmin({ actor: owner, email: " ERIN.erasable@example.com ", config, keys });
    expect(result).toEqual({ erased: 2, cancelled: 1 });

    const erased = await readBooking(past);
    expect(erased).toMatchObject({
      customerName: ERASED_CUSTOMER.name,
      customerEmail: ERASED_CUSTOMER.email,
      customerTimeZone: "UTC",
      notes: null,
      answers: {},
      manageTokenHash: null,
      startsAt: before?.startsAt,
      pageId: page.id,
      status: before?.status,
    });
    expect(erased?.customerErasedAt).toBeInstanceOf(Date);
    expect(await readBooking(coming)).toMatchObject({ status: "cancelled", customerName: ERASED_CUSTOMER.name });
    expect(await readBooking(other)).toMatchObject({ customerName: "Olga Other", customerErasedAt: null });
    expect(capture.messages()).toHaveLength(0);

    const [line] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.organisationId, owner.organisationId), eq(auditEvents.action, "customer.erased")));
    expect(line).toMatchObject({
      actorUserId: owner.userId,
      detail: { bookings: 2, cancelled: 1, requestedBy: "admin" },
    });
    await expectAbsentFromDump(
      ["Erin Erasable", "erin.erasable@example.com", "erin-secret-note", "erin-secret-answer"],
      ["Olga Other", "olga note"],
    );
  });

  it("a customer erases their details from the manage link, on the organisation's other bookings too", async () => {
    const token = createToken();
    const first = await bookingOn({
      page,
      host,
      start: futureStart(),
      customer: { name: "Mia Manage", email: "mia@example.com", notes: "mia-secret-note" },
      answers: { q1: "mia-secret-answer" },
    });
    await db()
      .update(bookings)
      .set({ manageTokenHash: hashToken(token) })
      .where(eq(bookings.id, first));
    const second = await bookingOn({
      page,
      host,
      start: new Date(Date.now() - 3 * DAY_MS),
      customer: { name: "Mia Manage", email: "MIA@example.com" },
    });
    const elsewhere = await newOrganisation();
    const elsewherePage = await insertBookingPage({ owner: elsewhere, hosts: [{ user: elsewhere, timeZone: "UTC" }] });
    const otherOrganisation = await bookingOn({
      page: elsewherePage,
      host: elsewhere,
      start: futureStart(),
      customer: { name: "Mia Manage", email: "mia@example.com" },
    });

    expect(await eraseCustomerFromManageLink({ token: createToken() })).toEqual({ ok: false });
    expect(await eraseCustomerFromManageLink({ token, config, keys })).toEqual({ ok: true, erased: 2, cancelled: 1 });
    expect(await readBooking(first)).toMatchObject({ status: "cancelled", customerEmail: ERASED_CUSTOMER.email });
    expect(await readBooking(second)).toMatchObject({ customerEmail: ERASED_CUSTOMER.email, notes: null });
    // Another organisation's booking is that organisation's to erase.
    expect(await readBooking(otherOrganisation)).toMatchObject({ customerEmail: "mia@example.com" });
    // The link is spent: its hash went with the erasure.
    expect(await loadManagedBooking(token)).toEqual({ ok: false, reason: "invalid" });
    expect(await eraseCustomerFromManageLink({ token })).toEqual({ ok: false });
    const lines = await db()
      .select({ detail: auditEvents.detail, actor: auditEvents.actorUserId })
      .from(auditEvents)
      .where(and(eq(auditEvents.organisationId, owner.organisationId), eq(auditEvents.targetId, first)));
    expect(lines).toEqual([{ actor: null, detail: { bookings: 2, cancelled: 1, requestedBy: "customer" } }]);
    expect(JSON.stringify(lines)).not.toContain("mia");
    const dump = await dumpDatabase(database);
    expect(dump).not.toContain("mia-secret-note");
    expect(dump).not.toContain("mia-secret-answer");
  });
});

describe("retention", () => {
  it("erases customer details of appointments that ended more than the organisation's days ago; 0 keeps", async () => {
    const now = new Date();
    const keeping = await newOrganisation();
    const forever = await newOrganisation();
    await db()
      .update(organisations)
      .set({ customerRetentionDays: 30 })
      .where(eq(organisations.id, keeping.organisationId));
    await db()
      .update(organisations)
      .set({ customerRetentionDays: 0 })
      .where(eq(organisations.id, forever.organisationId));
    const keepingPage = await insertBookingPage({ owner: keeping, hosts: [{ user: keeping, timeZone: "UTC" }] });
    const foreverPage = await insertBookingPage({ owner: forever, hosts: [{ user: forever, timeZone: "UTC" }] });
    const customer = { name: "Rita Retained", email: "rita@example.com", notes: "rita-old-note" };
    const old = await bookingOn({
      page: keepingPage,
      host: keeping,
      start: new Date(now.getTime() - 40 * DAY_MS),
      customer,
    });
    const recent = await bookingOn({
      page: keepingPage,
      host: keeping,
      start: new Date(now.getTime() - 10 * DAY_MS),
      customer,
    });
    const kept = await bookingOn({
      page: foreverPage,
      host: forever,
      start: new Date(now.getTime() - 400 * DAY_MS),
      customer,
    });

    const erased = await eraseExpiredCustomerDetails({ now });
    expect(erased.get(keeping.organisationId)).toBe(1);
    expect(erased.has(forever.organisationId)).toBe(false);
    expect(await readBooking(old)).toMatchObject({ customerName: ERASED_CUSTOMER.name, notes: null });
    expect((await readBooking(old))?.customerErasedAt?.getTime()).toBe(now.getTime());
    expect(await readBooking(recent)).toMatchObject({ customerName: "Rita Retained" });
    expect(await readBooking(kept)).toMatchObject({ customerName: "Rita Retained" });
    const [line] = await db()
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.organisationId, keeping.organisationId),
          eq(auditEvents.action, "customer.retention-erased"),
        ),
      );
    expect(line).toMatchObject({ actorUserId: null, detail: { bookings: 1, retentionDays: 30 } });
    // A second run finds nothing more to do.
    expect((await eraseExpiredCustomerDetails({ now })).get(keeping.organisationId)).toBeUndefined();
  });

  it("is an owner's setting, audited, and a daily job on the app's queue", async () => {
    const owner = await newOrganisation();
    const admin = await addMember(owner, "admin");
    await expect(updateCustomerRetention({ actor: admin, days: 10 })).rejects.toThrow(/Only owners/);
    expect(await getCustomerRetention(owner.organisationId)).toBe(365);
    await updateCustomerRetention({ actor: owner, days: 0 });
    expect(await getCustomerRetention(owner.organisationId)).toBe(0);
    const [line] = await db()
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.organisationId, owner.organisationId),
          eq(auditEvents.action, "organisation.settings-changed"),
        ),
      );
    expect(line?.detail).toEqual({ byPerson: true, customerRetentionDays: 0 });

    const boss = await startJobQueue(database.jobStore);
    try {
      await registerCustomerRetention(boss);
      const schedules = await boss.getSchedules();
      expect(schedules.map((s) => [s.name, s.cron])).toContainEqual([
        CUSTOMER_RETENTION_QUEUE,
        CUSTOMER_RETENTION_SCHEDULE,
      ]);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });
});

describe("deleting one's own account", () => {
  it("cancels and mails coming bookings, disconnects, removes sole-host pages, and leaves nothing of the member", async () => {
    const owner = await newOrganisation();
    await addOrganisationCa({ actor: owner, pem: simulator.caPem });
    const alice = await memberNamed(owner, "Alice Leaving", "alice@contoso.test");
    const bob = await memberNamed(owner, "Bob Staying", "bob@contoso.test");
    const ewsUrl = simulator.listeners.valid.url;
    const connectionId = await connectSimulatorMailbox({
      actor: alice,
      owner: alice,
      mailbox: "alice@contoso.test",
      ewsUrl,
      config,
      keys,
    });
    await connectSimulatorMailbox({ actor: owner, owner: bob, mailbox: "bob@contoso.test", ewsUrl, config, keys });
    const [secret] = await db()
      .select({ secret: exchangeConnections.secret })
      .from(exchangeConnections)
      .where(eq(exchangeConnections.id, connectionId));
    const [hash] = await db().select({ hash: users.passwordHash }).from(users).where(eq(users.id, alice.userId));
    const solePage = await insertBookingPage({
      owner,
      hosts: [{ user: alice, timeZone: "UTC" }],
      page: { cancellationMethod: "delete_item" },
    });
    const sharedPage = await insertBookingPage({
      owner,
      schedulingType: "round_robin",
      hosts: [
        { user: alice, timeZone: "UTC" },
        { user: bob, timeZone: "UTC" },
      ],
    });
    const coming = await bookingOn({
      page: solePage,
      host: alice,
      start: futureStart(),
      customer: { name: "Fay Future", email: "fay@example.com" },
      write: true,
    });
    expect(
      await findSimulatorBookingItems({ simulator, mailbox: "alice@contoso.test", bookingId: coming }),
    ).toHaveLength(1);
    const past = await bookingOn({
      page: sharedPage,
      host: alice,
      start: new Date(Date.now() - 5 * DAY_MS),
      customer: { name: "Pat Past", email: "pat@example.com" },
    });

    await expect(deleteOwnAccount({ actor: alice, password: "wrong password", mail })).rejects.toThrow(/not correct/);
    await expect(deleteOwnAccount({ actor: owner, password: PASSWORD, mail })).rejects.toThrow(/last owner/);
    expect(await readBooking(coming)).toMatchObject({ status: "confirmed" });

    const counts = await deleteOwnAccount({ actor: alice, password: PASSWORD, mail, config, keys });
    expect(counts).toEqual({ connections: 1, pages: 1, cancelled: 1, mailed: 1, mailFailed: 0 });

    expect(await db().select().from(users).where(eq(users.id, alice.userId))).toEqual([]);
    expect(await db().select().from(sessions).where(eq(sessions.userId, alice.userId))).toEqual([]);
    expect(await db().select().from(exchangeConnections).where(eq(exchangeConnections.id, connectionId))).toEqual([]);
    expect(await db().select().from(bookingPages).where(eq(bookingPages.id, solePage.id))).toEqual([]);
    expect(await db().select().from(bookingPages).where(eq(bookingPages.id, sharedPage.id))).toHaveLength(1);
    expect(await readBooking(coming)).toMatchObject({
      status: "cancelled",
      cancelledBy: "host",
      organiserUserId: null,
    });
    expect(await findSimulatorBookingItems({ simulator, mailbox: "alice@contoso.test", bookingId: coming })).toEqual(
      [],
    );
    expect(await readBooking(past)).toMatchObject({
      status: "write_pending",
      organiserUserId: null,
      customerName: "Pat Past",
      exchangeMailbox: null,
    });
    const listed = await loadBookings({ actor: owner, filters: { when: "past", search: "Pat Past" } });
    expect(listed.items.map((item) => item.hostNames)).toEqual(["former member"]);
    const csv = formatBookingsCsv(await loadBookingsForExport({ actor: owner, filters: { when: "upcoming" } }));
    expect(csv).toContain("former member");
    expect(csv).not.toContain("Alice Leaving");
    const mails = capture.messages();
    expect(mails).toHaveLength(1);
    expect(mails[0]?.envelope.to).toEqual(["fay@example.com"]);
    expect(mails[0]?.text).toContain("Your host is no longer available.");
    const [line] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.organisationId, owner.organisationId), eq(auditEvents.action, "account.deleted")));
    expect(line).toMatchObject({
      actorUserId: null,
      detail: { connections: 1, pages: 1, cancelledBookings: 1, customersMailed: 1 },
    });
    const scrubbed = await db()
      .select({ detail: auditEvents.detail })
      .from(auditEvents)
      .where(and(eq(auditEvents.organisationId, owner.organisationId), eq(auditEvents.action, "connection.connected")));
    expect(scrubbed.map((row) => row.detail.mailbox).sort()).toEqual(["bob@contoso.test", "former member"]);

    await expectAbsentFromDump(
      ["Alice Leaving", "alice@contoso.test", alice.userId, hash?.hash ?? "no hash", secret?.secret ?? "no secret"],
      ["Bob Staying", "bob@contoso.test", "Pat Past", "pat@example.com"],
    );
  });

  it("writes the reason in the page's language, and counts a mail the server refuses without stopping", async () => {
    const owner = await newOrganisation();
    const leaving = await memberNamed(owner, "Lars Leaving", `lars-${Date.now()}@example.com`);
    const german = await insertBookingPage({
      owner,
      hosts: [{ user: leaving, timeZone: "Europe/Berlin" }],
      page: { language: "de" },
    });
    const first = await bookingOn({
      page: german,
      host: leaving,
      start: futureStart(),
      customer: { name: "Greta Gast", email: "greta@example.com" },
    });
    const second = await bookingOn({
      page: german,
      host: leaving,
      start: futureStart(),
      customer: { name: "Gerd Gast", email: "gerd@example.com" },
    });
    capture.refuse(true);
    try {
      const counts = await deleteOwnAccount({ actor: leaving, password: PASSWORD, mail, config, keys });
      expect(counts).toMatchObject({ cancelled: 2, mailed: 0, mailFailed: 2 });
    } finally {
      capture.refuse(false);
    }
    expect(await db().select().from(users).where(eq(users.id, leaving.userId))).toEqual([]);
    for (const id of [first, second]) {
      expect(await readBooking(id)).toMatchObject({
        status: "cancelled",
        cancelReason: "Ihre Ansprechperson ist nicht mehr verfügbar.",
      });
    }
  });
});

describe("deleting the organisation", () => {
  it("cancels and mails, disconnects, revokes connectors, then erases every row; one instance-level line", async () => {
    const owner = await newOrganisation();
    const name = `Doomed ${owner.organisationName}`;
    await db().update(organisations).set({ name }).where(eq(organisations.id, owner.organisationId));
    const actor = await actorFor(owner.userId);
    await addOrganisationCa({ actor, pem: simulator.caPem });
    const chloe = await memberNamed(actor, "Chloe Closing", "chloe@contoso.test");
    const connectionId = await connectSimulatorMailbox({
      actor,
      owner: chloe,
      mailbox: "chloe@contoso.test",
      ewsUrl: simulator.listeners.valid.url,
      config,
      keys,
    });
    const connector = await createConnector({ actor, name: "Basement" });
    const page = await insertBookingPage({ owner: actor, hosts: [{ user: chloe, timeZone: "UTC" }] });
    const coming = await bookingOn({
      page,
      host: chloe,
      start: futureStart(),
      customer: { name: "Gus Guest", email: "gus@example.com", notes: "gus-secret-note" },
      answers: { q1: "gus-secret-answer" },
      write: true,
    });
    await bookingOn({
      page,
      host: chloe,
      start: new Date(Date.now() - 9 * DAY_MS),
      customer: { name: "Hana Historic", email: "hana@example.com", notes: "hana-secret-note" },
    });
    const [hash] = await db().select({ hash: users.passwordHash }).from(users).where(eq(users.id, chloe.userId));

    await expect(deleteOrganisation({ actor: chloe, confirmName: name, mail })).rejects.toThrow(/Only an owner/);
    await expect(deleteOrganisation({ actor, confirmName: "Something else", mail })).rejects.toThrow(/exactly/);

    const counts = await deleteOrganisation({ actor, confirmName: ` ${name} `, mail, config, keys });
    expect(counts).toEqual({
      members: 2,
      connections: 1,
      connectors: 1,
      pages: 1,
      bookings: 2,
      cancelled: 1,
      mailed: 1,
      mailFailed: 0,
    });
    expect(await findSimulatorBookingItems({ simulator, mailbox: "chloe@contoso.test", bookingId: coming })).toEqual(
      [],
    );
    const mails = capture.messages();
    expect(mails.map((m) => m.envelope.to)).toEqual([["gus@example.com"]]);
    expect(mails[0]?.text).toContain("no longer takes bookings here");

    for (const table of ["users", "bookings", "booking_pages", "exchange_connections", "connectors", "audit_events"]) {
      const rows = await db().execute(
        sql`select count(*)::int as n from ${sql.identifier(table)} where organisation_id = ${owner.organisationId}`,
      );
      const first = (Array.isArray(rows) ? rows[0] : (rows as { rows: unknown[] }).rows[0]) as { n: number };
      expect(first.n, table).toBe(0);
    }
    const instanceLines = await db()
      .select()
      .from(auditEvents)
      .where(and(isNull(auditEvents.organisationId), eq(auditEvents.targetId, owner.organisationId)));
    expect(instanceLines).toHaveLength(1);
    expect(instanceLines[0]).toMatchObject({ action: "organisation.deleted", actorUserId: null, detail: counts });

    await expectAbsentFromDump(
      [
        name,
        owner.email,
        "Chloe Closing",
        "chloe@contoso.test",
        hash?.hash ?? "no hash",
        "Gus Guest",
        "gus@example.com",
        "gus-secret-note",
        "gus-secret-answer",
        "hana@example.com",
        "hana-secret-note",
        connectionId,
        connector.connectorId,
      ],
      ["Rita Retained", "Olga Other"],
    );
  });
});
