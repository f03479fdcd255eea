import { afterEach, describe, expect, it } from "vitest";
import { setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import { SIM_PASSWORD, simulatorConfig } from "@/lib/calendars/test-helpers";
import { readFreeBusy } from "./read-free-busy";
import type { BusyBlock } from "./types";

/** Mid-afternoon UTC, so the 7-day preview ends in the afternoon (UTC) of the following Wednesday. */
const NOW = new Date("2026-10-21T14:00:00Z");
const simulator = setUpTestSimulator({ now: () => NOW });

async function previewOfBob(): Promise<readonly BusyBlock[]> {
  const result = await readFreeBusy({
    ewsUrl: simulator.listeners.valid.url,
    account: { username: "CONTOSO\\svc-slotbridge", password: SIM_PASSWORD, authMethod: "ntlm" },
    caPem: simulator.caPem,
    config: simulatorConfig(),
    mailboxes: ["bob@contoso.test"],
    window: { start: NOW, end: new Date(NOW.getTime() + 7 * 86_400_000) },
  });
  if (!result.ok || result.mailboxes[0]?.status !== "ok") throw new Error(`preview failed: ${JSON.stringify(result)}`);
  return result.mailboxes[0].busy;
}

// Bob (New York) on the preview's last day, which ends at 14:00Z: his daily check-in at 08:00 EDT and the
// Wednesday team sync at 09:00 EDT, which ends just as the window does.
const lastDay = [
  { start: "2026-10-28T12:00:00.000Z", end: "2026-10-28T12:15:00.000Z", status: "busy" },
  { start: "2026-10-28T13:00:00.000Z", end: "2026-10-28T14:00:00.000Z", status: "busy" },
];
const onLastDay = (slots: readonly BusyBlock[]) => slots.filter((slot) => slot.start >= "2026-10-28");

describe("readFreeBusy (the wizard's one-week preview) whatever the app server's zone", () => {
  const hostZone = process.env.TZ;
  afterEach(() => {
    process.env.TZ = hostZone;
  });

  it("keeps the preview's last hours on a host west of Greenwich", async () => {
    process.env.TZ = "America/Los_Angeles";
    expect(onLastDay(await previewOfBob())).toEqual(lastDay);
  });

  it("gives the same slots in the test zone, west of Greenwich and far east of it", async () => {
    const reference = await previewOfBob();
    expect(onLastDay(reference)).toEqual(lastDay);
    for (const zone of ["America/Los_Angeles", "Pacific/Kiritimati"]) {
      process.env.TZ = zone;
      expect(await previewOfBob()).toEqual(reference);
    }
  });
});
