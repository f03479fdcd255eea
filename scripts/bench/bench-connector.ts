// npm run bench:connector — the latency a connector adds to a free/busy lookup, in real-time and in
// auto-sync mode, against the same lookup made directly. This process plays a second app instance: it
// queues each relayed request in Postgres, the app (production build, behind HTTPS) holds the connector's
// channel or answers its polls, the real connector program relays to the simulator, and the answer comes
// back over NOTIFY: the path a lookup takes when several instances run behind a load balancer.

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { simulatorAllowList } from "@/ews-simulator/allow-list";
import { SEED_PASSWORD } from "@/ews-simulator/data/accounts";
import { ensurePki } from "@/ews-simulator/pki/pki";
import { fetchTeamFreeBusy } from "@/lib/availability/fetch-team-free-busy";
import { connectorState } from "@/lib/calendars/connector-state";
import { installConnectorRelay } from "@/lib/connectors/relay";
import { createConnector } from "@/lib/connectors/service";
import { installDatabase } from "@/lib/db";
import { migrateDatabase } from "@/lib/db/migrate";
import { openDatabase } from "@/lib/db/open";
import { provisionDatabase } from "@/lib/db/provision";
import { connectors } from "@/lib/db/schema";
import type { ConnectorEwsAccess, DirectEwsAccess } from "@/lib/exchange";
import { parseAllowedHosts } from "@/lib/net/allowed-hosts";
import { newOrganisation } from "@/lib/organisations/test-helpers";
import { startApp } from "@/testing/app-process";
import { startHttpsFront } from "@/testing/https-front";
import { testSecrets } from "@/testing/secrets";
import { buildIfStale } from "../build/build-if-stale";
import { startBenchSimulator } from "./support/bench-simulator";

const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const WARM_UP = 5;
const PORT = Number(process.env.BENCH_PORT ?? 3295);
const POLL_SECONDS = 1;
const MAILBOX = "alice@contoso.test";
const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? 0;

function connectorCli(input: { stateDir: string; args: string[]; env?: Record<string, string> }) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(tsx, ["connector/main.ts", "--state-dir", input.stateDir, ...input.args], {
      env: { ...process.env, ...input.env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let errors = "";
    child.stderr.on("data", (chunk) => {
      errors += chunk;
    });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`connector ${input.args[0]}: ${errors}`))));
  });
}

