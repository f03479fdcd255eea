import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_PASSWORD } from "../data/accounts";
import type { RunningSimulator } from "../simulator";
import { startTestSimulator } from "../testing/test-simulator";

/**
 * A second, independent EWS client: Debian's python3-exchangelib runs exchangelib_conformance.py
 * against the real simulator (HTTPS with the test CA, NTLM and Basic), and each of its checks is
 * one test here. Without /usr/bin/python3 and exchangelib the checks are skipped, never passed.
 */
const PYTHON = "/usr/bin/python3";
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), "exchangelib_conformance.py");
const INSTALL = "apt-get install -y python3-exchangelib tzdata";

/** The script's checks, in its order (one test each; the first test holds the script to this list). */
const EXCHANGELIB_CHECKS = [
  "tls: only the simulator's test CA is trusted; a self-signed listener is refused",
  "NTLM sign-in",
  "Basic sign-in",
  "server version detected without configuration (exchangelib's ConvertId probe)",
  "account.root: the folder hierarchy",
  "account.calendar",
  "calendar.view() expands recurring series",
  ".only() asks for and returns just those fields",
  "max_items limits a view",
  "get by id (single item and occurrence)",
  "create in Europe/Berlin with attendees, categories and importance, read back intact",
  "update (subject, location, categories, importance, time)",
  "delete with meeting cancellations",
  "cancel() a meeting",
  "soft_delete()",
  "move_to_trash()",
  "protocol.get_free_busy_info for three mailboxes (own matches calendar.view)",
  "impersonation allowed",
  "impersonation denied",
  "resolve_names",
  "an invalid request is refused with ErrorSchemaValidation",
  "forced version Exchange2010_SP2 accepted",
  "forced version Exchange2016 accepted",
  "GetServerTimeZones: every zone converts for this year",
];

interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
  ms: number;
}

/** Why the checks cannot run here, or undefined when exchangelib is installed. */
function findMissingClient(): string | undefined {
  const probe = spawnSync(PYTHON, ["-c", "import exchangelib, zoneinfo; zoneinfo.ZoneInfo('Europe/Berlin')"], {
    encoding: "utf8",
  });
  if (probe.error) return `${PYTHON} not found: install Debian's exchangelib as root (${INSTALL})`;
  if (probe.status !== 0) return `exchangelib or tzdata is missing for ${PYTHON}: run ${INSTALL} as root`;
  return undefined;
}

function runScript(input: { simulator: RunningSimulator; output: string }): Promise<{ code: number; stderr: string }> {
  const { simulator } = input;
  return new Promise((resolve, reject) => {
    // Asynchronous on purpose: the simulator answers from this same process.
    // A clean environment: no proxy or CA bundle of the machine's reaches the client.
    const env = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      LANG: "C.UTF-8",
      NODE_ENV: "test" as const,
      EWS_URL: simulator.listeners.valid.url,
      EWS_UNTRUSTED_URL: simulator.listeners["self-signed"].url,
      EWS_CA_FILE: simulator.caFile,
      EWS_CONTROL_URL: simulator.controlUrl,
      EWS_PASSWORD: SEED_PASSWORD,
    };
    const child = spawn(PYTHON, [SCRIPT, input.output], { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-20_000);
    });
    child.on("error", reject);
    child.on("close", (code: number | null) => resolve({ code: code ?? 1, stderr }));
  });
}

describe("exchangelib (python3-exchangelib) against the simulator", () => {
  const missing = findMissingClient();
  let simulator: RunningSimulator | undefined;
  let workDir: string | undefined;
  let results = new Map<string, CheckResult>();
  let failure: string | undefined;

  beforeAll(async () => {
    if (missing) {
      console.warn(`exchangelib checks skipped: ${missing}`);
      return;
    }
    simulator = await startTestSimulator();
    workDir = mkdtempSync(path.join(os.tmpdir(), "slotbridge-exchangelib-"));
    const output = path.join(workDir, "results.json");
    const run = await runScript({ simulator, output });
    try {
      const report = JSON.parse(readFileSync(output, "utf8")) as { checks: CheckResult[] };
      results = new Map(report.checks.map((check) => [check.name, check]));
    } catch {
      failure = `the conformance script exited with ${run.code} and wrote no results:\n${run.stderr}`;
    }
  }, 240_000);

  afterAll(async () => {
    await simulator?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("the script runs exactly the checks listed here", (context) => {
    if (missing) context.skip(missing);
    const listed = spawnSync(PYTHON, [SCRIPT, "--list"], { encoding: "utf8" });
    expect(JSON.parse(listed.stdout)).toEqual(EXCHANGELIB_CHECKS);
  });

  for (const name of EXCHANGELIB_CHECKS) {
    it(name, (context) => {
      if (missing) context.skip(missing);
      if (failure) throw new Error(failure);
      const result = results.get(name);
      if (!result) throw new Error("the conformance script did not report this check");
      if (!result.ok) throw new Error(result.detail);
    });
  }
});
