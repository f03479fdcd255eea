// `npm test`: every check and test suite, ending with one line `N passed, N failed`.
//   typecheck, lint, import rules,   one check each
//   documentation links
//   unit + database tests (vitest)  on PGlite; again on Postgres when a server is given
//   end-to-end (Playwright)         on the production build, against Postgres when given, else PGlite
// A Postgres server is given by TEST_DATABASE_URL or DATABASE_URL; tests create and drop
// databases of their own on it and never touch the one the URL names.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

type Env = Record<string, string | undefined>;
type Outcome = { name: string; passed: number; failed: number; skipped?: number };

const postgresUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || "";
const resultsDir = path.join("test-results", "summary");
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

function run(command: string, args: string[], env: Env = {}) {
  console.log(`\n▶ ${[command, ...args].join(" ")}`);
  const base = { ...process.env };
  delete base.DATABASE_URL; // suites choose their database explicitly
  delete base.TEST_DATABASE_URL;
  return spawnSync(command, args, { stdio: "inherit", env: { ...base, ...env } }).status ?? 1;
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

function check(name: string, command: string, args: string[]): Outcome {
  const ok = run(command, args) === 0;
  return { name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 };
}

function vitest(name: string, filter: string[], env: Env): Outcome {
  const output = path.join(resultsDir, `${name.replace(/\W+/g, "-")}.json`);
  const status = run(
    "npx",
    ["vitest", "run", ...filter, "--reporter=default", "--reporter=json", `--outputFile.json=${output}`],
    env,
  );
  const report = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number }>(output);
  if (!report) return { name, passed: 0, failed: 1 };
  // A crash outside any test (a broken import, say) fails the suite even when no test failed.
  const failed = report.numFailedTests + (status !== 0 && report.numFailedTests === 0 ? 1 : 0);
  return { name, passed: report.numPassedTests, failed, skipped: report.numPendingTests };
}

function ensureBrowser() {
  if (existsSync("/usr/bin/chromium")) return;
  const probe = spawnSync(process.execPath, [
    "-e",
    "process.stdout.write(require('playwright-core').chromium.executablePath())",
  ]);
  if (existsSync(probe.stdout.toString())) return;
  console.log("No /usr/bin/chromium: installing Playwright's Chromium instead (apt-get install chromium avoids this).");
  run("npx", ["playwright", "install", "chromium"]);
}

function playwright(name: string, env: Env): Outcome {
  ensureBrowser();
  const output = path.join(resultsDir, "e2e.json");
  const status = run("npx", ["playwright", "test"], { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: output });
  const report = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(output);
  if (!report) return { name, passed: 0, failed: 1 };
  const { expected, unexpected, flaky, skipped } = report.stats;
  const failed = unexpected + flaky + (status !== 0 && unexpected === 0 ? 1 : 0);
  return { name, passed: expected, failed, skipped };
}

const outcomes: Outcome[] = [
  check("typecheck", "npx", ["tsc", "--noEmit"]),
  check("lint", "npx", ["biome", "check", "."]),
  check("import rules", "npm", ["run", "--silent", "check:imports"]),
  check("documentation links", "npm", ["run", "--silent", "check:links"]),
  vitest("unit + database (PGlite)", [], {}),
];
if (postgresUrl) outcomes.push(vitest("database (Postgres)", ["db.test"], { TEST_DATABASE_URL: postgresUrl }));
outcomes.push(
  playwright(
    `end-to-end (${postgresUrl ? "Postgres" : "PGlite"})`,
    postgresUrl ? { TEST_DATABASE_URL: postgresUrl } : {},
  ),
);

console.log("\nSummary");
for (const o of outcomes) {
  const skipped = o.skipped ? `, ${o.skipped} skipped` : "";
  console.log(`  ${o.failed ? "✗" : "✓"} ${o.name}: ${o.passed} passed, ${o.failed} failed${skipped}`);
}
const passed = outcomes.reduce((sum, o) => sum + o.passed, 0);
const failed = outcomes.reduce((sum, o) => sum + o.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
