// The EWS simulator for `npm run bench:team`, in a process of its own so its CPU time is not the app's:
// the seeded organisation plus enough extra people for the largest team, on ephemeral ports. Started
// with fork() by scripts/bench/bench-team.ts; reports its addresses over IPC and stops when the parent leaves.
import os from "node:os";
import path from "node:path";
import { startSimulator } from "@/ews-simulator/simulator";
import { accountsWithExtraMembers } from "@/lib/availability/testing/simulated-team";

export interface TeamBenchSimulator {
  ewsUrl: string;
  controlUrl: string;
  caPem: string;
  /** The test root CA as a file (for programs that take a --ca file) and the PKI folder it came from. */
  caFile: string;
  pkiDir: string;
}

async function main() {
  const accounts = accountsWithExtraMembers(Number(process.argv[2] ?? 0));
  const pkiDir = path.join(os.tmpdir(), "slotbridge-ews-sim-bench-pki");
  const simulator = await startSimulator({
    pkiDir,
    allPorts: 0,
    accounts: () => accounts,
  });
  const ready: TeamBenchSimulator = {
    ewsUrl: simulator.listeners.valid.url,
    controlUrl: simulator.controlUrl,
    caPem: simulator.caPem,
    caFile: simulator.caFile,
    pkiDir,
  };
  process.send?.(ready);
  process.on("disconnect", () => {
    void simulator.stop().finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(`bench simulator failed to start: ${(error as Error)?.message ?? error}`);
  process.exit(1);
});
