import os from "node:os";
import { simulatorAllowList } from "@/ews-simulator/allow-list";
import type { RequestLogEntry } from "@/ews-simulator/control/request-log";
import { SEED_PASSWORD } from "@/ews-simulator/data/accounts";
import { fetchTeamFreeBusy } from "@/lib/availability/fetch-team-free-busy";
import { accountsWithExtraMembers, days, mailboxesOf, thisMondayUtc } from "@/lib/availability/testing/simulated-team";
import type { EwsAccess } from "@/lib/exchange";
import { parseAllowedHosts } from "@/lib/net/allowed-hosts";
import { simulatorControl, startBenchSimulator } from "./support/bench-simulator";
import type { TeamBenchSimulator } from "./support/team-bench-simulator";

const LATENCY_MS = 50;
const TEAM_SIZES = [10, 100, 250];
const RUNS = 20;
const WARM_UP_RUNS = 3;
const VIEWERS = 50;
/** Beyond the simulator's twelve seeded people, so the largest team has a real mailbox each. */
const EXTRA_MEMBERS = Math.max(...TEAM_SIZES);

async function availabilityCalls(simulator: TeamBenchSimulator): Promise<RequestLogEntry[]> {
  const log = (await simulatorControl({ simulator, method: "GET", path: "/requests" })) as RequestLogEntry[];
  return log.filter((entry) => entry.operation === "GetUserAvailability");
}

function percentile(input: { values: number[]; p: number }): number {
  const sorted = [...input.values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((input.p / 100) * sorted.length))] ?? 0;
}

interface LookupFigures {
  requests: number;
  wallMs: number;
  /** The simulator's own time for the slowest request: the added latency plus its processing. */
  simulatorMs: number;
}

async function measureLookup(input: {
  simulator: TeamBenchSimulator;
  access: EwsAccess;
  mailboxes: string[];
}): Promise<LookupFigures> {
  const { simulator } = input;
  await simulatorControl({ simulator, method: "DELETE", path: "/requests" });
  const monday = thisMondayUtc();
  const started = performance.now();
  const result = await fetchTeamFreeBusy({
    ...input.access,
    mailboxes: input.mailboxes,
    window: { start: monday, end: days(monday, 7) },
  });
  const wallMs = performance.now() - started;
  if (!result.ok) throw new Error(`lookup failed: ${result.failure.reason}`);
  const calls = await availabilityCalls(simulator);
  return { requests: calls.length, wallMs, simulatorMs: Math.max(...calls.map((call) => call.durationMs)) };
}

async function countSharedCalls(input: { simulator: TeamBenchSimulator; access: EwsAccess; mailboxes: string[] }) {
  const { simulator } = input;
  await simulatorControl({ simulator, method: "DELETE", path: "/requests" });
  const monday = thisMondayUtc();
  const window = { start: monday, end: days(monday, 7) };
  await Promise.all(
    Array.from({ length: VIEWERS }, () => fetchTeamFreeBusy({ ...input.access, mailboxes: input.mailboxes, window })),
  );
  return (await availabilityCalls(simulator)).length;
}

function formatRow(input: { size: number; runs: LookupFigures[] }): string {
  const p = (values: number[], at: number) => percentile({ values, p: at }).toFixed(1);
  const wall = input.runs.map((r) => r.wallMs);
  const simulator = input.runs.map((r) => r.simulatorMs);
  const overhead = input.runs.map((r) => r.wallMs - r.simulatorMs);
  // Every run of a size should need the same number of requests; "3/4" would show it did not.
  const requests = [...new Set(input.runs.map((r) => r.requests))].join("/");
  return [
    String(input.size).padStart(7),
    requests.padStart(12),
    p(wall, 50).padStart(8),
    p(wall, 99).padStart(8),
    p(simulator, 50).padStart(7),
    p(overhead, 50).padStart(12),
    p(overhead, 99).padStart(12),
  ].join("  ");
}

async function main() {
  const { child, simulator } = await startBenchSimulator({ extraMembers: EXTRA_MEMBERS });
  try {
    await simulatorControl({
      simulator,
      method: "POST",
      path: "/faults",
      body: { operation: "GetUserAvailability", latency: { fixedMs: LATENCY_MS } },
    });
    const access: EwsAccess = {
      ewsUrl: simulator.ewsUrl,
      account: { username: "CONTOSO\\svc-slotbridge", password: SEED_PASSWORD, authMethod: "auto" },
      caPem: simulator.caPem,
      config: {
        allowedHosts: parseAllowedHosts(simulatorAllowList({ ewsUrls: [simulator.ewsUrl] })),
        timeoutMs: 15_000,
      },
    };
    const mailboxes = mailboxesOf(accountsWithExtraMembers(EXTRA_MEMBERS));

    console.log(`Team availability lookup, one week, FreeBusy view; simulator latency ${LATENCY_MS} ms per request`);
    console.log(
      `NTLM over HTTPS, ${RUNS} runs per size after ${WARM_UP_RUNS} warm-up; Node ${process.version}, ${os.cpus().length} CPU(s)`,
    );
    console.log("overhead = wall time - the simulator's own time for the slowest request (latency + processing)\n");
    console.log("members  EWS requests  wall p50  wall p99  sim p50  overhead p50  overhead p99   (ms)");
    for (const size of TEAM_SIZES) {
      const team = mailboxes.slice(0, size);
      for (let i = 0; i < WARM_UP_RUNS; i++) await measureLookup({ simulator, access, mailboxes: team });
      const runs: LookupFigures[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await measureLookup({ simulator, access, mailboxes: team }));
      console.log(formatRow({ size, runs }));
    }
    console.log(`\n${VIEWERS} concurrent viewers of the same week:`);
    for (const size of TEAM_SIZES) {
      const calls = await countSharedCalls({ simulator, access, mailboxes: mailboxes.slice(0, size) });
      console.log(
        `  ${String(size).padStart(3)} members: ${calls} EWS call(s) (one lookup needs ${Math.ceil(size / 100)})`,
      );
    }
  } finally {
    child.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${(error as Error)?.message ?? error}`);
  process.exit(1);
});
