import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import autocannon from "autocannon";
import { DateTime } from "luxon";
import { simulatorAllowList } from "@/ews-simulator/allow-list";
import type { RequestLogEntry } from "@/ews-simulator/control/request-log";
import { connectSimulatorMailbox, insertBookingPage } from "@/lib/bookings/test-helpers";
import { addOrganisationCa } from "@/lib/calendars/certificate-authorities";
import { credentialKeysFromEnv } from "@/lib/crypto/keys-from-env";
import { installDatabase } from "@/lib/db";
import { migrateDatabase } from "@/lib/db/migrate";
import { openDatabase } from "@/lib/db/open";
import { provisionDatabase } from "@/lib/db/provision";
import { parseAllowedHosts } from "@/lib/net/allowed-hosts";
import { addMember, newOrganisation } from "@/lib/organisations/test-helpers";
import { startApp } from "@/testing/app-process";
import { testSecrets } from "@/testing/secrets";
import { buildIfStale } from "../build/build-if-stale";
import { simulatorControl, startBenchSimulator } from "./support/bench-simulator";
import type { TeamBenchSimulator } from "./support/team-bench-simulator";

const LATENCY_MS = 50;
const CONNECTIONS = 50;
const DURATION_S = 10;
const SEQUENTIAL_REQUESTS = 100;
/** The target for the p50 overhead above the simulator's latency. */
const TARGET_OVERHEAD_MS = 10;
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

const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"]).stdout?.toString().trim()) || 100;

/**
 * CPU time (user + system) a process has used so far, in ms, from /proc (Linux); undefined elsewhere. Unlike
 * latency it does not grow when other work on the machine competes for the cores.
 */
