// Playwright's webServer: builds the app if needed, gives it a fresh database of its own
// (TEST_DATABASE_URL's Postgres server, or PGlite in a temporary directory), serves the
// production build, and drops the database when Playwright stops it.

import { provisionDatabase } from "../../lib/db/provision";
import { startApp } from "../../scripts/lib/app-process";
import { buildIfStale } from "../../scripts/lib/build";
import { testSecrets } from "./secrets";

const port = Number(process.env.E2E_PORT ?? 3100);

await buildIfStale();
const database = await provisionDatabase({
  serverUrl: process.env.TEST_DATABASE_URL,
  prefix: "slotbridge_e2e",
  pgliteOnDisk: true,
});
const app = await startApp({
  port,
  env: { ...process.env, ...testSecrets(), ...database.env, APP_URL: `http://localhost:${port}`, SLOTBRIDGE_DEMO: "" },
});
console.log(`e2e app on ${app.url} (${database.target.kind})`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await app.stop();
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
