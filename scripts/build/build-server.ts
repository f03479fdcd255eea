// Part of `npm run build`, after `next build`: compiles server.ts (Slotbridge's HTTP server around
// Next.js) to one ES module, so `npm start` runs it with plain node. Packages stay in node_modules.
import { build } from "esbuild";

export const SERVER_BUILD = ".next/slotbridge-server.mjs";

await build({
  entryPoints: ["server.ts"],
  outfile: SERVER_BUILD,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});
console.log(`Server: ${SERVER_BUILD}`);
