import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { callControl, setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import { readRequestLog, SIM_PASSWORD, simulatorConfig } from "@/lib/calendars/test-helpers";
import type { DirectEwsAccess } from "@/lib/exchange/connection/access";
import { readSimulatorCalendar } from "@/lib/exchange/testing/simulator-calendar";
import { BOOKING_ID_PROPERTY } from "./booking-fields";
import {
  type BookingItem,
  cancelBookingItem,
  createBookingItem,
  findBookingItem,
  updateBookingItem,
} from "./calendar-item";
import { findWindowsZoneId } from "./windows-zone";

const simulator = setUpTestSimulator({ clearLogEach: true });

function accessFor(user: string, extra: Partial<DirectEwsAccess> = {}): DirectEwsAccess {
  return {
    ewsUrl: simulator.listeners.valid.url,
    account: { username: `CONTOSO\\${user}`, password: SIM_PASSWORD, authMethod: "auto" },
    caPem: simulator.caPem,
    config: simulatorConfig({ timeoutMs: 1_500 }),
    ...extra,
  };
}

function bookingItem(extra: Partial<BookingItem> = {}): BookingItem {
  return {
    bookingId: randomUUID(),
    subject: 'R&D intro <Zoë> "Customer"',
    location: "Room 4",
    body: "Name: Zoë Customer\nEmail: zoe@example.net\nNotes: about the <contract> & more",
    start: new Date("2030-03-12T14:00:00Z"),
    end: new Date("2030-03-12T14:30:00Z"),
    timeZone: "Europe/Kyiv",
    attendees: ["zoe@example.net"],
    sendInvitations: true,
    ...extra,
  };
}

async function createItemRequests() {
  return (await readRequestLog(simulator)).filter((r) => r.operation === "CreateItem");
}

describe("createBookingItem", () => {
  it("writes the subject, times, zone, attendees, body and the booking id property", async () => {
    const item = bookingItem();
    const result = await createBookingItem({ access: accessFor("alice"), item });
    expect(result.ok).toBe(true);
    const stored = await readSimulatorCalendar({ simulator, mailbox: "alice@contoso.test" });
    const created = stored.find((e) => result.ok && e.id === result.itemId);
    expect(created).toMatchObject({
      subject: item.subject,
      location: "Room 4",
      body: item.body,
      start: "2030-03-12T14:00:00Z",
      end: "2030-03-12T14:30:00Z",
      startTimeZoneId: "FLE Standard Time",
      organizer: "alice@contoso.test",
      requiredAttendees: ["zoe@example.net"],
    });
    expect(created?.extendedProperties).toEqual([
      {
        uri: {
          PropertySetId: BOOKING_ID_PROPERTY.propertySetId,
          PropertyName: BOOKING_ID_PROPERTY.propertyName,
          PropertyType: BOOKING_ID_PROPERTY.propertyType,
        },
        value: item.bookingId,
      },
    ]);
    expect(created?.sendMeetingInvitations).toBe("SendToAllAndSaveCopy");
  });

  it("sends no invitations when the page says so", async () => {
    const item = bookingItem({ sendInvitations: false, attendees: [] });
    const result = await createBookingItem({ access: accessFor("bob"), item });
    expect(result.ok).toBe(true);
    expect(await createItemRequests()).toHaveLength(1);
    const stored = await readSimulatorCalendar({ simulator, mailbox: "bob@contoso.test" });
    expect(stored.find((e) => result.ok && e.id === result.itemId)).toMatchObject({
      requiredAttendees: [],
      sendMeetingInvitations: "SendToNone",
    });
  });

  it("writes into the impersonated mailbox for a service account", async () => {
    const item = bookingItem();
    const access = accessFor("svc-slotbridge", { actAs: "chloe@contoso.test" });
    const result = await createBookingItem({ access, item });
    expect(result.ok).toBe(true);
    const stored = await readSimulatorCalendar({ simulator, mailbox: "chloe@contoso.test" });
    expect(stored.some((e) => e.extendedProperties.some((p) => p.value === item.bookingId))).toBe(true);
  });

  it("reports ErrorServerBusy as transient with the server's BackOffMilliseconds", async () => {
    await callControl({
      simulator,
      method: "POST",
      path: "/faults",
      body: { operation: "CreateItem", action: { kind: "server-busy", backOffMs: 45_000 }, times: 1 },
    });
    const result = await createBookingItem({ access: accessFor("alice"), item: bookingItem() });
    expect(result).toMatchObject({ ok: false, transient: true, backOffMs: 45_000 });
  });

  it("reports an unreachable or failing server as transient", async () => {
    for (const action of [{ kind: "hang" }, { kind: "http-error", status: 503 }]) {
      await callControl({ simulator, method: "POST", path: "/faults", body: { action, times: 1 } });
      const result = await createBookingItem({ access: accessFor("alice"), item: bookingItem() });
      expect(result).toMatchObject({ ok: false, transient: true });
    }
  });

  it("reports a wrong password as permanent, in words without the password", async () => {
    const access = accessFor("alice");
    access.account.password = "Not-The-Password-9";
    const result = await createBookingItem({ access, item: bookingItem() });
    expect(result).toMatchObject({ ok: false, transient: false });
    expect(JSON.stringify(result)).not.toContain("Not-The-Password-9");
  });
});

describe("findBookingItem", () => {
  it("finds the item an earlier write created, and nothing for another booking", async () => {
    const item = bookingItem({ timeZone: "America/New_York" });
    const created = await createBookingItem({ access: accessFor("grace"), item });
    if (!created.ok) throw new Error(created.message);
    const found = await findBookingItem({ access: accessFor("grace"), ...item });
    expect(found).toEqual({ ok: true, itemId: created.itemId });
    const other = await findBookingItem({ access: accessFor("grace"), ...item, bookingId: randomUUID() });
    expect(other).toEqual({ ok: true, itemId: null });
  });
});

async function createdItem(user: string, extra: Partial<BookingItem> = {}) {
  const item = bookingItem(extra);
  const created = await createBookingItem({ access: accessFor(user), item });
  if (!created.ok) throw new Error(created.message);
  return { item, itemId: created.itemId };
}

describe("updateBookingItem", () => {
  it("moves the item to the new time, keeping its id, zone and booking id", async () => {
    const { item, itemId } = await createdItem("alice");
    const moved = { ...item, start: new Date("2030-03-13T09:00:00Z"), end: new Date("2030-03-13T09:30:00Z") };
    expect(await updateBookingItem({ access: accessFor("alice"), itemId, item: moved })).toEqual({ ok: true });
    const stored = await readSimulatorCalendar({ simulator, mailbox: "alice@contoso.test" });
    const found = stored.filter((e) => e.extendedProperties.some((p) => p.value === item.bookingId));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      id: itemId,
      subject: item.subject,
      start: "2030-03-13T09:00:00Z",
      end: "2030-03-13T09:30:00Z",
      startTimeZoneId: "FLE Standard Time",
    });
    const updates = (await readRequestLog(simulator)).filter((r) => r.operation === "UpdateItem");
    expect(updates).toHaveLength(1);
  });

  it("reports an item deleted in Outlook as missing, permanently", async () => {
    const { item, itemId } = await createdItem("bob");
    await cancelBookingItem({ access: accessFor("bob"), itemId, method: "delete_item", sendCancellations: false });
    const result = await updateBookingItem({ access: accessFor("bob"), itemId, item });
    expect(result).toMatchObject({ ok: false, transient: false, missing: true });
  });
});

