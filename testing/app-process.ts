import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { serverBuild } from "@/scripts/build/build-if-stale";

export interface AppProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function waitUntilHealthy({ url, child, timeoutMs }: { url: string; child: ChildProcess; timeoutMs: number }) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the app at ${url} was not healthy within ${timeoutMs / 1000}s`);
}

/**
 * Starts the production build (`npm start`: server.ts around Next.js) and resolves once /api/health answers. `output` is
 * "inherit", "ignore", or a file path that receives the app's stdout and stderr (its JSON log lines).
 */
export async function startApp({
  port,
  env,
  output = "inherit",
  timeoutMs = 60_000,
  nodeArgs = [],
}: {
  port: number;
  env: NodeJS.ProcessEnv;
  output?: "inherit" | "ignore" | { file: string };
  timeoutMs?: number;
  /** Flags for the app's node process, e.g. ["--cpu-prof", "--cpu-prof-dir=/tmp/prof"] (written on stop). */
  nodeArgs?: string[];
}): Promise<AppProcess> {
  const url = `http://localhost:${port}`;
  // Another server on the port would answer the health check below in this one's place.
  const occupied = await fetch(`${url}/api/health`).then(
    () => true,
    () => false,
  );
  if (occupied) throw new Error(`port ${port} is already in use: stop what listens there or choose another port`);
  const fd = typeof output === "object" ? openSync(output.file, "a") : undefined;
  const stdio = fd ?? (output as "inherit" | "ignore");
  const child = spawn(process.execPath, [...nodeArgs, serverBuild, "-p", String(port)], {
    stdio: ["ignore", stdio, stdio],
    env: { ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (fd !== undefined) closeSync(fd); // the child has its own copy
  // SIGTERM, and SIGKILL if the server has not gone 15 s later (a leftover open response would otherwise
  // hold a test run's clean-up until its time-out); said on stderr, since it should not happen.
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      const kill = setTimeout(() => {
        console.error(`the app on port ${port} did not stop within 15 s of SIGTERM; killing it`);
        child.kill("SIGKILL");
      }, 15_000);
      child.once("exit", () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill("SIGTERM");
    });
  try {
    await waitUntilHealthy({ url, child, timeoutMs });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, child, stop };
}
