import { SEED_PASSWORD } from "@/ews-simulator/data/accounts";
import type { RunningSimulator } from "@/ews-simulator/simulator";
import { readRequestLog, simulatorConfig } from "@/lib/calendars/test-helpers";
import type { DirectEwsAccess } from "@/lib/exchange";

/** Signs in as `user` (default the service account) on the simulator's valid listener. */
export function simulatorAccess(input: {
  simulator: RunningSimulator;
  user?: string;
  authMethod?: DirectEwsAccess["account"]["authMethod"];
  actAs?: string;
  timeoutMs?: number;
}): DirectEwsAccess {
  return {
    ewsUrl: input.simulator.listeners.valid.url,
    account: {
      username: `CONTOSO\\${input.user ?? "svc-slotbridge"}`,
      password: SEED_PASSWORD,
      authMethod: input.authMethod ?? "auto",
    },
    caPem: input.simulator.caPem,
    config: simulatorConfig(input.timeoutMs ? { timeoutMs: input.timeoutMs } : {}),
    ...(input.actAs ? { actAs: input.actAs } : {}),
  };
}

/** The GetUserAvailability calls the simulator received (the NTLM handshake's GETs left out). */
export async function availabilityRequests(simulator: RunningSimulator) {
  return (await readRequestLog(simulator)).filter((entry) => entry.operation === "GetUserAvailability");
}
