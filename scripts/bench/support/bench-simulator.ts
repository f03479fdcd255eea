// The benchmarks' side of the EWS simulator that ./team-bench-simulator.ts runs in a process of its own
// (so its CPU time is not counted as the code under test's): start it, and call its control API.
import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TeamBenchSimulator } from "./team-bench-simulator";

/** Starts the simulator with `extraMembers` people beyond its seed; resolves once it reports its addresses. */
export function startBenchSimulator(input: {
  extraMembers: number;
}): Promise<{ child: ChildProcess; simulator: TeamBenchSimulator }> {
  const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), "team-bench-simulator.ts");
  // fork() passes this process's execArgv on, so the child runs TypeScript through tsx as well.
  const child = fork(entry, [String(input.extraMembers)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    child.once("message", (simulator) => resolve({ child, simulator: simulator as TeamBenchSimulator }));
    child.once("exit", (code) => reject(new Error(`the simulator exited with code ${code}`)));
  });
}

/** One control API call; the JSON answer, or undefined for an empty one. Throws on a non-2xx status. */
export async function simulatorControl(input: {
  simulator: TeamBenchSimulator;
  method: string;
  path: string;
  body?: unknown;
}) {
  const response = await fetch(`${input.simulator.controlUrl}${input.path}`, {
    method: input.method,
    headers: input.body === undefined ? {} : { "Content-Type": "application/json" },
    body: input.body === undefined ? undefined : JSON.stringify(input.body),
  });
  if (!response.ok) throw new Error(`control ${input.method} ${input.path}: HTTP ${response.status}`);
  const text = await response.text();
  return text ? (JSON.parse(text) as unknown) : undefined;
}
