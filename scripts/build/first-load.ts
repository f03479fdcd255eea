// The JavaScript a route loads on first load, gzipped, from the build's own records (run after
// `npm run build`). An App Router route: its entry chunks (its page and every layout above it) plus the
// chunks every page shares, from the Next.js build's manifests; legacy nomodule polyfills are left out,
// modern browsers never fetch them. The public booking page, served outside the App Router: every module in
// its bundle's manifest (the entry and what it imports statically). e2e/public-booking-page.spec.ts checks
// that this is exactly what a browser fetches.

import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { type BookingBundleManifest, BUNDLE_DIR, MANIFEST_NAME } from "@/lib/public-page/bundle";

export const TARGET_BYTES = 120 * 1024;
/** Routes served by a bundle of their own instead of the App Router (app/book/[slug]/route.ts). */
const BUNDLE_ROUTES = new Set(["/book/[slug]"]);

const root = process.cwd();
const distDir = path.join(root, ".next");

export interface MeasuredFile {
  /** The path the browser requests. */
  url: string;
  bytes: number;
  gzipBytes: number;
}

export interface FirstLoad {
  route: string;
  files: MeasuredFile[];
  bytes: number;
  gzipBytes: number;
  /** What every App Router page loads whatever it shows (React, the Next.js runtime); 0 outside it. */
  sharedGzipBytes: number;
}

function readNextJson<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(distDir, file), "utf8")) as T;
}

/** Next.js's own list, written by `next build` since 16 (`.next/diagnostics/route-bundle-stats.json`). */
function chunksFromDiagnostics(route: string): string[] | null {
  const file = path.join(distDir, "diagnostics", "route-bundle-stats.json");
  if (!existsSync(file)) return null;
  const rows = JSON.parse(readFileSync(file, "utf8")) as Array<{ route: string; firstLoadChunkPaths: string[] }>;
  const row = rows.find((r) => r.route === route);
  return row ? row.firstLoadChunkPaths.map((p) => path.relative(distDir, path.resolve(root, p))) : null;
}

/** The same list worked out from the client reference manifest, for builds that wrote no diagnostics. */
function chunksFromManifests(route: string): string[] {
  const appPaths = readNextJson<Record<string, string>>("server/app-paths-manifest.json");
  const pagePath = Object.keys(appPaths).find((p) => p === `${route === "/" ? "" : route}/page`);
  if (!pagePath) throw new Error(`no app route ${route} in this build`);
  const manifestFile = path.join(distDir, "server", "app", `${pagePath}_client-reference-manifest.js`);
  // The manifest is a script that assigns itself to globalThis.__RSC_MANIFEST.
  createRequire(import.meta.url)(manifestFile);
  const manifests = (globalThis as { __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> })
    .__RSC_MANIFEST;
  const entry = manifests?.[pagePath];
  if (!entry?.entryJSFiles) throw new Error(`no entry chunks for ${pagePath} in ${manifestFile}`);
  const shared = readNextJson<{ rootMainFiles?: string[] }>("build-manifest.json").rootMainFiles ?? [];
  return [...new Set([...Object.values(entry.entryJSFiles).flat(), ...shared])];
}

function measure(files: Array<{ url: string; file: string }>): MeasuredFile[] {
  return files
    .filter(({ file }) => file.endsWith(".js"))
    .map(({ url, file }) => {
      const body = readFileSync(file);
      return { url, bytes: body.length, gzipBytes: gzipSync(body, { level: 6 }).length };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
}

const sum = (files: MeasuredFile[], key: "bytes" | "gzipBytes") => files.reduce((total, f) => total + f[key], 0);

function nextChunks(chunks: string[]) {
  return chunks.map((chunk) => ({ url: `/_next/${chunk}`, file: path.join(distDir, chunk) }));
}

export function measureFirstLoad(route: string): FirstLoad {
  if (BUNDLE_ROUTES.has(route)) {
    const manifestFile = path.join(root, BUNDLE_DIR, MANIFEST_NAME);
    if (!existsSync(manifestFile)) throw new Error(`No ${manifestFile}: run \`npm run build\` first.`);
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as BookingBundleManifest;
    const files = measure(manifest.modules.map((url) => ({ url, file: path.join(root, "public", url) })));
    return { route, files, bytes: sum(files, "bytes"), gzipBytes: sum(files, "gzipBytes"), sharedGzipBytes: 0 };
  }
  if (!existsSync(path.join(distDir, "BUILD_ID")))
    throw new Error("No production build in .next: run `npm run build` first.");
  const files = measure(nextChunks(chunksFromDiagnostics(route) ?? chunksFromManifests(route)));
  const shared = measure(
    nextChunks(readNextJson<{ rootMainFiles?: string[] }>("build-manifest.json").rootMainFiles ?? []),
  );
  return {
    route,
    files,
    bytes: sum(files, "bytes"),
    gzipBytes: sum(files, "gzipBytes"),
    sharedGzipBytes: sum(shared, "gzipBytes"),
  };
}
