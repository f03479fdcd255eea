import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import { SIM_PASSWORD, simulatorConfig } from "@/lib/calendars/test-helpers";
import {
  type ConnectorEwsAccess,
  createBookingItem,
  createEwsService,
  type EwsTransport,
  readFreeBusy,
  setConnectorRelay,
} from "@/lib/exchange";
import { findSimulatorBookingItems } from "@/lib/exchange/testing/simulator-calendar";

/**
 * The simulator refuses what breaks Microsoft's schema, so a request the app's own code wrote wrong fails
 * the suite instead of passing against a kind simulator. Shown through the gateway's real code path: the
 * app's readers and writers build their requests as always and send them through the connector relay
 * (the seam lib/connectors plugs into at start-up); the relay here carries each envelope over HTTPS to the
 * simulator unchanged, or with one element broken, as a bug in a request builder would.
 */
const simulator = setUpTestSimulator({ clearLogEach: true });
const ALICE = "alice@contoso.test";

/** How the next envelopes are damaged on their way (identity: sent as the app wrote them). */
let damage: (envelope: string) => string = (envelope) => envelope;
/** Every answer the simulator gave, in order. */
const answers: Array<{ status: number; body: string }> = [];

beforeAll(() => {
  // Basic over the simulator's verified TLS: the hop the on-premises connector would make.
  const transport = createEwsService({
    url: simulator.listeners.valid.url,
    auth: { kind: "basic", username: "CONTOSO\\svc-slotbridge", password: SIM_PASSWORD },
    caPem: simulator.caPem,
    timeoutMs: 10_000,
  }).XHRApi as EwsTransport;
  setConnectorRelay(async (input) => {
    const answer = await transport.sendRaw({
      url: simulator.listeners.valid.url,
      headers: { "Content-Type": "text/xml; charset=utf-8" },
      body: damage(input.body),
    });
    answers.push({ status: answer.status, body: answer.body });
    return { ok: true, answer: { status: answer.status, contentType: "text/xml; charset=utf-8", body: answer.body } };
  });
});
afterEach(() => {
  damage = (envelope) => envelope;
  answers.length = 0;
});

const access: ConnectorEwsAccess = {
  via: "connector",
  connectorId: "connector-under-test",
  mailbox: ALICE,
  actAs: ALICE,
  config: simulatorConfig({ timeoutMs: 10_000 }),
};

const window = { start: new Date("2030-01-07T00:00:00Z"), end: new Date("2030-01-08T00:00:00Z") };

function booking() {
  return {
    bookingId: randomUUID(),
    subject: "Intro call",
    location: "Room 4",
    body: "Notes",
    start: new Date("2030-01-07T10:00:00Z"),
    end: new Date("2030-01-07T10:30:00Z"),
    timeZone: "Europe/Berlin",
    attendees: ["zoe@example.net"],
    sendInvitations: false,
  };
}

function expectSchemaRefusal() {
  expect(answers.at(-1)?.status).toBe(500);
  expect(answers.at(-1)?.body).toContain("<faultcode");
  expect(answers.at(-1)?.body).toContain("a:ErrorSchemaValidation");
}

describe("a request the app wrote wrong fails, as it would against Exchange", () => {
  it("free/busy: the app's own GetUserAvailability envelope with its elements out of order", async () => {
    const intact = await readFreeBusy({ ...access, mailboxes: ["bob@contoso.test"], window });
    expect(intact.ok).toBe(true);
    expect(answers.at(-1)?.status).toBe(200);

    damage = (envelope) =>
      envelope.replace(
        "<t:AttendeeType>Required</t:AttendeeType><t:ExcludeConflicts>false</t:ExcludeConflicts>",
        "<t:ExcludeConflicts>false</t:ExcludeConflicts><t:AttendeeType>Required</t:AttendeeType>",
      );
    const broken = await readFreeBusy({ ...access, mailboxes: ["bob@contoso.test"], window });
    expectSchemaRefusal();
    expect(broken).toEqual({
      ok: false,
      failure: { reason: "request-refused", code: "ErrorSchemaValidation", message: expect.any(String) },
    });
  });

  it("a booking write: ews-javascript-api's CreateItem with an element the schema does not know", async () => {
    const written = await createBookingItem({ access, item: booking() });
    expect(written.ok).toBe(true);

    damage = (envelope) => envelope.replace("<t:Subject>", "<t:Subjekt>Intro call</t:Subjekt><t:Subject>");
    const item = booking();
    const refused = await createBookingItem({ access, item });
    expectSchemaRefusal();
    // Named, and not retried: another try cannot mend a request.
    expect(refused).toMatchObject({
      ok: false,
      transient: false,
      message: expect.stringContaining("ErrorSchemaValidation"),
    });
    // Refused at the door: nothing reached the calendar.
    expect(await findSimulatorBookingItems({ simulator, mailbox: ALICE, bookingId: item.bookingId })).toEqual([]);
  });
});
