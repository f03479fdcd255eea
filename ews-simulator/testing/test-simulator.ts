import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type RunningSimulator, type StartSimulatorOptions, startSimulator } from "../simulator";

/**
 * One PKI folder shared by all test files: generated once (a few seconds of RSA key generation), reused
 * after. Tests use `caPem` from memory, which always matches the running listeners even if two first runs race.
 */
export const TEST_PKI_DIR = path.join(os.tmpdir(), "slotbridge-ews-sim-test-pki");

/** The real simulator on ephemeral ports, with the shared test PKI. */
export async function startTestSimulator(options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ pkiDir: TEST_PKI_DIR, allPorts: 0, ...options });
}

export async function callControl(input: {
  simulator: RunningSimulator;
  method: string;
  path: string;
  body?: unknown;
}): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${input.simulator.controlUrl}${input.path}`, {
    method: input.method,
    headers: input.body === undefined ? {} : { "Content-Type": "application/json" },
    body: input.body === undefined ? undefined : JSON.stringify(input.body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

/**
 * One simulator for a test file: started before its tests, stopped after, and (by default) reset to the
 * seed before each test, optionally with the request log cleared too. Returns the running simulator's
 * fields on a stable object, filled in once it has started, so tests read `simulator.listeners…` as usual.
 */
export function setUpTestSimulator(
  options: StartSimulatorOptions & { resetEach?: boolean; clearLogEach?: boolean } = {},
): RunningSimulator {
  const { resetEach = true, clearLogEach = false, ...startOptions } = options;
  const simulator = {} as RunningSimulator;
  beforeAll(async () => {
    Object.assign(simulator, await startTestSimulator(startOptions));
  });
  afterAll(async () => {
    await simulator.stop?.();
  });
  beforeEach(async () => {
    if (resetEach) await callControl({ simulator, method: "POST", path: "/reset" });
    if (clearLogEach) await callControl({ simulator, method: "DELETE", path: "/requests" });
  });
  return simulator;
}
