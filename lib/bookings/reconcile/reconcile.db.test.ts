import { and, eq, sql } from "drizzle-orm";
import {
  Appointment,
  BasePropertySet,
  ConflictResolutionMode,
  DateTime,
  DateTimeKind,
  DeleteMode,
  ItemId,
  PropertySet,
  SendCancellationsMode,
  SendInvitationsOrCancellationsMode,
} from "ews-javascript-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callControl, setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import type { CurrentUser } from "@/lib/auth/session";
import { writeBookingToCalendar } from "@/lib/bookings/calendar-write";
import { cancelBooking } from "@/lib/bookings/manage";
import { disconnectConnection } from "@/lib/calendars/connections";
import { readRequestLog, SIM_PASSWORD, simulatorConfig, testKeys } from "@/lib/calendars/test-helpers";
import { db } from "@/lib/db";
import { bookingHolds, bookings, exchangeConnections } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { runEws } from "@/lib/exchange";
import { findSimulatorBookingItems } from "@/lib/exchange/testing/simulator-calendar";
import {
  connectSimulatorMailbox,
  insertBookingPage,
  reserveTestBooking,
  setUpBookingOrganisation,
} from "../test-helpers";
import { reconcileConnection } from "./reconcile";
import { MOVE_CONFLICT_NOTE } from "./reconcile-apply";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const simulator = setUpTestSimulator({ clearLogEach: true });
const config = simulatorConfig({ timeoutMs: 2_000 });
const keys = testKeys();
const ALICE = "alice@contoso.test";
let owner: CurrentUser;
let alice: CurrentUser;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ owner, alice } = await setUpBookingOrganisation({ simulator, config, keys }));
});
afterAll(async () => {
  await database?.drop();
});

let dayOffset = 0;
const MINUTE = 60_000;

const BUFFERS = { bufferBeforeMinutes: 10, bufferAfterMinutes: 10 };

/** A booking written to Alice's calendar (confirmed), each on its own day, with 10-minute buffers. */
async function bookAndWrite(input: { start?: Date } = {}) {
  const page = await insertBookingPage({
    owner,
    hosts: [{ user: alice, timeZone: "Europe/London" }],
    page: BUFFERS,
  });
  dayOffset += 1;
  const start = input.start ?? new Date(Date.UTC(2031, 2, 1 + dayOffset, 10, 0));
  const customer = { timeZone: "Europe/Paris" };
  const { bookingId } = await reserveTestBooking({ page, hosts: [alice], start, ...BUFFERS, customer });
  expect(await writeBookingToCalendar({ bookingId, config, keys })).toEqual({ status: "confirmed" });
  return { bookingId, start, page };
}

/** Connects Alice's mailbox again after a disconnect, as the set-up first did. */
async function reconnectAlice() {
  const ewsUrl = simulator.listeners.valid.url;
  await connectSimulatorMailbox({ actor: owner, owner: alice, mailbox: ALICE, ewsUrl, config, keys });
}

async function bookingRow(bookingId: string) {
  const [row] = await db().select().from(bookings).where(eq(bookings.id, bookingId));
  if (!row) throw new Error("booking is gone");
  return row;
}

async function holdsOf(bookingId: string) {
  return db()
    .select({
      released: bookingHolds.released,
      from: sql<string>`to_char(lower(${bookingHolds.blockedDuring}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI')`,
      to: sql<string>`to_char(upper(${bookingHolds.blockedDuring}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI')`,
    })
    .from(bookingHolds)
    .where(eq(bookingHolds.bookingId, bookingId));
}

async function aliceConnectionId() {
  const [row] = await db()
    .select({ id: exchangeConnections.id })
    .from(exchangeConnections)
    .where(
      and(eq(exchangeConnections.organisationId, owner.organisationId), eq(exchangeConnections.mailboxEmail, ALICE)),
    );
  if (!row) throw new Error("Alice has no connection");
  return row.id;
}

const reconcile = async () => reconcileConnection({ connectionId: await aliceConnectionId(), config, keys });

/** What Alice does in Outlook, done over EWS with her own credentials through the real client. */
async function asAlice<T>(call: Parameters<typeof runEws<T>>[0]["call"]): Promise<T> {
  const run = await runEws({
    ewsUrl: simulator.listeners.valid.url,
    account: { username: "CONTOSO\\alice", password: SIM_PASSWORD, authMethod: "basic" },
    caPem: simulator.caPem,
    config,
    call,
  });
  if (!run.ok) throw new Error(`Alice's EWS call failed: ${run.failure.reason}`);
  return run.value;
}

async function deleteItemAsAlice(itemId: string) {
  await asAlice(async (service) => {
    const item = await Appointment.Bind(service, new ItemId(itemId), new PropertySet(BasePropertySet.IdOnly));
    await item.Delete(DeleteMode.MoveToDeletedItems, SendCancellationsMode.SendToNone);
  });
}

