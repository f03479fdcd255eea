import { readFileSync } from "node:fs";
import path from "node:path";

// The public booking page's own browser assets: the booking flow compiled with Preact into one small
// module, and the app's stylesheet, both content-hashed. Written into public/ by
// scripts/build/build-booking-bundle.ts before `next build` (Next.js serves only the public files that exist
// when it builds), and read here by the page's route handler.

/** Where the build writes them, relative to the project root; gitignored. */
export const BUNDLE_DIR = path.join("public", "_booking");
/** The URL path that serves BUNDLE_DIR. */
export const BUNDLE_URL = "/_booking/";
export const MANIFEST_NAME = "manifest.json";

export interface BookingBundleManifest {
  /** The module the page runs, e.g. `/_booking/island-AB12CD34.js`. */
  script: string;
  /** Every JavaScript file the browser fetches on first load: the script and what it imports statically. */
  modules: string[];
  /** The stylesheet, e.g. `/_booking/booking-EF56GH78.css`. */
  style: string;
}

let cached: BookingBundleManifest | null = null;

function isManifest(value: unknown): value is BookingBundleManifest {
  const v = value as Partial<BookingBundleManifest> | null;
  return (
    typeof v?.script === "string" &&
    typeof v.style === "string" &&
    Array.isArray(v.modules) &&
    v.modules.every((m) => typeof m === "string")
  );
}

/**
 * The manifest of the current build. Read once in production (it changes only with a new build); on every
 * request in development, where `npm run dev:booking` may have rebuilt it meanwhile.
 */
export function readBookingBundleManifest(root: string = process.cwd()): BookingBundleManifest {
  if (cached && process.env.NODE_ENV === "production") return cached;
  const file = path.join(root, BUNDLE_DIR, MANIFEST_NAME);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    throw new Error(
      `The public booking page's browser bundle is missing (${path.join(BUNDLE_DIR, MANIFEST_NAME)}): run \`npm run build\` (or \`npm run build:booking\`).`,
    );
  }
  if (!isManifest(parsed)) {
    throw new Error(`${path.join(BUNDLE_DIR, MANIFEST_NAME)} is not a booking bundle manifest: run \`npm run build\`.`);
  }
  cached = parsed;
  return parsed;
}
