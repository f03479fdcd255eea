import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { APIRequestContext, Browser, BrowserContext, Page } from "@playwright/test";
import { createProxy } from "proxy";
import { ensurePki } from "@/ews-simulator/pki/pki";
import { type RunningSimulator, startSimulator } from "@/ews-simulator/simulator";
import { solveProofOfWork } from "@/lib/bookings/proof-of-work";
import { provisionDatabase } from "@/lib/db/provision";
import { type AppProcess, startApp } from "@/testing/app-process";
import { type HttpsFront, startHttpsFront } from "@/testing/https-front";
import { testSecrets } from "@/testing/secrets";
import { expect, test } from "./fixtures";
import { setUpInstance } from "./pages/auth";
import { fillServerStep, SIM_PASSWORD } from "./pages/connect";
import { createBookingPageThroughUi } from "./support/booking-fixtures";
import { simulatorCalendar, simulatorControl } from "./support/simulator-control";

// The on-premises connector end to end: two app instances on one Postgres, each behind HTTPS (as behind a
// load balancer), that may not reach the simulator themselves (nothing is on their allow-list); the real
// connector program, which can, pairs with instance A and relays everything.

const serverUrl = process.env.TEST_DATABASE_URL;
const MAILBOX = "alice@contoso.test";
const PORT_A = 3241;
const PORT_B = 3242;
const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
/** The instances' JSON logs and the connector's, kept for a failed run to explain itself. */
const appLog = (instance: "a" | "b") => path.join(process.cwd(), ".data", "e2e", `connector-app-${instance}.log`);
const connectorLog = path.join(process.cwd(), ".data", "e2e", "connector.log");

interface RunningConnector {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

let database: Awaited<ReturnType<typeof provisionDatabase>>;
let pkiDir: string;
let stateDir: string;
let simulator: RunningSimulator;
let frontA: HttpsFront;
let frontB: HttpsFront;
let appA: AppProcess | undefined;
let appB: AppProcess | undefined;
let connector: RunningConnector | undefined;
let context: BrowserContext;
let admin: Page;
let slug: string;

/** One set for both instances and for a restarted one: sessions and sealed data must survive a restart. */
const secrets = testSecrets();

const appEnv = (front: HttpsFront) => ({
  ...process.env,
  ...secrets,
  ...database.env,
  APP_URL: front.url,
  SLOTBRIDGE_DEMO: "",
  // Nothing is allowed: the app cannot reach the simulator (or any Exchange server) itself.
  EXCHANGE_ALLOWED_HOSTS: "",
  // The spec plays the reverse proxy, sending each client's address in X-Forwarded-For.
  TRUSTED_PROXIES: "1",
  CONNECTOR_HEARTBEAT_SECONDS: "2",
  CONNECTOR_POLL_SECONDS: "1",
});

const startAppA = async () => {
  appA = await startApp({ port: PORT_A, env: appEnv(frontA), output: { file: appLog("a") } });
};

/** One connector command to its end: exit code and everything it printed. */
function connectorCli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(tsx, ["connector/main.ts", "--state-dir", stateDir, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("exit", (code) => resolve({ code, output }));
  });
}

