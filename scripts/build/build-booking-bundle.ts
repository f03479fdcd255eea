// `npm run build:booking` (part of `npm run build` and `npm run dev`): writes the public booking page's
// browser bundle and stylesheet to public/_booking/. `--watch` rebuilds on every change (`npm run dev:booking`).

import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { buildBookingBundle, watchBookingBundle } from "./booking-bundle";

if (process.argv.includes("--watch")) {
  await watchBookingBundle();
} else {
  const started = Date.now();
  const manifest = await buildBookingBundle();
  const gzip = manifest.modules
    .map((url) => gzipSync(readFileSync(path.join("public", url)), { level: 6 }).length)
    .reduce((sum, bytes) => sum + bytes, 0);
  console.log(
    `Booking page bundle: ${manifest.modules.join(", ")} (${(gzip / 1024).toFixed(1)} KB gzipped), ${manifest.style} in ${Date.now() - started} ms`,
  );
}