describe("cancelBookingItem", () => {
  it("cancels the meeting with the reason (CancelCalendarItem) and takes it off the calendar", async () => {
    const { item, itemId } = await createdItem("alice");
    const result = await cancelBookingItem({
      access: accessFor("alice"),
      itemId,
      method: "cancel_item",
      sendCancellations: true,
      reason: "Ill <today> & sorry",
    });
    expect(result).toEqual({ ok: true });
    const stored = await readSimulatorCalendar({ simulator, mailbox: "alice@contoso.test" });
    expect(stored.some((e) => e.extendedProperties.some((p) => p.value === item.bookingId))).toBe(false);
    const creates = (await readRequestLog(simulator)).filter((r) => r.operation === "CreateItem");
    expect(creates).toHaveLength(2);
  });

  it("deletes the item (DeleteItem) for delete_item, and counts an item already gone as cancelled", async () => {
    const { item, itemId } = await createdItem("grace");
    const access = accessFor("grace");
    const first = await cancelBookingItem({ access, itemId, method: "delete_item", sendCancellations: true });
    expect(first).toEqual({ ok: true });
    const stored = await readSimulatorCalendar({ simulator, mailbox: "grace@contoso.test" });
    expect(stored.some((e) => e.extendedProperties.some((p) => p.value === item.bookingId))).toBe(false);
    expect((await readRequestLog(simulator)).some((r) => r.operation === "DeleteItem")).toBe(true);
    for (const method of ["delete_item", "cancel_item"] as const) {
      expect(await cancelBookingItem({ access, itemId, method, sendCancellations: true })).toEqual({ ok: true });
    }
  });

  it("reports a busy server as transient", async () => {
    const { itemId } = await createdItem("alice");
    await callControl({
      simulator,
      method: "POST",
      path: "/faults",
      body: { operation: "DeleteItem", action: { kind: "server-busy", backOffMs: 20_000 }, times: 1 },
    });
    const result = await cancelBookingItem({
      access: accessFor("alice"),
      itemId,
      method: "delete_item",
      sendCancellations: false,
    });
    expect(result).toMatchObject({ ok: false, transient: true });
  });
});

describe("findWindowsZoneId", () => {
  it("maps IANA zones, their newer aliases included, to Windows ids", () => {
    expect(findWindowsZoneId("Europe/Kyiv")).toBe("FLE Standard Time");
    expect(findWindowsZoneId("Asia/Calcutta")).toBe("India Standard Time");
    expect(findWindowsZoneId("America/New_York")).toBe("Eastern Standard Time");
    expect(findWindowsZoneId("Not/AZone")).toBeUndefined();
  });
});
