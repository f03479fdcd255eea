// `npm run demo`: the whole product on one machine, with nothing else installed. Generates
// its secrets on first run, migrates and seeds an embedded PGlite database, starts the EWS
// simulator (a stand-in Exchange server, trusted by the app through EXCHANGE_CA_FILE only),
// builds the app when the sources changed, and serves the production build.

import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { simulatorAllowList } from "@/ews-simulator/allow-list";
import { SEED_PASSWORD, seedAccounts } from "@/ews-simulator/data/accounts";
import { offsetPorts, readPortOffset } from "@/ews-simulator/http/ports";
import { startSimulator } from "@/ews-simulator/simulator";
import { parseCredentialKeys } from "@/lib/crypto/key-ring";
import { installDatabase } from "@/lib/db";
import { migrateDatabase } from "@/lib/db/migrate";
import { openDatabase } from "@/lib/db/open";
import { seedDemoBookingPages } from "@/lib/demo/booking-pages";
import { connectDemoCalendars } from "@/lib/demo/calendars";
import { DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_PEOPLE, seedDemo } from "@/lib/demo/seed";
import { DEMO_SECRETS_FILE } from "@/lib/env/load";
import { log } from "@/lib/log";
import { parseAllowedHosts } from "@/lib/net/allowed-hosts";
import { ensureOwnerOnlyDir } from "@/lib/security/owner-only";
import { startApp } from "@/testing/app-process";
import { startMailCapture } from "@/testing/mail-capture";
import { buildIfStale } from "./build/build-if-stale";

const root = process.cwd();
const port = Number(process.env.PORT ?? 3000);
const demoDir = path.resolve(process.env.SLOTBRIDGE_DEMO_DIR ?? path.dirname(DEMO_SECRETS_FILE));

function loadOrCreateSecrets(): { AUTH_SECRET: string; CREDENTIALS_KEY: string } {
  const file = path.join(demoDir, "secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  const secrets = {
    AUTH_SECRET: randomBytes(33).toString("base64"),
    CREDENTIALS_KEY: randomBytes(32).toString("base64"),
  };
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

// The demo's folder holds its secrets, the simulator's CA key and the database: the owner's alone.
const tightened = ensureOwnerOnlyDir(demoDir);
if (tightened > 0)
  log.warn(
    { demoDir, changed: tightened },
    "restricted the demo's folder to its owner: group and other permissions removed",
  );
const secrets = loadOrCreateSecrets();
const exchange = await startSimulator({
  pkiDir: path.join(demoDir, "ews-sim", "pki"),
  ...offsetPorts(readPortOffset()),
});
// Every mail the demo sends lands here (loopback only) and is shown at /demo/mail.
const mailCapture = await startMailCapture();
const appUrl = `http://localhost:${port}`;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  ...secrets,
  NODE_ENV: "production",
  SLOTBRIDGE_DEMO: "true",
  APP_URL: appUrl,
  // Accounts only by invite, whatever the shell's environment says.
  SIGNUP: "closed",
  DATABASE_URL: "",
  PGLITE_DATA_DIR: path.join(demoDir, "pglite"),
  EXCHANGE_CA_FILE: exchange.caFile,
  // The simulator listens on loopback and on ports other than 443, which only an allow-list lets through.
  EXCHANGE_ALLOWED_HOSTS: simulatorAllowList(exchange),
  NEXT_TELEMETRY_DISABLED: "1",
  SMTP_URL: mailCapture.smtpUrl,
  MAIL_FROM: "Slotbridge demo <bookings@slotbridge.demo>",
  DEMO_MAIL_CAPTURE_URL: mailCapture.url,
};

// PGlite has one owner at a time: migrate and seed here, close, then hand it to the server.
const handle = openDatabase({ kind: "pglite", dataDir: env.PGLITE_DATA_DIR });
await migrateDatabase(handle);
const seeded = await seedDemo(handle.db);
installDatabase(handle);
const keys = parseCredentialKeys(secrets.CREDENTIALS_KEY);
if (!keys.ok) throw new Error(keys.problem);
const calendars = await connectDemoCalendars({
  ewsUrl: exchange.listeners.valid.url,
  servicePassword: SEED_PASSWORD,
  config: {
    allowedHosts: parseAllowedHosts(env.EXCHANGE_ALLOWED_HOSTS ?? ""),
    caFile: exchange.caFile,
    timeoutMs: 15_000,
  },
  keys: keys.ring,
});
const bookingPages = await seedDemoBookingPages();
await handle.close();

try {
  await buildIfStale(env);
} catch (error) {
  console.error(String(error));
  process.exit(1);
}

const app = await startApp({ port, env });
const width = Math.max(...DEMO_PEOPLE.map((p) => p.email.length));
console.log(`
  Slotbridge demo is running at ${appUrl}
  Organisation: ${DEMO_ORGANISATION} (${seeded === "created" ? "just seeded" : "kept from an earlier run"}; calendars ${calendars === "connected" ? "connected to the simulator" : "kept"})
  Sign in with password "${DEMO_PASSWORD}" as:
${DEMO_PEOPLE.map((p) => `    ${p.email.padEnd(width)}  ${p.role}`).join("\n")}

  Booking pages (${bookingPages === "created" ? "just created" : "kept"}): ${appUrl}/book/check-up (one host), ${appUrl}/book/first-visit (round robin), ${appUrl}/book/treatment-plan (collective)

  Mail: nothing leaves this machine; every message is captured and shown at ${appUrl}/demo/mail

  Exchange (EWS simulator): ${exchange.listeners.valid.url}
  Mailboxes ${seedAccounts()
    .map((a) => a.email)
    .slice(0, 3)
    .join(", ")}, … (password "${SEED_PASSWORD}"; svc-slotbridge may impersonate all)
  Certificate variants for the connection wizard: ports ${exchange.listeners["missing-intermediate"].port}–${exchange.listeners["tls-legacy"].port}, plain HTTP on ${exchange.listeners["plain-http"].port}

  Data lives in ${path.relative(root, demoDir) || "."}/ (delete it to start over). Ctrl+C stops the demo.
`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => app.child.kill(signal));
app.child.on("exit", async (code) => {
  await exchange.stop();
  await mailCapture.stop();
  process.exit(code ?? 0);
});
