import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { BUNDLE_DIR, MANIFEST_NAME } from "@/lib/public-page/bundle";

const root = process.cwd();
export const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
/** What `npm start` runs: Slotbridge's server around Next.js (server.ts, built by build-server.ts). */
export const serverBuild = path.join(root, ".next", "slotbridge-server.mjs");
const tsxBin = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");

const SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.js",
  "package-lock.json",
  "scripts/build/build-booking-bundle.ts",
  "scripts/build/booking-bundle.ts",
  "scripts/build/build-server.ts",
  "server.ts",
];
/** Outputs of the build, inside a source folder: never a reason to build again. */
const OUTPUTS = [path.join(root, BUNDLE_DIR)];

async function newestSourceChange(): Promise<number> {
  let newest = 0;
  for (const entry of SOURCES) {
    const full = path.join(root, entry);
    if (!existsSync(full)) continue;
    const files = statSync(full).isDirectory()
      ? (await readdir(full, { recursive: true })).map((f) => path.join(full, String(f)))
      : [full];
    for (const file of files) {
      if (OUTPUTS.some((output) => file === output || file.startsWith(`${output}${path.sep}`))) continue;
      newest = Math.max(newest, statSync(file).mtimeMs);
    }
  }
  return newest;
}

function builtAt(file: string): number {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

function run(args: string[], env: NodeJS.ProcessEnv, what: string) {
  const result = spawnSync(process.execPath, args, { stdio: "inherit", env: { ...env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) throw new Error(`${what} failed with exit code ${result.status}`);
}

/**
 * What `npm run build` does (the public booking page's bundle, `next build`, then the server around it),
 * unless the outputs exist and are newer than every source file. The bundle goes first: Next.js serves
 * only the public files that exist when it builds.
 */
export async function buildIfStale(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const newest = await newestSourceChange();
  const buildId = builtAt(path.join(root, ".next", "BUILD_ID"));
  const bundle = builtAt(path.join(root, BUNDLE_DIR, MANIFEST_NAME));
  const server = builtAt(serverBuild);
  if (buildId > newest && bundle > newest && server > newest) return;
  console.log("Building the app (first start, or sources changed; under a minute on two cores)…");
  run([tsxBin, path.join(root, "scripts", "build", "build-booking-bundle.ts")], env, "the booking page bundle");
  run([nextBin, "build"], env, "next build");
  run([tsxBin, path.join(root, "scripts", "build", "build-server.ts")], env, "the server");
}
