import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, formAlert, test } from "./fixtures";
import { signIn, signOut } from "./pages/auth";
import { solveChallenge } from "./support/booking-fixtures";

const DEMO_PORT = 3210;

/** A GET that trusts only the given CA file, as the app does for Exchange connections. */
function fetchWithCa({ url, caFile }: { url: string; caFile: string }) {
  return new Promise<{ status: number; authenticate: string }>((resolve, reject) => {
    https
      .get(url, { ca: readFileSync(caFile) }, (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, authenticate: String(response.headers["www-authenticate"] ?? "") });
      })
      .on("error", reject);
  });
}

/** Runs `npm run demo` as a newcomer would, in a scratch data directory, until it prints its banner. */
async function startDemo(dataDir: string): Promise<{ child: ChildProcess; banner: string }> {
  const child = spawn("npm", ["run", "demo"], {
    // The port offset keeps the demo's Exchange simulator clear of one started by hand.
    env: {
      ...process.env,
      PORT: String(DEMO_PORT),
      SLOTBRIDGE_DEMO_DIR: dataDir,
      DATABASE_URL: "",
      EWS_SIM_PORT_OFFSET: "300",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const banner = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start:\n${output}`)), 180_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ctrl+C stops the demo")) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => reject(new Error(`demo exited with ${code}:\n${output}`)));
  });
  return { child, banner };
}

test("the demo sign-ins printed by `npm run demo` work", async ({ browser }) => {
  test.setTimeout(240_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), "slotbridge-demo-"));
  const { child, banner } = await startDemo(dataDir);
  const context = await browser.newContext({ baseURL: `http://localhost:${DEMO_PORT}` });
  const page = await context.newPage();
  try {
    expect(banner).toContain(`running at http://localhost:${DEMO_PORT}`);
    // The demo's stand-in Exchange server answers over TLS with its test CA, and asks for credentials.
    const exchangeUrl = banner.match(/Exchange \(EWS simulator\): (\S+)/)?.[1] ?? "";
    expect(exchangeUrl).toBe("https://localhost:7743/EWS/Exchange.asmx");
    const challenge = await fetchWithCa({
      url: exchangeUrl,
      caFile: path.join(dataDir, "ews-sim", "pki", "root-ca.pem"),
    });
    expect(challenge.status).toBe(401);
    expect(challenge.authenticate).toContain("NTLM");
    const password = banner.match(/password "([^"]+)"/)?.[1];
    const people = [...banner.matchAll(/^\s+(\S+@\S+)\s+(owner|admin|member)$/gm)].map((m) => ({
      email: m[1] ?? "",
      role: m[2] ?? "",
    }));
    expect(password).toBeTruthy();
    expect(people.map((p) => p.role)).toEqual(expect.arrayContaining(["owner", "admin", "member"]));

    for (const role of ["owner", "admin", "member"]) {
      const person = people.find((p) => p.role === role);
      if (!person || !password) throw new Error(`no ${role} in the banner`);
      await signIn(page, { email: person.email, password });
      await expect(page.getByTestId("account-summary")).toContainText(role[0]?.toUpperCase() + role.slice(1));
      await expect(page.getByTestId("account-summary")).toContainText("Northwind Dental");
      await signOut(page);
    }
    await signIn(page, { email: people[0]?.email ?? "", password: "not the demo password" });
    await expect(formAlert(page)).toHaveText("Email or password is incorrect.");

    // The seeded calendars: a member without one of his own sees the team through the lookup connection.
    expect(banner).toContain("calendars connected to the simulator");
    const member = people.find((p) => p.email.startsWith("lena@"));
    await signIn(page, { email: member?.email ?? "", password: password ?? "" });
    await expect(page).toHaveURL(/\/calendars$/);
    await page.goto("/team");
    const row = (name: string) => page.getByTestId("team-row").filter({ hasText: name });
    await expect(row("Maya Patel")).toHaveAttribute("data-status", "ok");
    await expect(row("Lena Fischer")).toHaveAttribute("data-status", "no-calendar");

    // The seeded booking pages, one of each kind, offer slots from the simulator's live calendars.
    const start = new Date().toISOString().slice(0, 10);
    const end = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    for (const slug of ["check-up", "first-visit", "treatment-plan"]) {
      expect(banner).toContain(`/book/${slug}`);
      const response = await page.request.get(
        `/api/v1/public/pages/${slug}/slots?start=${start}&end=${end}&timeZone=Europe/London`,
      );
      expect(response.status(), slug).toBe(200);
      expect(((await response.json()) as { slots: unknown[] }).slots.length, slug).toBeGreaterThan(0);
    }

    // A booking's mail is captured and shown on the demo's mail page, linked from the navigation.
    const slots = (await (
      await page.request.get(`/api/v1/public/pages/check-up/slots?start=${start}&end=${end}&timeZone=UTC`)
    ).json()) as { slots: Array<{ start: string }> };
    const issued = (await (await page.request.get("/api/v1/public/pages/check-up/challenge")).json()) as {
      challenge: string;
      difficulty: number;
    };
    const booked = await page.request.post("/api/v1/public/pages/check-up/bookings", {
      data: {
        start: slots.slots[0]?.start,
        name: "Dana Demo",
        email: "dana@example.com",
        timeZone: "UTC",
        challenge: issued.challenge,
        nonce: solveChallenge(issued),
        website: "",
      },
    });
    expect(booked.status()).toBe(201);
    // The mails carry customers' names, addresses and manage links: members neither see nor reach the page.
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Demo mail" })).toHaveCount(
      0,
    );
    expect((await page.goto("/demo/mail"))?.status()).toBe(404);
    await signOut(page);

    const admin = people.find((p) => p.role === "admin");
    await signIn(page, { email: admin?.email ?? "", password: password ?? "" });
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Demo mail" }).click();
    await expect(page).toHaveURL(/\/demo\/mail$/);
    // Mail is sent by a job a moment after the booking: look again until it is there.
    await expect(async () => {
      await page.reload();
      await expect(page.getByText("Dana Demo").first()).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await signOut(page);

    // A member gets no mail page at all.
    const aMember = people.find((p) => p.role === "member");
    await signIn(page, { email: aMember?.email ?? "", password: password ?? "" });
    await expect(page).toHaveURL(/\/calendars$/);
    const answer = await page.goto("/demo/mail");
    expect(answer?.status()).toBe(404);
    await signOut(page);

    // The demo runs closed: accounts only by invite, and /sign-up says so.
    await page.goto("/sign-up");
    await expect(page.getByRole("heading", { name: "Accounts are by invite only" })).toBeVisible();
  } finally {
    await context.close();
    if (child.pid) process.kill(-child.pid, "SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
});
