import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createCoreHarness } from "@/ews-simulator/core-test-harness";
import type { FaultRule } from "@/ews-simulator/faults";
import { buildRequestEnvelope } from "@/ews-simulator/soap/request-builder";
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

const example = (name: string) =>
  readFileSync(new URL(`../../../ews-simulator/examples/${name}`, import.meta.url), "utf8");

const replay = (operation: string, body: string, status: number) =>
  addFault({ operation, action: { kind: "replay", status, contentType: "text/xml; charset=utf-8", body } });

/**
 * What the simulator answers when Alice writes into Bob's calendar: CreateItem's per-item ErrorAccessDenied,
 * the form Exchange uses for a mailbox the account has no rights on.
 */
function accessDeniedAnswer(): string {
  const harness = createCoreHarness({ now: new Date() });
  const answer = harness.execute({
    as: ALICE,
    xml: buildRequestEnvelope({
      body: `<m:CreateItem SendMeetingInvitations="SendToNone"><m:SavedItemFolderId><t:DistinguishedFolderId Id="calendar"><t:Mailbox><t:EmailAddress>bob@contoso.test</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId></m:SavedItemFolderId>
<m:Items><t:CalendarItem><t:Subject>x</t:Subject><t:Start>2030-06-11T08:00:00Z</t:Start><t:End>2030-06-11T08:30:00Z</t:End></t:CalendarItem></m:Items></m:CreateItem>`,
    }),
  });
  expect(answer.body).toContain("<m:ResponseCode>ErrorAccessDenied</m:ResponseCode>");
  return answer.body;
}

describe("which failures are worth another try", () => {
  it.each([
    [
      "the documented ErrorSchemaValidation fault",
      () => example("SoapFault.ErrorSchemaValidation.UpdateItem.response.xml"),
      500,
      /ErrorSchemaValidation/,
    ],
    [
      "the documented access-denied fault (a client fault without a response code)",
      () => example("SoapFault.GetUserOofSettings.AccessDenied.response.xml"),
      500,
      /refused/,
    ],
    ["CreateItem's ErrorAccessDenied", accessDeniedAnswer, 200, /ErrorAccessDenied/],
  ])("%s: permanent, named in plain words", async (_name, body, status, words) => {
    await replay("CreateItem", body(), status);
    const result = await createBookingItem({ access, item: bookingItem() });
    expect(result).toMatchObject({ ok: false, transient: false });
    expect(!result.ok && result.message).toMatch(words);
    expect(!result.ok && result.message).not.toMatch(/S-1-5|mailbox owner|EmailAddress4/);
  });

  it("impersonation refused and a mailbox that does not exist (the simulator's real answers): permanent", async () => {
    for (const actAs of ["bob@contoso.test", "nobody@contoso.test"]) {
      const result = await createBookingItem({ access: { ...access, actAs }, item: bookingItem() });
      expect(result, actAs).toMatchObject({ ok: false, transient: false });
    }
  });

  it("throttling (exchangelib's recorded fault) and a mailbox database that is down: worth another try", async () => {
    await replay("CreateItem", example("Throttling.ErrorServerBusy.fault.xml"), 500);
    expect(await createBookingItem({ access, item: bookingItem() })).toMatchObject({
      ok: false,
      transient: true,
      backOffMs: 297_749,
    });
    await callControl({ simulator, method: "DELETE", path: "/faults" });
    await replay("CreateItem", accessDeniedAnswer().replace(/ErrorAccessDenied/g, "ErrorMailboxStoreUnavailable"), 200);
    expect(await createBookingItem({ access, item: bookingItem() })).toMatchObject({ ok: false, transient: true });
  });

  it("an item gone before its update is missing, not a failure to retry", async () => {
    const { item, itemId } = await created();
    await cancelBookingItem({ access, itemId, method: "delete_item", sendCancellations: false });
    expect(await updateBookingItem({ access, itemId, item })).toMatchObject({
      ok: false,
      transient: false,
      missing: true,
    });
  });
});

describe("Microsoft's documented answers", () => {
  it("CreateItem: the new item's id is read from the documented answer", async () => {
    await replay("CreateItem", example("CreateItem.CalendarItem.response.xml"), 200);
    expect(await createBookingItem({ access, item: bookingItem() })).toEqual({ ok: true, itemId: "AAAlAFV" });
  });

  it("FindItem (an Exchange 2013 calendar view without our property): no earlier write found", async () => {
    await replay("FindItem", example("FindItem.CalendarView.Exchange2013.response.wire.xml"), 200);
    expect(await findBookingItem({ access, ...bookingItem() })).toEqual({ ok: true, itemId: null });
  });

  it("FindItem's ErrorInvalidIdMalformed: a refusal, not worth another try", async () => {
    await replay("FindItem", example("FindItem.ErrorInvalidIdMalformed.response.xml"), 200);
    const result = await findBookingItem({ access, ...bookingItem() });
    expect(result).toMatchObject({ ok: false, transient: false });
    expect(!result.ok && result.message).toContain("ErrorInvalidIdMalformed");
  });

  it("DeleteItem's ErrorItemNotFound: the item is already gone, which counts as cancelled", async () => {
    const { itemId } = await created();
    await replay("DeleteItem", example("DeleteItem.ErrorItemNotFound.response.xml"), 200);
    expect(await cancelBookingItem({ access, itemId, method: "delete_item", sendCancellations: false })).toEqual({
      ok: true,
    });
  });

  it("UpdateItem's ErrorSchemaValidation fault: permanent", async () => {
    const { item, itemId } = await created();
    await replay("UpdateItem", example("SoapFault.ErrorSchemaValidation.UpdateItem.response.xml"), 500);
    expect(await updateBookingItem({ access, itemId, item })).toMatchObject({
      ok: false,
      transient: false,
      message: expect.stringContaining("ErrorSchemaValidation"),
    });
  });
});
