import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";

const root = process.cwd();
export const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

const SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.js",
  "package-lock.json",
];

async function newestSourceChange(): Promise<number> {
  let newest = 0;
  for (const entry of SOURCES) {
    const full = path.join(root, entry);
    if (!existsSync(full)) continue;
    const files = statSync(full).isDirectory()
      ? (await readdir(full, { recursive: true })).map((f) => path.join(full, String(f)))
      : [full];
    for (const file of files) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

/** Runs `next build` unless the production build is newer than every source file. */
export async function buildIfStale(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (existsSync(buildId) && statSync(buildId).mtimeMs > (await newestSourceChange())) return;
  console.log("Building the app (first start, or sources changed; under a minute on two cores)…");
  const result = spawnSync(process.execPath, [nextBin, "build"], {
    stdio: "inherit",
    env: { ...env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed with exit code ${result.status}`);
}
