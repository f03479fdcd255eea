import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startApp } from "@/testing/app-process";
import { testSecrets } from "@/testing/secrets";
import { expect, test } from "./fixtures";

// Per-address rate limits against a client that writes a different X-Forwarded-For on every request, on
// the production server (`npm start`) with its own embedded database. Connector pairing allows 10
// attempts per address per 10 minutes and is the cheapest limited endpoint to knock on.

const PORT = 3250;

async function knock(input: { url: string; times: number }): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < input.times; i++) {
    const response = await fetch(`${input.url}/api/connector/v1/pair`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-For": `203.0.113.${i + 1}` },
      body: JSON.stringify({ code: "not-a-code", version: "1.0.0" }),
    });
    statuses.push(response.status);
  }
  return statuses;
}

async function withApp(env: Record<string, string>, run: (url: string) => Promise<void>) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "slotbridge-client-address-"));
  const app = await startApp({
    port: PORT,
    output: "ignore",
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      ...testSecrets(),
      APP_URL: `http://localhost:${PORT}`,
      PGLITE_DATA_DIR: dataDir,
      ...env,
    },
  });
  try {
    await run(app.url);
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

test("a forged X-Forwarded-For does not reset per-address limits when no proxy is trusted", async () => {
  test.setTimeout(120_000);
  await withApp({}, async (url) => {
    const statuses = await knock({ url, times: 11 });
    expect(statuses.slice(0, 10).every((status) => status !== 429)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});

test("behind a trusted proxy, the address the proxy appended is the client", async () => {
  test.setTimeout(120_000);
  await withApp({ TRUSTED_PROXIES: "127.0.0.1" }, async (url) => {
    // Each request came, as far as the trusted proxy (here: loopback) says, from another client.
    const statuses = await knock({ url, times: 11 });
    expect(statuses.every((status) => status !== 429)).toBe(true);
  });
});
