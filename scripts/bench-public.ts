import os from "node:os";
import autocannon from "autocannon";
import { DateTime } from "luxon";
import type { RequestLogEntry } from "@/ews-simulator/control/request-log";
import { connectSimulatorMailbox, insertBookingPage } from "@/lib/bookings/test-helpers";
import { addOrganisationCa } from "@/lib/calendars/certificate-authorities";
import { credentialKeysFromEnv } from "@/lib/crypto/vault";
import { installDatabase } from "@/lib/db";
import { migrateDatabase } from "@/lib/db/migrate";
import { openDatabase } from "@/lib/db/open";
import { provisionDatabase } from "@/lib/db/provision";
import { parseAllowedHosts } from "@/lib/net/allowed-hosts";
import { addMember, newOrganisation } from "@/lib/organisations/test-helpers";
import { testSecrets } from "../e2e/support/secrets";
import { startApp } from "./lib/app-process";
import { simulatorControl, startBenchSimulator } from "./lib/bench-simulator";
import { buildIfStale } from "./lib/build";
import type { TeamBenchSimulator } from "./lib/team-bench-simulator";

const LATENCY_MS = 50;
const CONNECTIONS = 50;
const DURATION_S = 10;
const SEQUENTIAL_REQUESTS = 40;
const PORT = Number(process.env.BENCH_PORT ?? 3190);

/** The simulator keeps its latest 2,000 requests (control/request-log.ts); a full log undercounts. */
const LOG_CAPACITY = 2_000;

