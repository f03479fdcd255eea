import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { RunningSimulator } from "@/ews-simulator/simulator";

// The e2e server starts the EWS simulator on ephemeral ports; specs learn its addresses from this file,
// one per app port, so two runs on different ports never read each other's.

export type SimulatorInfo = Pick<RunningSimulator, "listeners" | "controlUrl"> & {
  /** The test PKI's folder: specs read the unrelated root ("untrusted-root-ca.pem") to upload as a private CA. */
  pkiDir: string;
};

function infoFile(port: number) {
  return path.join(process.cwd(), ".data", "e2e", `ews-simulator-${port}.json`);
}

/** Where the e2e app's stdout and stderr (its JSON log lines) go, for specs that check what was logged. */
export function appLogFile(port = Number(process.env.E2E_PORT ?? 3100)) {
  return path.join(process.cwd(), ".data", "e2e", `app-${port}.log`);
}

/** Everything the e2e app has logged so far. */
export function readAppLog(port?: number): string {
  return readFileSync(appLogFile(port), "utf8");
}

export function writeSimulatorInfo({
  port,
  simulator,
  pkiDir,
}: {
  port: number;
  simulator: RunningSimulator;
  pkiDir: string;
}) {
  const file = infoFile(port);
  mkdirSync(path.dirname(file), { recursive: true });
  const info: SimulatorInfo = { listeners: simulator.listeners, controlUrl: simulator.controlUrl, pkiDir };
  writeFileSync(file, `${JSON.stringify(info, null, 2)}\n`);
}

export function readSimulatorInfo(port = Number(process.env.E2E_PORT ?? 3100)): SimulatorInfo {
  return JSON.parse(readFileSync(infoFile(port), "utf8")) as SimulatorInfo;
}
