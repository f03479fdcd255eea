import { ConnectingIdType, ImpersonatedUserId } from "ews-javascript-api";
import { describe, expect, it } from "vitest";
import { createEwsService } from "@/lib/exchange";
import type { RequestLogEntry } from "./control/request-log";
import { callAvailability, captureRejection } from "./testing/availability-call";
import { callControl, setUpTestSimulator } from "./testing/test-simulator";

/** The real protocol core behind HTTPS, NTLMv2 and ews-javascript-api with Slotbridge's transport. */
const simulator = setUpTestSimulator({ resetEach: false });

function service() {
  return createEwsService({
    url: simulator.listeners.valid.url,
    auth: { kind: "ntlm", username: "svc-slotbridge", domain: "CONTOSO", password: "Simulator-Pass-1" },
    caPem: simulator.caPem,
    timeoutMs: 10_000,
  });
}

/** This week's Monday (UTC date): the seed lays calendars out around the current week. */
function thisMonday(): string {
  const now = new Date();
  const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return monday.toISOString().slice(0, 10);
}

describe("GetUserAvailability end to end", () => {
  it("answers every mailbox in order, with the seeded events", async () => {
    const mailboxes = ["alice@contoso.test", "bob@contoso.test", "hiro@contoso.test"];
    const days = [0, 1, 2, 3, 4].map((offset) => {
      const day = new Date(`${thisMonday()}T00:00:00Z`);
      day.setUTCDate(day.getUTCDate() + offset);
      return day.toISOString().slice(0, 10);
    });
    let events = 0;
    for (const day of days) {
      const result = await callAvailability({ service: service(), mailboxes, day });
      expect(result.AttendeesAvailability.Count).toBe(mailboxes.length);
      for (let i = 0; i < mailboxes.length; i++) {
        const availability = result.AttendeesAvailability.__thisIndexer(i);
        expect(availability.ErrorCode).toBe(0); // ServiceError.NoError
        events += availability.CalendarEvents.length;
      }
    }
    expect(events).toBeGreaterThan(0);
    const log = (await callControl({ simulator, method: "GET", path: "/requests" })).json as RequestLogEntry[];
    expect(log.filter((e) => e.status === 200).at(-1)).toMatchObject({
      operation: "GetUserAvailability",
      account: "svc-slotbridge@contoso.test",
      authScheme: "NTLM",
      mailboxes,
    });
  });

  it("impersonation of an allowed mailbox works; an unknown mailbox is refused by the core", async () => {
    const allowed = service();
    allowed.ImpersonatedUserId = new ImpersonatedUserId(ConnectingIdType.SmtpAddress, "alice@contoso.test");
    expect(
      (await callAvailability({ service: allowed, mailboxes: ["bob@contoso.test"] })).AttendeesAvailability.Count,
    ).toBe(1);
    const unknown = service();
    unknown.ImpersonatedUserId = new ImpersonatedUserId(ConnectingIdType.SmtpAddress, "nobody@contoso.test");
    const error = await captureRejection(() => callAvailability({ service: unknown, mailboxes: ["bob@contoso.test"] }));
    expect(error.HttpStatusCode).toBe(500);
  });

  it("ErrorServerBusy from the real core carries the back-off to the client", async () => {
    await callControl({
      simulator,
      method: "POST",
      path: "/faults",
      body: { action: { kind: "server-busy", backOffMs: 1234 }, times: 1 },
    });
    const error = await captureRejection(() =>
      callAvailability({ service: service(), mailboxes: ["bob@contoso.test"] }),
    );
    expect(error.ErrorDetails?.get?.("BackOffMilliseconds")).toBe("1234");
  });
});