async function moveItemAsAlice(input: { itemId: string; start: Date; end: Date }) {
  await asAlice(async (service) => {
    const item = await Appointment.Bind(service, new ItemId(input.itemId), new PropertySet(BasePropertySet.IdOnly));
    item.Start = DateTime.Parse(input.start.toISOString(), DateTimeKind.Utc);
    item.End = DateTime.Parse(input.end.toISOString(), DateTimeKind.Utc);
    await item.Update(ConflictResolutionMode.AutoResolve, SendInvitationsOrCancellationsMode.SendToNone);
  });
}

async function itemOf(bookingId: string) {
  const [item, ...more] = await findSimulatorBookingItems({ simulator, mailbox: ALICE, bookingId });
  expect(more).toEqual([]);
  if (!item) throw new Error("the booking has no item in Alice's calendar");
  return item;
}

describe("reconcileConnection", () => {
  it("leaves a booking whose item is where it was alone, asking Exchange only for ids, times and our property", async () => {
    const { bookingId } = await bookAndWrite();
    const before = await bookingRow(bookingId);
    await callControl({ simulator, method: "DELETE", path: "/requests" });

    const outcome = await reconcile();
    expect(outcome.ok).toBe(true);
    expect(await bookingRow(bookingId)).toEqual(before);

    const lookups = (await readRequestLog(simulator)).filter((r) => r.status === 200 && r.operation);
    expect(lookups.length).toBeGreaterThan(0);
    for (const entry of lookups) {
      expect(["GetItem", "FindItem"]).toContain(entry.operation);
      expect(entry.itemShape).toBe(
        "IdOnly + calendar:End, calendar:IsCancelled, calendar:Start + extended SlotbridgeBookingId",
      );
    }
  });

  it("cancels a booking whose item the host deleted, and frees its time", async () => {
    const { bookingId, start, page } = await bookAndWrite();
    await deleteItemAsAlice((await itemOf(bookingId)).id);

    expect(await reconcile()).toMatchObject({ ok: true });
    expect(await bookingRow(bookingId)).toMatchObject({
      status: "cancelled",
      cancelledBy: "calendar",
      cancelReason: "Cancelled in the host's calendar",
    });
    expect((await holdsOf(bookingId)).map((h) => h.released)).toEqual([true]);
    // The same time can be booked again: the exclusion constraint no longer sees the old hold.
    const again = await reserveTestBooking({
      page,
      hosts: [alice],
      start,
      ...BUFFERS,
      customer: { name: "Dan", email: "dan@example.com" },
    });
    expect(again.bookingId).not.toBe(bookingId);
  });

  it("moves a booking and its holds (buffers kept) when the host moves the item", async () => {
    const { bookingId, start } = await bookAndWrite();
    const item = await itemOf(bookingId);
    const sequence = (await bookingRow(bookingId)).icsSequence;
    const newStart = new Date(start.getTime() + 3 * 60 * MINUTE);
    await moveItemAsAlice({ itemId: item.id, start: newStart, end: new Date(newStart.getTime() + 45 * MINUTE) });

    expect(await reconcile()).toMatchObject({ ok: true });
    const row = await bookingRow(bookingId);
    expect(row).toMatchObject({
      status: "confirmed",
      startsAt: newStart,
      endsAt: new Date(newStart.getTime() + 45 * MINUTE),
      exchangeItemId: item.id,
      icsSequence: sequence + 1,
    });
    const day = newStart.toISOString().slice(0, 10);
    expect(await holdsOf(bookingId)).toEqual([{ released: false, from: `${day}T12:50`, to: `${day}T13:55` }]);
    // A second round finds everything in place.
    await reconcile();
    expect(await bookingRow(bookingId)).toEqual(row);
  });

  it("keeps the old time and notes a conflict when the item is moved onto another booking", async () => {
    const first = await bookAndWrite();
    const second = await bookAndWrite({ start: new Date(first.start.getTime() + 2 * 60 * MINUTE) });
    const item = await itemOf(first.bookingId);
    // Onto the second booking's hour: the exclusion constraint refuses the holds.
    await moveItemAsAlice({
      itemId: item.id,
      start: second.start,
      end: new Date(second.start.getTime() + 30 * MINUTE),
    });

    expect(await reconcile()).toMatchObject({ ok: true });
    expect(await bookingRow(first.bookingId)).toMatchObject({
      status: "confirmed",
      startsAt: first.start,
      calendarWriteError: MOVE_CONFLICT_NOTE,
      exchangeItemMissingSince: null,
    });
    expect(await bookingRow(second.bookingId)).toMatchObject({ status: "confirmed", startsAt: second.start });

    // Moved back in Outlook: the note goes.
    await moveItemAsAlice({ itemId: item.id, start: first.start, end: new Date(first.start.getTime() + 30 * MINUTE) });
    await reconcile();
    expect(await bookingRow(first.bookingId)).toMatchObject({ startsAt: first.start, calendarWriteError: null });
  });

  it("reads answers that leave out IsCancelled, the times or the id, as real servers may", async () => {
    const kept = await bookAndWrite();
    const moved = await bookAndWrite();
    const before = await bookingRow(kept.bookingId);
    const movedItem = await itemOf(moved.bookingId);
    const newStart = new Date(moved.start.getTime() + 60 * MINUTE);
    await moveItemAsAlice({ itemId: movedItem.id, start: newStart, end: new Date(newStart.getTime() + 30 * MINUTE) });
    // The omit fault checks each thinned answer against Microsoft's schema: give the calls time for it.
    const patient = simulatorConfig({ timeoutMs: 10_000 });
    const thin = async (elements: string[]) => {
      for (const operation of ["GetItem", "FindItem"]) {
        const rule = { operation, action: { kind: "omit", elements } };
        expect((await callControl({ simulator, method: "POST", path: "/faults", body: rule })).status).toBe(201);
      }
    };

    await thin(["IsCancelled"]);
    const outcome = await reconcileConnection({ connectionId: await aliceConnectionId(), config: patient, keys });
    // (Earlier tests' bookings lost their items when the simulator was reset: only these two are looked at.)
    expect(outcome).toMatchObject({ ok: true });
    expect(await bookingRow(kept.bookingId)).toEqual(before);
    expect(await bookingRow(moved.bookingId)).toMatchObject({ status: "confirmed", startsAt: newStart });

    // Without times an answer says nothing about a move; without an id, nothing about a new one.
    await callControl({ simulator, method: "DELETE", path: "/faults" });
    await thin(["IsCancelled", "Start", "End", "ItemId"]);
    const settled = await bookingRow(moved.bookingId);
    expect(await reconcileConnection({ connectionId: await aliceConnectionId(), config: patient, keys })).toMatchObject(
      {
        ok: true,
      },
    );
    expect(await bookingRow(kept.bookingId)).toEqual(before);
    expect(await bookingRow(moved.bookingId)).toEqual(settled);
  });

  it("changes nothing while Exchange cannot be reached", async () => {
    const { bookingId } = await bookAndWrite();
    await deleteItemAsAlice((await itemOf(bookingId)).id);
    const fault = await callControl({
      simulator,
      method: "POST",
      path: "/faults",
      body: { operation: "GetItem", action: { kind: "server-busy", backOffMs: 100 } },
    });
    expect(fault.status).toBe(201);
    expect(await reconcile()).toMatchObject({ ok: false, reason: "exchange" });
    expect(await bookingRow(bookingId)).toMatchObject({ status: "confirmed" });
  });
});