/** What the simulator saw: free/busy calls and NTLM handshakes (each a type-1 → challenge round trip). */
async function exchangeTraffic(simulator: TeamBenchSimulator) {
  const log = (await simulatorControl({ simulator, method: "GET", path: "/requests" })) as RequestLogEntry[];
  return {
    calls: log.filter((entry) => entry.operation === "GetUserAvailability"),
    handshakes: log.filter((entry) => entry.authStep === "ntlm-challenge").length,
    truncated: log.length >= LOG_CAPACITY,
  };
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? 0;
const median = (values: number[]) => percentile(values, 50);
let addressCounter = 0;
/** A fresh documentation-range address per request, so the per-address rate limit measures, not refuses. */
const nextAddress = () => `198.18.${(addressCounter >> 8) & 255}.${addressCounter++ & 255}`;

/** Seeds an organisation whose host has the simulator's alice@contoso.test as calendar and one page. */
async function seedPage(simulator: TeamBenchSimulator): Promise<string> {
  const config = { allowedHosts: parseAllowedHosts("localhost,127.0.0.1"), timeoutMs: 15_000 };
  const keys = credentialKeysFromEnv();
  const owner = await newOrganisation();
  await addOrganisationCa({ actor: owner, pem: simulator.caPem });
  const host = await addMember(owner, "member", "alice@contoso.test");
  await connectSimulatorMailbox({
    actor: owner,
    owner: host,
    mailbox: "alice@contoso.test",
    ewsUrl: simulator.ewsUrl,
    config,
    keys,
  });
  const page = await insertBookingPage({ owner, hosts: [{ user: host, timeZone: "Europe/London" }] });
  return page.slug;
}

async function main() {
  await buildIfStale();
  const secrets = testSecrets();
  // This process seals the host's password with the same key the app will open it with.
  Object.assign(process.env, secrets, { APP_URL: `http://localhost:${PORT}` });
  const serverUrl =
    process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const database = await provisionDatabase({ serverUrl, prefix: "slotbridge_bench" });
  const handle = openDatabase(database.target);
  await migrateDatabase(handle);
  installDatabase(handle);
  const { child, simulator } = await startBenchSimulator({ extraMembers: 0 });
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    const slug = await seedPage(simulator);
    app = await startApp({
      port: PORT,
      output: "ignore",
      // BENCH_CPU_PROF=<dir>: the app writes a V8 CPU profile there when it stops (scripts/cpu-profile-summary.ts).
      nodeArgs: process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [],
      env: {
        ...process.env,
        ...secrets,
        ...database.env,
        APP_URL: `http://localhost:${PORT}`,
        SLOTBRIDGE_DEMO: "",
        EXCHANGE_ALLOWED_HOSTS: "localhost,127.0.0.1",
      },
    });
    await simulatorControl({
      simulator,
      method: "POST",
      path: "/faults",
      body: { operation: "GetUserAvailability", latency: { fixedMs: LATENCY_MS } },
    });
    const monday = DateTime.now().setZone("Europe/London").plus({ weeks: 1 }).startOf("week");
    const url = `${app.url}/api/v1/public/pages/${slug}/slots?start=${monday.toISODate()}&end=${monday.plus({ days: 6 }).toISODate()}&timeZone=Europe/London`;
    const get = async () => {
      const response = await fetch(url, { headers: { "x-forwarded-for": nextAddress() } });
      if (!response.ok) throw new Error(`slots: HTTP ${response.status} ${await response.text()}`);
      return (await response.json()) as { slots: unknown[] };
    };
    const { slots } = await get();
    for (let i = 0; i < 10; i++) await get();

    // One client at a time: the latency a customer sees, with nothing queued in front of it.
    await simulatorControl({ simulator, method: "DELETE", path: "/requests" });
    const sequential: number[] = [];
    for (let i = 0; i < SEQUENTIAL_REQUESTS; i++) {
      const started = performance.now();
      await get();
      sequential.push(performance.now() - started);
    }
    const sequentialTraffic = await exchangeTraffic(simulator);
    // The floor under any route of this app on this machine: Next.js, the proxy and one database round trip.
    const health: number[] = [];
    for (let i = 0; i < SEQUENTIAL_REQUESTS; i++) {
      const started = performance.now();
      const response = await fetch(`${app.url}/api/health`);
      await response.text();
      health.push(performance.now() - started);
    }
    const sequentialSim = median(sequentialTraffic.calls.map((call) => call.durationMs));

    await simulatorControl({ simulator, method: "DELETE", path: "/requests" });
    const result = await autocannon({
      url,
      connections: CONNECTIONS,
      duration: DURATION_S,
      requests: [
        {
          setupRequest: (request) => ({
            ...request,
            headers: { ...request.headers, "x-forwarded-for": nextAddress() },
          }),
        },
      ],
    });
    const traffic = await exchangeTraffic(simulator);
    const { calls } = traffic;
    const simP50 = median(calls.map((call) => call.durationMs));
    const answered = result.requests.total;

    console.log(`Public slots endpoint, one week of a single-host page (${slots.length} slots), production build`);
    console.log(
      `Simulator latency ${LATENCY_MS} ms per free/busy answer; Node ${process.version}, ${os.cpus().length} CPU(s)`,
    );
    console.log(`database: ${database.target.kind}`);
    console.log("\nOne client at a time:");
    console.log(`  latency p50 ${median(sequential).toFixed(1)} ms; simulator p50 ${sequentialSim.toFixed(1)} ms`);
    console.log(
      `  latency p90 ${percentile(sequential, 90).toFixed(1)} ms, p99 ${percentile(sequential, 99).toFixed(1)} ms`,
    );
    console.log(`  overhead p50 ${(median(sequential) - sequentialSim).toFixed(1)} ms above the simulator`);
    console.log(
      `  EWS calls ${sequentialTraffic.calls.length} for ${SEQUENTIAL_REQUESTS} requests; NTLM handshakes ${sequentialTraffic.handshakes}`,
    );
    console.log(`  for scale: /api/health (Next.js, proxy, one query) p50 ${median(health).toFixed(1)} ms`);
    console.log(`\n${CONNECTIONS} concurrent clients for ${DURATION_S} s (autocannon):`);
    console.log(
      `  requests/second ${result.requests.average.toFixed(0)} (${answered} answered, ${result.non2xx} not 2xx, ${result.errors} errors)`,
    );
    console.log(
      `  latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; simulator p50 ${simP50.toFixed(1)} ms`,
    );
    console.log(`  overhead p50 ${(result.latency.p50 - simP50).toFixed(1)} ms above the simulator`);
    console.log(
      `  EWS calls per request ${(calls.length / Math.max(1, answered)).toFixed(3)} (identical lookups in flight share one call)`,
    );
    console.log(
      `  EWS calls ${calls.length}; NTLM handshakes ${traffic.handshakes}${traffic.truncated ? " (the simulator's request log was full: counts are lower bounds)" : ""}`,
    );
  } finally {
    await app?.stop();
    child.disconnect();
    await handle.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${(error as Error)?.stack ?? error}`);
  process.exit(1);
});
