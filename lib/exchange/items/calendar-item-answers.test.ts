import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { FaultRule } from "@/ews-simulator/faults";
import { callControl, setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import { SIM_PASSWORD, simulatorConfig } from "@/lib/calendars/test-helpers";
import type { DirectEwsAccess } from "@/lib/exchange/connection/access";
import { findSimulatorBookingItems } from "@/lib/exchange/testing/simulator-calendar";
import {
  type BookingItem,
  cancelBookingItem,
  createBookingItem,
  findBookingItem,
  updateBookingItem,
} from "./calendar-item";

/**
 * The booking write path against answers that leave out what Microsoft's schema lets a server leave out (the
 * simulator's "omit" fault, which refuses any omission the schema forbids).
 */
const simulator = setUpTestSimulator();
const ALICE = "alice@contoso.test";

const access: DirectEwsAccess = {
  get ewsUrl() {
    return simulator.listeners.valid.url;
  },
  account: { username: "CONTOSO\\alice", password: SIM_PASSWORD, authMethod: "basic" },
  get caPem() {
    return simulator.caPem;
  },
  // The omit fault checks each thinned answer against the schema (~0.5 s on a busy machine).
  config: simulatorConfig({ timeoutMs: 10_000 }),
};

function bookingItem(): BookingItem {
  return {
    bookingId: randomUUID(),
    subject: "Consultation",
    location: "Room 4",
    body: "Name: Cara",
    start: new Date("2030-06-11T08:00:00Z"),
    end: new Date("2030-06-11T08:30:00Z"),
    timeZone: "Europe/Berlin",
    attendees: ["cara@example.com"],
    sendInvitations: true,
  };
}

async function addFault(rule: FaultRule) {
  expect((await callControl({ simulator, method: "POST", path: "/faults", body: rule })).status).toBe(201);
}

const omit = (operation: string, elements: string[]) => addFault({ operation, action: { kind: "omit", elements } });

async function created() {
  const item = bookingItem();
  const result = await createBookingItem({ access, item });
  if (!result.ok) throw new Error(result.message);
  return { item, itemId: result.itemId };
}

const itemsOf = (bookingId: string) => findSimulatorBookingItems({ simulator, mailbox: ALICE, bookingId });

describe("answers without their optional parts", () => {
  it("CreateItem without ServerVersionInfo or the new item's id: the item is found by its booking id", async () => {
    const item = bookingItem();
    await omit("CreateItem", ["ServerVersionInfo", "ItemId"]);
    const result = await createBookingItem({ access, item });
    const [stored, ...more] = await itemsOf(item.bookingId);
    expect(more).toEqual([]);
    expect(result).toEqual({ ok: true, itemId: stored?.id });
  });

  it("FindItem without ServerVersionInfo finds the earlier write; without our property, nothing", async () => {
    const { item, itemId } = await created();
    await omit("FindItem", ["ServerVersionInfo"]);
    expect(await findBookingItem({ access, ...item })).toEqual({ ok: true, itemId });
    await callControl({ simulator, method: "DELETE", path: "/faults" });
    await omit("FindItem", ["ExtendedProperty"]);
    expect(await findBookingItem({ access, ...item })).toEqual({ ok: true, itemId: null });
  });

  it("UpdateItem and its GetItem without ServerVersionInfo, the item's id or conflict results", async () => {
    const { item, itemId } = await created();
    await omit("GetItem", ["ServerVersionInfo"]);
    await omit("UpdateItem", ["ServerVersionInfo", "ItemId", "ConflictResults"]);
    const moved = { ...item, start: new Date("2030-06-12T08:00:00Z"), end: new Date("2030-06-12T08:30:00Z") };
    expect(await updateBookingItem({ access, itemId, item: moved })).toEqual({ ok: true });
    expect(await itemsOf(item.bookingId)).toMatchObject([{ id: itemId, start: "2030-06-12T08:00:00Z" }]);
  });

  it("CancelCalendarItem and DeleteItem without ServerVersionInfo", async () => {
    for (const method of ["cancel_item", "delete_item"] as const) {
      const { item, itemId } = await created();
      await omit(method === "cancel_item" ? "CreateItem" : "DeleteItem", ["ServerVersionInfo"]);
      await omit("GetItem", ["ServerVersionInfo"]);
      expect(await cancelBookingItem({ access, itemId, method, sendCancellations: true })).toEqual({ ok: true });
      expect(await itemsOf(item.bookingId)).toEqual([]);
      await callControl({ simulator, method: "DELETE", path: "/faults" });
    }
  });
});
