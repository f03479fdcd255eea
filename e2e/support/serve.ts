// Playwright's webServer: builds the app if needed, gives it a fresh database of its own
// (TEST_DATABASE_URL's Postgres server, or PGlite in a temporary directory), serves the
// production build, and drops the database when Playwright stops it.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { simulatorAllowList } from "@/ews-simulator/allow-list";
import { startSimulator } from "@/ews-simulator/simulator";
import { migrateDatabase } from "@/lib/db/migrate";
import { openDatabase } from "@/lib/db/open";
import { provisionDatabase } from "@/lib/db/provision";
import { instanceSetup } from "@/lib/db/schema";
import { buildIfStale } from "@/scripts/build/build-if-stale";
import { startApp } from "@/testing/app-process";
import { startMailCapture } from "@/testing/mail-capture";
import { testSecrets } from "@/testing/secrets";
import { writeMailCaptureInfo } from "./mail-capture-info";
import { appLogFile, writeSimulatorInfo } from "./simulator-info";

const port = Number(process.env.E2E_PORT ?? 3100);

await buildIfStale();
const database = await provisionDatabase({
  serverUrl: process.env.TEST_DATABASE_URL,
  prefix: "slotbridge_e2e",
  pgliteOnDisk: true,
});
// The specs sign up organisations of their own, so this instance counts as set up: its first-run page is
// tested on an app of its own (e2e/instance.spec.ts). PGlite has one owner at a time: mark it, then close.
const setupHandle = openDatabase(database.target);
await migrateDatabase(setupHandle);
await setupHandle.db.insert(instanceSetup).values({ id: 1 });
await setupHandle.close();
// A stand-in Exchange server of this run's own: ephemeral ports and a fresh test PKI, trusted by the app
// only through EXCHANGE_CA_FILE; specs read its addresses from the file written below.
const pkiDir = mkdtempSync(path.join(tmpdir(), "slotbridge-e2e-pki-"));
const simulator = await startSimulator({ pkiDir, allPorts: 0, controlPort: 0 });
writeSimulatorInfo({ port, simulator, pkiDir });
// The app's SMTP server: captures every mail on loopback; specs read and steer it through its HTTP side.
const mailCapture = await startMailCapture();
writeMailCaptureInfo({ port, capture: mailCapture });
const logFile = appLogFile(port);
rmSync(logFile, { force: true });
const app = await startApp({
  port,
  output: { file: logFile },
  env: {
    ...process.env,
    ...testSecrets(),
    ...database.env,
    APP_URL: `http://localhost:${port}`,
    SLOTBRIDGE_DEMO: "",
    EXCHANGE_CA_FILE: simulator.caFile,
    EXCHANGE_ALLOWED_HOSTS: simulatorAllowList(simulator),
    // The specs play the reverse proxy: each test's requests carry an X-Forwarded-For address of their
    // own (e2e/fixtures.ts), so per-address limits count per test, as they would per client.
    TRUSTED_PROXIES: "1",
    // The reconciliation spec waits for a round: one a minute instead of every ten.
    RECONCILE_INTERVAL_MINUTES: "1",
    // Anyone may create an organisation (the specs do, through /sign-up), verifying the address by mail.
    SIGNUP: "open",
    SMTP_URL: mailCapture.smtpUrl,
    MAIL_FROM: "Slotbridge <bookings@slotbridge.test>",
  },
});
console.log(`e2e app on ${app.url} (${database.target.kind})`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await app.stop();
  await simulator.stop();
  await mailCapture.stop();
  rmSync(pkiDir, { recursive: true, force: true });
  await database.drop();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
app.child.on("exit", (code) => {
  if (!stopping) {
    console.error(`the e2e app exited unexpectedly (code ${code})`);
    void database.drop().finally(() => process.exit(1));
  }
});
