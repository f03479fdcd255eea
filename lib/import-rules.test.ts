import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// The import rules (.dependency-cruiser.cjs) must fail on a violation, not only pass on the tree: each case
// writes one offending module into a scratch folder inside the tree, checks it alone, and removes it.
const root = path.resolve(import.meta.dirname, "..");
const scratch = path.join(root, "lib/team/__import-rule-probe__");

function checkModule(source: string): { status: number | null; output: string } {
  mkdirSync(scratch, { recursive: true });
  const file = path.join(scratch, `probe-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(file, source);
  const run = spawnSync(
    process.execPath,
    [
      path.join(root, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs"),
      "--config",
      ".dependency-cruiser.cjs",
      "--output-type",
      "err",
      path.relative(root, file),
    ],
    { cwd: root, encoding: "utf8" },
  );
  rmSync(file);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the import rules", () => {
  it("pass a module that reaches Exchange through the gateway's face", () => {
    const result = checkModule('export { readFreeBusy } from "@/lib/exchange";\n');
    expect(result.output).toContain("no dependency violations");
    expect(result.status).toBe(0);
  });

  it("refuse ews-javascript-api outside lib/exchange", () => {
    const result = checkModule('export { ExchangeService } from "ews-javascript-api";\n');
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("ews-library-only-in-the-gateway");
  });

  it("refuse a deep import into lib/exchange", () => {
    const result = checkModule('export { runEws } from "@/lib/exchange/connection/run-ews";\n');
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("exchange-through-its-face");
  });

  it("refuse the simulator in app code", () => {
    const result = checkModule('export { startSimulator } from "@/ews-simulator/simulator";\n');
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("simulator-only-in-tests-and-the-demo");
  });

  it("refuse a deep import into a lib/bookings sub-folder", () => {
    const result = checkModule('export { reserveBooking } from "@/lib/bookings/reserve/reserve";\n');
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("bookings-through-sub-folder-faces");
  });
});
