import { afterEach, describe, expect, it } from "vitest";
import { setUpTestSimulator } from "@/ews-simulator/testing/test-simulator";
import { runEws } from "./ews-session";
import { type FreeBusySlot, readFreeBusy } from "./free-busy";
import { SIM_PASSWORD, simulatorConfig } from "./test-helpers";

/** Mid-afternoon UTC, so the 7-day preview ends in the afternoon (UTC) of the following Wednesday. */
const NOW = new Date("2026-10-21T14:00:00Z");
const simulator = setUpTestSimulator({ now: () => NOW });

async function previewOfBob(): Promise<FreeBusySlot[]> {
  const run = await runEws({
    ewsUrl: simulator.listeners.valid.url,
    account: { username: "CONTOSO\\svc-slotbridge", password: SIM_PASSWORD, authMethod: "ntlm" },
    caPem: simulator.caPem,
    config: simulatorConfig(),
    call: (service) => readFreeBusy({ service, mailbox: "bob@contoso.test", now: NOW }),
  });
  if (!run.ok) throw new Error(`preview failed: ${JSON.stringify(run.failure)}`);
  return run.value;
}

// Bob (New York) on the preview's last day, which ends at 14:00Z: his daily check-in at 08:00 EDT and the
// Wednesday team sync at 09:00 EDT, which ends just as the window does.
const lastDay = [
  { start: "2026-10-28T12:00:00.000Z", end: "2026-10-28T12:15:00.000Z", status: "Busy" },
  { start: "2026-10-28T13:00:00.000Z", end: "2026-10-28T14:00:00.000Z", status: "Busy" },
];
const onLastDay = (slots: FreeBusySlot[]) => slots.filter((slot) => slot.start >= "2026-10-28");

describe("readFreeBusy whatever the app server's zone", () => {
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
