import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { serverBuild } from "@/scripts/build/build-if-stale";
import { testSecrets } from "@/testing/secrets";
import { expect, test } from "./fixtures";

/** Starts the production build with the given environment and returns how it ended. */
function startExpectingExit(env: Record<string, string>, cwd?: string) {
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "slotbridge-startup-"));
    const child = spawn(process.execPath, [serverBuild, "-p", "3230"], {
      cwd: cwd ?? process.cwd(),
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", PGLITE_DATA_DIR: dataDir, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the app kept running:\n${output}`));
    }, 30_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, output });
    });
  });
}

test("the app refuses a malformed TRUSTED_PROXIES, naming the entry", async () => {
  const { code, output } = await startExpectingExit({ TRUSTED_PROXIES: "10.0.0.0/8, proxy.example" });
  expect(code).not.toBe(0);
  expect(output).toContain('TRUSTED_PROXIES has "proxy.example", which is not an IP address or CIDR range');
});

test("the app refuses to start without its secrets, saying which and how to make them", async () => {
  const { code, output } = await startExpectingExit({ APP_URL: "http://localhost:3230" });
  expect(code).not.toBe(0);
  expect(output).toContain("AUTH_SECRET is not set. Make one with: openssl rand -base64 33");
  expect(output).toContain("CREDENTIALS_KEY is not set. Make one with: openssl rand -base64 32");
});

test("production refuses the demo's generated secrets", async () => {
  const secrets = testSecrets();
  const project = mkdtempSync(path.join(tmpdir(), "slotbridge-project-"));
  mkdirSync(path.join(project, ".data", "demo"), { recursive: true });
  writeFileSync(path.join(project, ".data", "demo", "secrets.json"), JSON.stringify(secrets));
  try {
    // Run the real build from the project directory, but let the check look in `project`.
    const { code, output } = await startExpectingExit({
      ...secrets,
      APP_URL: "http://localhost:3230",
      SLOTBRIDGE_DEMO_SECRETS_FILE: path.join(project, ".data", "demo", "secrets.json"),
    });
    expect(code).not.toBe(0);
    expect(output).toContain("AUTH_SECRET is the demo's generated value; production needs its own.");
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
