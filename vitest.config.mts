import path from "node:path";
import { defineConfig } from "vitest/config";

// An odd, half-hour-offset zone with no DST: code that leans on the machine's local time
// shows up as failing tests instead of as wrong times for some users.
process.env.TZ = "Asia/Kathmandu";

const root = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // Vitest runs outside React's server environment; the guard has nothing to guard here.
      "server-only": path.join(root, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".data/**"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Database test files each start their own database; two at a time suits two cores.
    maxWorkers: 2,
  },
});
