// Reports the gzipped size of the JavaScript a route loads on first load, from the production build's own
// manifests (run it after `next build`): the route's entry chunks (its page and every layout above it) plus
// the chunks every page shares. Legacy nomodule polyfills are left out: modern browsers never fetch them.
//
//   npx tsx scripts/measure-first-load.ts [route]        (default /book/[slug]; --json for machine output)

import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { gzipSync } from "node:zlib";

const TARGET_BYTES = 120 * 1024;
const distDir = path.join(process.cwd(), ".next");
const args = process.argv.slice(2);
const route = args.find((arg) => !arg.startsWith("--")) ?? "/book/[slug]";
const asJson = args.includes("--json");

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(distDir, file), "utf8")) as T;
}

/** Next.js's own list, written by `next build` since 16 (`.next/diagnostics/route-bundle-stats.json`). */
function chunksFromDiagnostics(): string[] | null {
  const file = path.join(distDir, "diagnostics", "route-bundle-stats.json");
  if (!existsSync(file)) return null;
  const rows = JSON.parse(readFileSync(file, "utf8")) as Array<{ route: string; firstLoadChunkPaths: string[] }>;
  const row = rows.find((r) => r.route === route);
  return row ? row.firstLoadChunkPaths.map((p) => path.relative(distDir, path.resolve(process.cwd(), p))) : null;
}

/** The same list worked out from the client reference manifest, for builds that wrote no diagnostics. */
function chunksFromManifests(): string[] {
  const appPaths = readJson<Record<string, string>>("server/app-paths-manifest.json");
  const pagePath = Object.keys(appPaths).find((p) => p === `${route === "/" ? "" : route}/page`);
  if (!pagePath) throw new Error(`no app route ${route} in this build`);
  const manifestFile = path.join(distDir, "server", "app", `${pagePath}_client-reference-manifest.js`);
  // The manifest is a script that assigns itself to globalThis.__RSC_MANIFEST.
  createRequire(import.meta.url)(manifestFile);
  const manifests = (globalThis as { __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> })
    .__RSC_MANIFEST;
  const entry = manifests?.[pagePath];
  if (!entry?.entryJSFiles) throw new Error(`no entry chunks for ${pagePath} in ${manifestFile}`);
  const shared = readJson<{ rootMainFiles?: string[] }>("build-manifest.json").rootMainFiles ?? [];
  return [...new Set([...Object.values(entry.entryJSFiles).flat(), ...shared])];
}

if (!existsSync(path.join(distDir, "BUILD_ID"))) {
  console.error("No production build in .next: run `npx next build` first.");
  process.exit(1);
}

function measure(files: string[]) {
  return files
    .filter((file) => file.endsWith(".js"))
    .map((file) => {
      const body = readFileSync(path.join(distDir, file));
      return { file, bytes: body.length, gzipBytes: gzipSync(body, { level: 6 }).length };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
}

const files = measure(chunksFromDiagnostics() ?? chunksFromManifests());
const total = files.reduce((sum, f) => sum + f.gzipBytes, 0);
const raw = files.reduce((sum, f) => sum + f.bytes, 0);
// What every page of this app loads whatever it shows (React, the Next.js runtime): the route's own share is the rest.
const shared = readJson<{ rootMainFiles?: string[] }>("build-manifest.json").rootMainFiles ?? [];
const sharedGzip = measure(shared).reduce((sum, f) => sum + f.gzipBytes, 0);

if (asJson) {
  console.log(
    JSON.stringify(
      { route, gzipBytes: total, bytes: raw, sharedGzipBytes: sharedGzip, targetBytes: TARGET_BYTES, files },
      null,
      2,
    ),
  );
} else {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  for (const f of files) console.log(`${kb(f.gzipBytes).padStart(9)}  ${f.file}`);
  console.log(`First-load JS for ${route}: ${kb(total)} gzipped (${kb(raw)} raw) in ${files.length} files`);
  console.log(
    `  of which shared by every page (React, Next.js runtime): ${kb(sharedGzip)}; the route's own: ${kb(total - sharedGzip)}`,
  );
  console.log(
    total <= TARGET_BYTES ? `Within the ${kb(TARGET_BYTES)} target.` : `Over the ${kb(TARGET_BYTES)} target.`,
  );
}
process.exitCode = total <= TARGET_BYTES ? 0 : 2;