describe("disconnect and reconnect", () => {
  it("keeps bookings through a disconnect and relinks them to their items on reconnect", async () => {
    const kept = await bookAndWrite();
    const vanished = await bookAndWrite();
    const keptItem = await itemOf(kept.bookingId);
    const vanishedItem = await itemOf(vanished.bookingId);

    await disconnectConnection({ actor: owner, connectionId: await aliceConnectionId() });
    expect(await bookingRow(kept.bookingId)).toMatchObject({
      status: "confirmed",
      exchangeMailbox: ALICE,
      exchangeItemId: keptItem.id,
    });
    // While no connection exists: the host deletes one item, and (as a mailbox move would) the other's id
    // the app holds stops being valid.
    await deleteItemAsAlice(vanishedItem.id);
    await db().update(bookings).set({ exchangeItemId: "AAMkAGI2TG93AAA=" }).where(eq(bookings.id, kept.bookingId));

    await reconnectAlice();

    // Relinked by the SlotbridgeBookingId property, to the id Exchange shows now.
    expect(await bookingRow(kept.bookingId)).toMatchObject({
      status: "confirmed",
      exchangeItemId: (await itemOf(kept.bookingId)).id,
      exchangeItemMissingSince: null,
    });
    // The one whose item went while disconnected is flagged for the host, not cancelled...
    const flagged = await bookingRow(vanished.bookingId);
    expect(flagged.status).toBe("confirmed");
    expect(flagged.exchangeItemMissingSince).toBeInstanceOf(Date);
    // ...and later rounds leave it flagged.
    expect(await reconcile()).toMatchObject({ ok: true });
    expect(await bookingRow(vanished.bookingId)).toMatchObject({
      status: "confirmed",
      exchangeItemMissingSince: flagged.exchangeItemMissingSince,
    });

    // After the reconnect the relinked item is followed again: deleting it cancels the booking.
    await deleteItemAsAlice((await itemOf(kept.bookingId)).id);
    await reconcile();
    expect(await bookingRow(kept.bookingId)).toMatchObject({ status: "cancelled", cancelledBy: "calendar" });
  });

  it("after a reconnect, cancelling in Slotbridge still cancels the Exchange item", async () => {
    const booked = await bookAndWrite();
    await disconnectConnection({ actor: owner, connectionId: await aliceConnectionId() });
    await reconnectAlice();
    expect(
      await cancelBooking({ bookingId: booked.bookingId, by: "host", reason: "Clinic closed", config, keys }),
    ).toEqual({
      ok: true,
      calendar: "done",
    });
    expect(await findSimulatorBookingItems({ simulator, mailbox: ALICE, bookingId: booked.bookingId })).toEqual([]);
    expect(await bookingRow(booked.bookingId)).toMatchObject({ status: "cancelled", calendarPendingChange: null });
  });
});