/** `connector run`, kept running; its JSON log lines are collected. */
function startConnector(args: string[] = []): RunningConnector {
  const child = spawn(tsx, ["connector/main.ts", "--state-dir", stateDir, "run", "--channel-retry", "3", ...args], {
    env: { ...process.env, LOG_LEVEL: "debug" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    appendFileSync(connectorLog, chunk);
    output.push(...chunk.toString().split("\n").filter(Boolean));
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output, exited };
}

async function stopConnector() {
  if (!connector) return;
  if (connector.child.exitCode === null) connector.child.kill("SIGTERM");
  await connector.exited;
  connector = undefined;
}

const control = (input: { method: string; path: string; body?: unknown }) =>
  simulatorControl({ controlUrl: simulator.controlUrl, ...input });

const calendarOf = (mailbox: string) => simulatorCalendar({ controlUrl: simulator.controlUrl, mailbox });

/** The connector's status as the Calendars page shows it ("realtime", "auto-sync", "offline", …). */
async function expectConnectorStatus(status: string, timeout = 30_000) {
  await expect(async () => {
    await admin.goto("/calendars");
    await expect(admin.getByTestId("connector-status").first()).toHaveAttribute("data-status", status, {
      timeout: 1_000,
    });
  }).toPass({ timeout });
}

/** The team API through instance `baseUrl`, for the admin's own mailbox: live free/busy through the connector. */
async function teamFreeBusy(request: APIRequestContext) {
  const start = new Date();
  const end = new Date(start.getTime() + 7 * 86_400_000);
  const response = await request.get(`/api/v1/team/availability?start=${start.toISOString()}&end=${end.toISOString()}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as {
    members: Array<{ status: string; busy: Array<{ start: string; end: string; status: string }> }>;
    unavailable?: { message: string };
  };
}

let addressCounter = 0;
const fromNewAddress = () => ({ "x-forwarded-for": `198.19.77.${addressCounter++ & 255}` });

async function firstSlot(request: APIRequestContext): Promise<string> {
  const today = new Date();
  const end = new Date(today.getTime() + 20 * 86_400_000);
  const response = await request.get(
    `/api/v1/public/pages/${slug}/slots?start=${today.toISOString().slice(0, 10)}&end=${end.toISOString().slice(0, 10)}&timeZone=UTC`,
    { headers: fromNewAddress() },
  );
  expect(response.status()).toBe(200);
  const { slots } = (await response.json()) as { slots: Array<{ start: string }> };
  expect(slots.length).toBeGreaterThan(0);
  return (slots[Math.floor(slots.length / 2)] as { start: string }).start;
}

async function book(request: APIRequestContext, start: string) {
  const issued = (await (
    await request.get(`/api/v1/public/pages/${slug}/challenge`, { headers: fromNewAddress() })
  ).json()) as { challenge: string; difficulty: number };
  return request.post(`/api/v1/public/pages/${slug}/bookings`, {
    headers: fromNewAddress(),
    data: {
      start,
      name: "Cara Customer",
      email: `cara-${Date.now()}@example.com`,
      timeZone: "UTC",
      answers: {},
      challenge: issued.challenge,
      nonce: solveProofOfWork(issued),
      website: "",
    },
  });
}

async function newContext(browser: Browser, baseURL: string) {
  // The browser does not know the test CA; the connector checks the certificate for real.
  return browser.newContext({
    baseURL,
    ignoreHTTPSErrors: true,
    extraHTTPHeaders: { "x-forwarded-for": "198.51.100.41" },
  });
}

test.describe
  .serial("on-premises connector", () => {
    test.skip(!serverUrl, "needs a Postgres server (TEST_DATABASE_URL): the bus between instances is Postgres");
    test.setTimeout(180_000);

    test.beforeAll(async ({ browser }) => {
      mkdirSync(path.dirname(connectorLog), { recursive: true });
      for (const file of [appLog("a"), appLog("b"), connectorLog]) rmSync(file, { force: true });
      database = await provisionDatabase({ serverUrl, prefix: "slotbridge_e2e_connector" });
      pkiDir = mkdtempSync(path.join(tmpdir(), "slotbridge-e2e-connector-pki-"));
      stateDir = mkdtempSync(path.join(tmpdir(), "slotbridge-e2e-connector-state-"));
      simulator = await startSimulator({ pkiDir, allPorts: 0, controlPort: 0 });
      const { credentials } = await ensurePki({ dir: pkiDir });
      frontA = await startHttpsFront({ targetPort: PORT_A, credentials: credentials.valid });
      frontB = await startHttpsFront({ targetPort: PORT_B, credentials: credentials.valid });
      [appA, appB] = await Promise.all([
        startApp({ port: PORT_A, env: appEnv(frontA), output: { file: appLog("a") } }),
        startApp({ port: PORT_B, env: appEnv(frontB), output: { file: appLog("b") } }),
      ]);
      context = await newContext(browser, frontA.url);
      admin = await context.newPage();
      await setUpInstance(admin, { organisation: "Behind The Firewall", name: "Ada Admin" });
    });

    test.afterAll(async () => {
      await stopConnector();
      await context?.close();
      await Promise.all([appA?.stop(), appB?.stop()]);
      await Promise.all([frontA?.stop(), frontB?.stop(), simulator?.stop()]);
      await database?.drop();
      rmSync(pkiDir, { recursive: true, force: true });
      rmSync(stateDir, { recursive: true, force: true });
    });

    test("pairs, serves a mailbox, and team free/busy and booking work through it; the app cannot reach Exchange itself", async () => {
      // The app itself is refused: the simulator is not on its allow-list.
      await admin.goto("/calendars/connect");
      await fillServerStep(admin, { mailbox: MAILBOX, manualUrl: simulator.listeners.valid.url });
      await expect(admin.getByText(/not allowed|allow-list|EXCHANGE_ALLOWED_HOSTS/i).first()).toBeVisible();

      await admin.goto("/calendars");
      await admin.getByLabel("Name").fill("Head office");
      await admin.getByRole("button", { name: "Add a connector" }).click();
      const code = (await admin.getByTestId("pairing-code").textContent()) ?? "";
      expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
      await expect(admin.getByTestId("connector-status")).toHaveAttribute("data-status", "waiting-for-pairing");

      const pair = ["pair", "--server", frontA.url, "--code", code, "--server-ca", simulator.caFile];
      const paired = await connectorCli(pair);
      expect(paired.code, paired.output).toBe(0);
      // The code works once.
      const again = await connectorCli(pair);
      expect(again.code).not.toBe(0);

      const added = await connectorCli(
        [
          "add-account",
          "--ews-url",
          simulator.listeners.valid.url,
          "--username",
          "CONTOSO\\alice",
          "--mailbox",
          MAILBOX,
          "--exchange-ca",
          simulator.caFile,
        ],
        { SLOTBRIDGE_EXCHANGE_PASSWORD: SIM_PASSWORD },
      );
      expect(added.code, added.output).toBe(0);
      expect(added.output).not.toContain(SIM_PASSWORD);

      connector = startConnector();
      await expectConnectorStatus("realtime");
      const owner = admin.getByLabel(`Owner of ${MAILBOX}`);
      const adaValue = await owner.locator("option", { hasText: "Ada Admin" }).getAttribute("value");
      await owner.selectOption(adaValue ?? "");
      await admin.getByRole("button", { name: `Attach ${MAILBOX}` }).click();
      // Tested through the connector and saved: the page now lists it as attached, and as a connection.
      await expect(admin.getByText(`${MAILBOX} (attached)`)).toBeVisible();
      await expect(admin.getByTestId("connection-row")).toContainText("Reached through");

      // Team free/busy: live, through the connector, pattern only.
      const team = await teamFreeBusy(admin.request);
      expect(team.members[0]?.status).toBe("ok");
      expect(team.members[0]?.busy.length).toBeGreaterThan(0);
      for (const block of team.members[0]?.busy ?? [])
        expect(Object.keys(block).sort()).toEqual(["end", "start", "status"]);

      // Booking through instance B: B queues the request, A holds the channel and delivers it.
      slug = await createBookingPageThroughUi(admin, {
        title: "Connector call",
        question: "Anything?",
        hostName: "Ada Admin",
      });
      const onB = await newContext(admin.context().browser() as Browser, frontB.url);
      try {
        const start = await firstSlot(onB.request);
        const booked = await book(onB.request, start);
        expect(booked.status(), await booked.text()).toBe(201);
        const { id, status } = (await booked.json()) as { id: string; status: string };
        expect(status).toBe("confirmed");
        const items = (await calendarOf(MAILBOX)).filter((item) =>
          item.extendedProperties.some((property) => property.value === id),
        );
        expect(items).toHaveLength(1);
        expect(await firstSlot(onB.request)).not.toBe(start);
      } finally {
        await onB.close();
      }
    });

    test("falls back to auto-sync behind a proxy that cuts long-lived connections, and comes back", async () => {
      await stopConnector();
      // A real HTTP proxy with authentication on loopback; `cutting` closes every tunnel after a second and
      // a half, as proxies that do not allow long-lived connections do.
      let cutting = true;
      const server = createProxy(http.createServer());
      server.authenticate = (request) =>
        request.headers["proxy-authorization"] === `Basic ${Buffer.from("relay:proxy-secret").toString("base64")}`;
      server.on("connection", (socket) => {
        if (cutting) setTimeout(() => socket.destroy(), 1_500);
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const proxyPort = (server.address() as AddressInfo).port;
      try {
        connector = startConnector(["--proxy", `http://relay:proxy-secret@127.0.0.1:${proxyPort}`]);
        await expectConnectorStatus("auto-sync", 60_000);
        const team = await teamFreeBusy(admin.request);
        expect(team.members[0]?.status, JSON.stringify(team)).toBe("ok");

        cutting = false;
        await expectConnectorStatus("realtime", 60_000);
        expect((await teamFreeBusy(admin.request)).members[0]?.status).toBe("ok");
        expect(connector.output.join("\n")).not.toContain("proxy-secret");
      } finally {
        await stopConnector();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });

    test("survives an app restart in the middle of a booking: reconnects, and the item is written once", async () => {
      connector = startConnector();
      await expectConnectorStatus("realtime");
      // Exchange takes its time with the write, and instance A (holding the channel) goes down meanwhile.
      await control({
        method: "POST",
        path: "/faults",
        body: { operation: "CreateItem", latency: { fixedMs: 3_000 } },
      });
      const onB = await newContext(admin.context().browser() as Browser, frontB.url);
      try {
        const start = await firstSlot(onB.request);
        const booking = book(onB.request, start);
        await expect
          .poll(() => connector?.output.some((line) => line.includes('"operation":"CreateItem"')), { timeout: 10_000 })
          .toBe(true);
        await appA?.stop();
        await startAppA();
        const response = await booking;
        expect(response.status(), await response.text()).toBe(201);
        const { id } = (await response.json()) as { id: string };
        // Answered after the restart, or written by the retry job: either way exactly one item.
        await expect
          .poll(
            async () =>
              (await calendarOf(MAILBOX)).filter((item) => item.extendedProperties.some((p) => p.value === id)).length,
            { timeout: 60_000 },
          )
          .toBe(1);
        await admin.goto("/bookings");
        await expect(admin.getByText("Cara Customer").first()).toBeVisible();
        await expectConnectorStatus("realtime");
        expect(
          (await calendarOf(MAILBOX)).filter((item) => item.extendedProperties.some((p) => p.value === id)),
        ).toHaveLength(1);
      } finally {
        await control({ method: "DELETE", path: "/faults" });
        await onB.close();
      }
    });

    test("a revoked token stops the connector with a clear message, and the booking page then offers no slots at all", async () => {
      if (!connector) connector = startConnector();
      await expectConnectorStatus("realtime");
      admin.once("dialog", (dialog) => dialog.accept());
      await admin.getByRole("button", { name: "Revoke" }).click();
      expect(await connector.exited).toBe(3);
      expect(connector.output.join("\n")).toMatch(/revoked/i);
      connector = undefined;
      await expectConnectorStatus("revoked");
      const today = new Date();
      const end = new Date(today.getTime() + 20 * 86_400_000);
      const response = await admin.request.get(
        `/api/v1/public/pages/${slug}/slots?start=${today.toISOString().slice(0, 10)}&end=${end.toISOString().slice(0, 10)}&timeZone=UTC`,
        { headers: fromNewAddress() },
      );
      // No calendar can be read: no slots at all (a guess without them could double-book), and no detail why.
      expect(response.status()).toBe(503);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body.error).toBe("calendar_unavailable");
      expect(body).not.toHaveProperty("slots");
      expect(JSON.stringify(body)).not.toMatch(/connector|revoked|alice/i);
    });
  });
