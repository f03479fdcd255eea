import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { FaultRule } from "@/ews-simulator/faults";
import { callControl, setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import { SIM_PASSWORD, simulatorConfig } from "@/lib/calendars/test-helpers";
import type { DirectEwsAccess } from "@/lib/exchange/connection/access";
import { createBookingItem } from "./calendar-item";
import { type BookingItemFacts, readBookingItems, searchBookingItems } from "./search-items";

/**
 * Reconciliation's reads, against answers in the forms real servers send: the simulator's own, and the same
 * with optional elements left out (its "omit" fault, which refuses any omission Microsoft's schema forbids).
 */
const simulator = setUpTestSimulator();

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

const start = new Date("2030-05-14T09:00:00Z");
const end = new Date("2030-05-14T09:45:00Z");

async function createItem() {
  const bookingId = randomUUID();
  const created = await createBookingItem({
    access,
    item: {
      bookingId,
      subject: "Consultation",
      location: "Room 4",
      body: "Name: Cara",
      start,
      end,
      timeZone: "Europe/Berlin",
      attendees: [],
      sendInvitations: false,
    },
  });
  if (!created.ok) throw new Error(created.message);
  return { bookingId, itemId: created.itemId };
}

async function omit(operation: "GetItem" | "FindItem", elements: string[]) {
  const rule: FaultRule = { operation, action: { kind: "omit", elements } };
  expect((await callControl({ simulator, method: "POST", path: "/faults", body: rule })).status).toBe(201);
}

/** The facts found, or the failure as it came (so a failing test shows its message). */
const listed = <K>(found: { ok: true; value: Map<K, BookingItemFacts> } | { ok: false; message: string }) =>
  found.ok ? [...found.value.entries()] : found;
const read = async (itemId: string) => listed(await readBookingItems({ access, itemIds: [itemId] }));
const search = async () =>
  listed(
    await searchBookingItems({ access, from: new Date("2030-05-13T00:00:00Z"), to: new Date("2030-05-16T00:00:00Z") }),
  );

describe("reading the app's own items", () => {
  it("reads id, times, the cancelled flag and the booking id by id and by search", async () => {
    const { bookingId, itemId } = await createItem();
    const facts = { itemId, bookingId, start, end, isCancelled: false };
    expect(await read(itemId)).toEqual([[itemId, facts]]);
    expect(await search()).toEqual([[bookingId, facts]]);
  });

  it.each(["GetItem", "FindItem"] as const)("%s without IsCancelled: the item is not cancelled", async (operation) => {
    const { bookingId, itemId } = await createItem();
    await omit(operation, ["IsCancelled"]);
    const facts = { itemId, bookingId, start, end, isCancelled: false };
    if (operation === "GetItem") expect(await read(itemId)).toEqual([[itemId, facts]]);
    else expect(await search()).toEqual([[bookingId, facts]]);
  });

  it.each(["GetItem", "FindItem"] as const)(
    "%s without ServerVersionInfo, Start and End: found, times unknown",
    async (operation) => {
      const { bookingId, itemId } = await createItem();
      await omit(operation, ["ServerVersionInfo", "Start", "End"]);
      const facts = { itemId, bookingId, start: null, end: null, isCancelled: false };
      if (operation === "GetItem") expect(await read(itemId)).toEqual([[itemId, facts]]);
      else expect(await search()).toEqual([[bookingId, facts]]);
    },
  );

  it("GetItem without the item's id or our property: the asked id, and no booking id (so not this booking's item)", async () => {
    const { itemId } = await createItem();
    await omit("GetItem", ["ItemId", "ExtendedProperty"]);
    expect(await read(itemId)).toEqual([[itemId, { itemId, bookingId: null, start, end, isCancelled: false }]]);
  });

  it("FindItem without the item's id: found by our property, its id unknown", async () => {
    const { bookingId } = await createItem();
    await omit("FindItem", ["ItemId"]);
    expect(await search()).toEqual([[bookingId, { itemId: null, bookingId, start, end, isCancelled: false }]]);
  });
});

describe("Microsoft's documented FindItem answer", () => {
  it("an Exchange 2013 calendar view without IsCancelled or our property: read, and none of the items is ours", async () => {
    const body = readFileSync(
      new URL("../../../ews-simulator/examples/FindItem.CalendarView.Exchange2013.response.wire.xml", import.meta.url),
      "utf8",
    );
    const rule: FaultRule = {
      operation: "FindItem",
      action: { kind: "replay", status: 200, contentType: "text/xml; charset=utf-8", body },
    };
    expect((await callControl({ simulator, method: "POST", path: "/faults", body: rule })).status).toBe(201);
    expect(await search()).toEqual([]);
  });
});
