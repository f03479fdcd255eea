// Builds the public booking page's browser assets (see lib/public-page/bundle.ts): the booking flow in
// components/booking compiled by esbuild with Preact standing in for React, and app/globals.css compiled by
// the same Tailwind pipeline as the rest of the app. Content-hashed names, plus a manifest for the page.

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import tailwind from "@tailwindcss/postcss";
import * as esbuild from "esbuild";
import postcss from "postcss";
import { type BookingBundleManifest, BUNDLE_DIR, BUNDLE_URL, MANIFEST_NAME } from "@/lib/public-page/bundle";

const root = process.cwd();
export const ENTRY = path.join("components", "booking", "island.tsx");
const STYLESHEET = path.join("app", "globals.css");

const options: esbuild.BuildOptions = {
  absWorkingDir: root,
  entryPoints: { island: ENTRY },
  bundle: true,
  format: "esm",
  platform: "browser",
  // Browsers with native ES modules, dynamic import, Intl time zones and optional chaining: all this page needs.
  target: ["es2022"],
  minify: true,
  metafile: true,
  write: false,
  outdir: BUNDLE_DIR,
  entryNames: "[name]-[hash]",
  jsx: "automatic",
  // One source, two renderers: the App Router renders these components with React; this page with Preact.
  // `react/jsx-runtime` and `react-dom/client` follow (preact/compat/jsx-runtime, preact/compat/client).
  alias: { react: "preact/compat", "react-dom": "preact/compat" },
  define: { "process.env.NODE_ENV": JSON.stringify("production") },
  // The components' "use client" marks are for the App Router; a bundle has no use for them.
  logOverride: { "module-level-directive": "silent" },
  logLevel: "warning",
};

function hashOf(content: Uint8Array | string): string {
  return createHash("sha256").update(content).digest("hex").slice(0, 12);
}

async function compileStylesheet(): Promise<string> {
  const from = path.join(root, STYLESHEET);
  const result = await postcss([tailwind({ base: root, optimize: { minify: true } })]).process(
    readFileSync(from, "utf8"),
    { from },
  );
  return result.css;
}

/** The entry and every file it imports statically: what the browser fetches before the flow can run. */
function firstLoadModules(metafile: esbuild.Metafile): string[] {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((file) => outputs[file]?.entryPoint && file.endsWith(".js"));
  if (!entry) throw new Error("esbuild wrote no entry module");
  const seen = new Set<string>();
  const queue = [entry];
  for (let file = queue.shift(); file; file = queue.shift()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const imported of outputs[file]?.imports ?? []) {
      if (imported.kind === "import-statement" && !imported.external) queue.push(imported.path);
    }
  }
  return [...seen];
}

function urlOf(file: string): string {
  return `${BUNDLE_URL}${path.relative(BUNDLE_DIR, file).split(path.sep).join("/")}`;
}

/** Replaces the folder's contents with this build's files and manifest. */
async function writeOutputs(result: esbuild.BuildResult<{ metafile: true; write: false }>) {
  const css = await compileStylesheet();
  const style = path.join(BUNDLE_DIR, `booking-${hashOf(css)}.css`);
  const modules = firstLoadModules(result.metafile);
  const manifest: BookingBundleManifest = {
    script: urlOf(modules[0] as string),
    modules: modules.map(urlOf),
    style: urlOf(style),
  };
  const dir = path.join(root, BUNDLE_DIR);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const output of result.outputFiles) writeFileSync(output.path, output.contents);
  writeFileSync(path.join(root, style), css);
  writeFileSync(path.join(dir, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

export async function buildBookingBundle(): Promise<BookingBundleManifest> {
  const result = await esbuild.build({ ...options, metafile: true, write: false });
  return writeOutputs(result);
}

/** Rebuilds on every change to the flow's sources (for `npm run dev`); never resolves. */
export async function watchBookingBundle(): Promise<void> {
  const context = await esbuild.context({
    ...options,
    metafile: true,
    write: false,
    plugins: [
      {
        name: "write-booking-bundle",
        setup(build) {
          build.onEnd(async (result) => {
            if (result.errors.length || !result.metafile || !result.outputFiles) return;
            await writeOutputs(result as esbuild.BuildResult<{ metafile: true; write: false }>);
            console.log(`booking bundle rebuilt ${new Date().toLocaleTimeString()}`);
          });
        },
      },
    ],
  });
  await context.watch();
  await new Promise(() => {});
}