async function waitForMode(input: { db: ReturnType<typeof openDatabase>["db"]; connectorId: string; mode: string }) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const [row] = await input.db.select().from(connectors).where(eq(connectors.id, input.connectorId));
    const state = row ? connectorState(row) : undefined;
    if (state?.kind === "online" && state.mode === input.mode) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the connector did not reach ${input.mode} mode within a minute`);
}

/**
 * `pauseUpToMs`: a random pause before each lookup (not counted). Lookups made back to back would all
 * start just after a poll and wait a whole interval; real ones arrive at any point between two polls.
 */
async function measure(lookup: () => Promise<boolean>, pauseUpToMs = 0): Promise<number[]> {
  for (let i = 0; i < WARM_UP; i++) if (!(await lookup())) throw new Error("a warm-up lookup failed");
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    if (pauseUpToMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * pauseUpToMs));
    const started = performance.now();
    if (!(await lookup())) throw new Error("a lookup failed");
    times.push(performance.now() - started);
  }
  return times;
}

async function main() {
  await buildIfStale();
  const secrets = testSecrets();
  Object.assign(process.env, secrets);
  const serverUrl =
    process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  installConnectorRelay();
  const database = await provisionDatabase({ serverUrl, prefix: "slotbridge_bench_connector" });
  const handle = openDatabase(database.target);
  await migrateDatabase(handle);
  installDatabase(handle);
  const stateDir = mkdtempSync(path.join(os.tmpdir(), "slotbridge-bench-connector-"));
  const { child: simulatorChild, simulator } = await startBenchSimulator({ extraMembers: 0 });
  const { credentials } = await ensurePki({ dir: simulator.pkiDir });
  const front = await startHttpsFront({ targetPort: PORT, credentials: credentials.valid });
  let connector: ChildProcess | undefined;
  const stopConnector = async () => {
    if (!connector || connector.exitCode !== null) return;
    const exited = new Promise((resolve) => connector?.once("exit", resolve));
    connector.kill("SIGTERM");
    await exited;
  };
  const app = await startApp({
    port: PORT,
    output: "ignore",
    env: {
      ...process.env,
      ...database.env,
      APP_URL: front.url,
      SLOTBRIDGE_DEMO: "",
      EXCHANGE_ALLOWED_HOSTS: "",
      CONNECTOR_POLL_SECONDS: String(POLL_SECONDS),
    },
  });
  try {
    const owner = await newOrganisation();
    const { code, connectorId } = await createConnector({ actor: owner, name: "Bench" });
    await connectorCli({
      stateDir,
      args: ["pair", "--server", front.url, "--code", code, "--server-ca", simulator.caFile],
    });
    await connectorCli({
      stateDir,
      args: [
        "add-account",
        "--ews-url",
        simulator.ewsUrl,
        "--username",
        "CONTOSO\\alice",
        "--mailbox",
        MAILBOX,
        "--exchange-ca",
        simulator.caFile,
      ],
      env: { SLOTBRIDGE_EXCHANGE_PASSWORD: SEED_PASSWORD },
    });
    const startConnector = (extra: string[]) => {
      connector = spawn(tsx, ["connector/main.ts", "--state-dir", stateDir, "run", ...extra], {
        env: { ...process.env, LOG_LEVEL: "warn" },
        stdio: ["ignore", "ignore", "inherit"],
      });
    };

    const config = {
      allowedHosts: parseAllowedHosts(simulatorAllowList({ ewsUrls: [simulator.ewsUrl] })),
      timeoutMs: 15_000,
    };
    const direct: DirectEwsAccess = {
      ewsUrl: simulator.ewsUrl,
      account: { username: "CONTOSO\\alice", password: SEED_PASSWORD, authMethod: "ntlm" },
      caPem: simulator.caPem,
      config,
    };
    const throughConnector: ConnectorEwsAccess = { via: "connector", connectorId, mailbox: MAILBOX, config };
    const lookup = (access: DirectEwsAccess | ConnectorEwsAccess) => async () => {
      const start = new Date();
      const result = await fetchTeamFreeBusy({
        ...access,
        mailboxes: [MAILBOX],
        window: { start, end: new Date(start.getTime() + 7 * 86_400_000) },
      });
      return result.ok && result.members[0]?.status === "ok";
    };

    const directTimes = await measure(lookup(direct));
    startConnector([]);
    await waitForMode({ db: handle.db, connectorId, mode: "realtime" });
    const realtimeTimes = await measure(lookup(throughConnector));
    await stopConnector();
    startConnector(["--auto-sync", "--poll-interval", String(POLL_SECONDS)]);
    await waitForMode({ db: handle.db, connectorId, mode: "auto-sync" });
    const autoSyncTimes = await measure(lookup(throughConnector), POLL_SECONDS * 1000);

    const directP50 = percentile(directTimes, 50);
    const directP99 = percentile(directTimes, 99);
    console.log("Free/busy lookup of one mailbox for a week, through the connector vs direct");
    console.log(
      `${RUNS} lookups each, one at a time; Node ${process.version}, ${os.cpus().length} CPU(s), load average ${os
        .loadavg()
        .map((load) => load.toFixed(1))
        .join(" ")}; database ${database.target.kind}`,
    );
    console.log(
      "path: this process queues → Postgres NOTIFY → app (next start, behind HTTPS) → connector → simulator,",
    );
    console.log("and back: connector → app → NOTIFY → this process\n");
    const row = (name: string, times: number[]) => {
      const p50 = percentile(times, 50);
      const p99 = percentile(times, 99);
      const added =
        name === "direct"
          ? ""
          : `   added p50 ${(p50 - directP50).toFixed(1)} ms, p99 ${(p99 - directP99).toFixed(1)} ms`;
      console.log(
        `${name.padEnd(30)} p50 ${p50.toFixed(1).padStart(7)} ms   p99 ${p99.toFixed(1).padStart(7)} ms${added}`,
      );
    };
    row("direct", directTimes);
    row("connector, real time", realtimeTimes);
    row(`connector, auto-sync (poll ${POLL_SECONDS} s)`, autoSyncTimes);
  } finally {
    await stopConnector();
    await app.stop();
    await front.stop();
    simulatorChild.kill();
    await handle.close();
    await database.drop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