function cpuMsOf(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

const cpuPerRequest = (input: { before: number | undefined; after: number | undefined; requests: number }) =>
  input.before === undefined || input.after === undefined
    ? "n/a"
    : `${((input.after - input.before) / Math.max(1, input.requests)).toFixed(2)} ms`;

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? 0;
const median = (values: number[]) => percentile(values, 50);
let addressCounter = 0;
/** A fresh documentation-range address per request, so the per-address rate limit measures, not refuses. */
const nextAddress = () => `198.18.${(addressCounter >> 8) & 255}.${addressCounter++ & 255}`;

/** Seeds an organisation whose host has the simulator's alice@contoso.test as calendar and one page. */
async function seedPage(simulator: TeamBenchSimulator): Promise<string> {
  const config = {
    allowedHosts: parseAllowedHosts(simulatorAllowList({ ewsUrls: [simulator.ewsUrl] })),
    timeoutMs: 15_000,
  };
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
      // BENCH_CPU_PROF=<dir>: the app writes a V8 CPU profile there when it stops (see
      // scripts/bench/cpu-profile-summary.ts).
      nodeArgs: process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [],
      env: {
        ...process.env,
        ...secrets,
        ...database.env,
        APP_URL: `http://localhost:${PORT}`,
        SLOTBRIDGE_DEMO: "",
        EXCHANGE_ALLOWED_HOSTS: simulatorAllowList({ ewsUrls: [simulator.ewsUrl] }),
        // The load generator plays the proxy: a fresh X-Forwarded-For address per request (nextAddress).
        TRUSTED_PROXIES: "1",
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
    const sequentialCpu = cpuMsOf(app.child.pid);
    for (let i = 0; i < SEQUENTIAL_REQUESTS; i++) {
      const started = performance.now();
      await get();
      sequential.push(performance.now() - started);
    }
    const sequentialCpuAfter = cpuMsOf(app.child.pid);
    const sequentialTraffic = await exchangeTraffic(simulator);
    // The floor under any route of this app on this machine: Next.js, the proxy and one database round trip.
    const health: number[] = [];
    const healthCpu = cpuMsOf(app.child.pid);
    for (let i = 0; i < SEQUENTIAL_REQUESTS; i++) {
      const started = performance.now();
      const response = await fetch(`${app.url}/api/health`);
      await response.text();
      health.push(performance.now() - started);
    }
    const healthCpuAfter = cpuMsOf(app.child.pid);
    const sequentialSim = median(sequentialTraffic.calls.map((call) => call.durationMs));

    await simulatorControl({ simulator, method: "DELETE", path: "/requests" });
    const loadCpu = cpuMsOf(app.child.pid);
    const loadStarted = performance.now();
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
    const loadCpuAfter = cpuMsOf(app.child.pid);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const traffic = await exchangeTraffic(simulator);
    const { calls } = traffic;
    const simP50 = median(calls.map((call) => call.durationMs));
    const answered = result.requests.total;

    const sequentialOverhead = median(sequential) - sequentialSim;
    const loadOverhead = result.latency.p50 - simP50;
    const verdict = (overhead: number) => (overhead < TARGET_OVERHEAD_MS ? "met" : "not met");
    const loadCpuMs = loadCpu === undefined || loadCpuAfter === undefined ? undefined : loadCpuAfter - loadCpu;

    console.log(`Public slots endpoint, one week of a single-host page (${slots.length} slots), production build`);
    console.log(
      `Simulator latency ${LATENCY_MS} ms per free/busy answer; Node ${process.version}, ${os.cpus().length} CPU(s), load average ${os
        .loadavg()
        .map((load) => load.toFixed(1))
        .join(" ")}`,
    );
    console.log(`database: ${database.target.kind}`);
    console.log(`\nOne client at a time (${SEQUENTIAL_REQUESTS} requests):`);
    console.log(
      `  latency p50 ${median(sequential).toFixed(1)} ms, p90 ${percentile(sequential, 90).toFixed(1)} ms, p99 ${percentile(sequential, 99).toFixed(1)} ms; simulator p50 ${sequentialSim.toFixed(1)} ms`,
    );
    console.log(
      `  overhead p50 ${sequentialOverhead.toFixed(1)} ms above the simulator: the target (p50 overhead < ${TARGET_OVERHEAD_MS} ms) applies to this figure, ${verdict(sequentialOverhead)}`,
    );
    console.log(
      `  app CPU ${cpuPerRequest({ before: sequentialCpu, after: sequentialCpuAfter, requests: SEQUENTIAL_REQUESTS })} per request`,
    );
    console.log(
      `  EWS calls ${sequentialTraffic.calls.length} for ${SEQUENTIAL_REQUESTS} requests; NTLM handshakes ${sequentialTraffic.handshakes}`,
    );
    console.log(
      `  floor: /api/health (Next.js, proxy, one query) p50 ${median(health).toFixed(1)} ms, app CPU ${cpuPerRequest({ before: healthCpu, after: healthCpuAfter, requests: SEQUENTIAL_REQUESTS })} per request`,
    );
    console.log(`\n${CONNECTIONS} concurrent clients for ${DURATION_S} s (autocannon):`);
    console.log(
      `  requests/second ${result.requests.average.toFixed(0)} (${answered} answered, ${result.non2xx} not 2xx, ${result.errors} errors)`,
    );
    console.log(
      `  latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; simulator p50 ${simP50.toFixed(1)} ms`,
    );
    console.log(
      `  overhead p50 ${loadOverhead.toFixed(1)} ms above the simulator, queueing included (< ${TARGET_OVERHEAD_MS} ms: ${verdict(loadOverhead)})`,
    );
    if (loadCpuMs !== undefined) {
      const perRequest = loadCpuMs / Math.max(1, answered);
      console.log(
        `  app CPU ${perRequest.toFixed(2)} ms per request, app busy ${((100 * loadCpuMs) / (loadSeconds * 1000)).toFixed(0)}% of one core; ${CONNECTIONS} requests queued × ${perRequest.toFixed(2)} ms = ${(CONNECTIONS * perRequest).toFixed(0)} ms of CPU ahead of each`,
      );
    }
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
