import { SEED_PASSWORD, seedAccounts } from "./data/accounts";
import { offsetPorts, readPortOffset } from "./http/ports";
import { LISTENER_VARIANTS } from "./pki/variants";
import { startSimulator } from "./simulator";

/**
 * `npm run ews-sim`: the simulator as a long-running process for the demo and manual testing.
 * EWS_SIM_DATA_DIR moves the PKI folder; EWS_SIM_PORT_OFFSET shifts every default port (two copies side by side).
 */
async function main() {
  const simulator = await startSimulator({
    pkiDir: process.env.EWS_SIM_DATA_DIR ? `${process.env.EWS_SIM_DATA_DIR}/pki` : undefined,
    ...offsetPorts(readPortOffset()),
  });

  const width = Math.max(...LISTENER_VARIANTS.map((v) => v.length));
  console.log("EWS simulator (test double; loopback only)\n");
  for (const variant of LISTENER_VARIANTS) {
    const { url, presents } = simulator.listeners[variant];
    console.log(`  ${variant.padEnd(width)}  ${url}\n  ${"".padEnd(width)}  ${presents}`);
  }
  console.log(
    `\n  control API  ${simulator.controlUrl}  (GET /status, /requests, /faults; POST /reset, /faults; PUT /accounts/:email/password)`,
  );
  console.log(`  CA file      ${simulator.caFile}  (EXCHANGE_CA_FILE)`);
  const accounts = seedAccounts();
  console.log(`\n  accounts (password for all: ${SEED_PASSWORD}; Basic or NTLM as DOMAIN\\user or email)`);
  for (const account of accounts) {
    const impersonates = account.canImpersonate.length > 0 ? "  [may impersonate everyone]" : "";
    console.log(`    ${`${account.domain}\\${account.username}`.padEnd(24)} ${account.email}${impersonates}`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    await simulator.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(`ews-simulator failed to start: ${(error as Error)?.message ?? error}`);
  process.exit(1);
});
