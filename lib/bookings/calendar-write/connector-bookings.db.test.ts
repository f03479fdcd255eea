import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import type { CurrentUser } from "@/lib/auth/session";
import { cancelBooking } from "@/lib/bookings/manage";
import { disconnectConnection, saveConnectorConnection } from "@/lib/calendars/connections";
import { simulatorConfig, testKeys } from "@/lib/calendars/test-helpers";
import { answerAsConnector, pairTestConnector } from "@/lib/connectors/test-helpers";
import { db } from "@/lib/db";
import { bookings, exchangeConnections } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { findSimulatorBookingItems } from "@/lib/exchange/testing/simulator-calendar";
import { insertBookingPage, reserveTestBooking, setUpBookingOrganisation } from "../test-helpers";
import { writeBookingToCalendar } from "./calendar-write";

// Bookings of a mailbox that moves behind an on-premises connector: they stay through the disconnect,
// relink to their Exchange items through the connector, and new writes and cancellations go through it.

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const simulator = setUpTestSimulator();
const config = simulatorConfig({ timeoutMs: 3_000 });
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

async function bookingRow(bookingId: string) {
  const [row] = await db().select().from(bookings).where(eq(bookings.id, bookingId));
  if (!row) throw new Error("booking is gone");
  return row;
}

async function aliceConnection() {
  const [row] = await db()
    .select()
    .from(exchangeConnections)
    .where(
      and(eq(exchangeConnections.organisationId, owner.organisationId), eq(exchangeConnections.mailboxEmail, ALICE)),
    );
  if (!row) throw new Error("Alice has no connection");
  return row;
}

describe("a mailbox moved behind a connector", () => {
  it("keeps its bookings, relinks them through the connector, and writes and cancels through it", async () => {
    const page = await insertBookingPage({ owner, hosts: [{ user: alice, timeZone: "Europe/London" }] });
    const earlier = await reserveTestBooking({ page, hosts: [alice], start: new Date(Date.UTC(2031, 4, 5, 10)) });
    expect(await writeBookingToCalendar({ bookingId: earlier.bookingId, config, keys })).toEqual({
      status: "confirmed",
    });
    const [item] = await findSimulatorBookingItems({ simulator, mailbox: ALICE, bookingId: earlier.bookingId });

    // Disconnected, and meanwhile the id the app holds stops being valid (as a mailbox move does).
    await disconnectConnection({ actor: owner, connectionId: (await aliceConnection()).id });
    await db().update(bookings).set({ exchangeItemId: "AAMkAGI2TG93AAA=" }).where(eq(bookings.id, earlier.bookingId));

    const { connectorId } = await pairTestConnector({
      owner,
      name: "Office",
      mailboxes: [{ address: ALICE, impersonate: false }],
    });
    const connector = await answerAsConnector({ connectorId, simulator, user: "alice" });
    try {
      const saved = await saveConnectorConnection({
        actor: owner,
        connectorId,
        mailboxEmail: ALICE,
        ownerUserId: alice.userId,
        config,
        keys,
      });
      expect(saved.ok).toBe(true);
      // Relinked through the connector: found by its SlotbridgeBookingId property, nothing flagged.
      expect(await bookingRow(earlier.bookingId)).toMatchObject({
        status: "confirmed",
        exchangeItemId: item?.id,
        exchangeItemMissingSince: null,
      });
      const operations = connector.seen.map((request) => request.soapAction.split("/").pop());
      expect(operations).toContain("FindItem");

      // A new booking is written through the connector; cancelling it cancels the item through it too.
      const later = await reserveTestBooking({ page, hosts: [alice], start: new Date(Date.UTC(2031, 4, 6, 10)) });
      expect(await writeBookingToCalendar({ bookingId: later.bookingId, config, keys })).toEqual({
        status: "confirmed",
      });
      expect(await findSimulatorBookingItems({ simulator, mailbox: ALICE, bookingId: later.bookingId })).toHaveLength(
        1,
      );
      expect(
        await cancelBooking({ bookingId: later.bookingId, by: "host", reason: "Closed", config, keys }),
      ).toMatchObject({ ok: true, calendar: "done" });
      expect(await findSimulatorBookingItems({ simulator, mailbox: ALICE, bookingId: later.bookingId })).toHaveLength(
        0,
      );
      expect(connector.seen.map((request) => request.soapAction.split("/").pop())).toEqual(
        expect.arrayContaining(["CreateItem"]),
      );
    } finally {
      connector.stop();
    }
  });
});
