// Reports the gzipped size of the JavaScript a route loads on first load (scripts/build/first-load.ts says
// how it is counted). Run it after `npm run build`.
//
//   npx tsx scripts/build/measure-first-load.ts [route]        (default /book/[slug]; --json for machine output)

import { measureFirstLoad, TARGET_BYTES } from "./first-load";

const args = process.argv.slice(2);
const route = args.find((arg) => !arg.startsWith("--")) ?? "/book/[slug]";
const asJson = args.includes("--json");

let result: ReturnType<typeof measureFirstLoad>;
try {
  result = measureFirstLoad(route);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
const { files, gzipBytes, bytes, sharedGzipBytes } = result;

if (asJson) {
  console.log(JSON.stringify({ ...result, targetBytes: TARGET_BYTES }, null, 2));
} else {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  for (const f of files) console.log(`${kb(f.gzipBytes).padStart(9)}  ${f.url}`);
  console.log(`First-load JS for ${route}: ${kb(gzipBytes)} gzipped (${kb(bytes)} raw) in ${files.length} files`);
  console.log(
    sharedGzipBytes
      ? `  of which shared by every page (React, Next.js runtime): ${kb(sharedGzipBytes)}; the route's own: ${kb(gzipBytes - sharedGzipBytes)}`
      : "  its own bundle (Preact and the booking flow), outside the App Router's runtime",
  );
  console.log(
    gzipBytes <= TARGET_BYTES ? `Within the ${kb(TARGET_BYTES)} target.` : `Over the ${kb(TARGET_BYTES)} target.`,
  );
}
process.exitCode = gzipBytes <= TARGET_BYTES ? 0 : 2;
