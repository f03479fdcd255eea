import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { type AppProcess, startApp } from "@/testing/app-process";
import { type MailCapture, startMailCapture } from "@/testing/mail-capture";
import { testSecrets } from "@/testing/secrets";
import { expect, formAlert, PASSWORD, test } from "./fixtures";
import { setUpInstance, signIn, signOut } from "./pages/auth";

// One installation of its own, from an empty database: the first-run page, then the same database under each
// sign-up mode (closed, domains, open) in turn, with a mail capture server of its own.

const PORT = Number(process.env.E2E_PORT ?? 3100) + 5;
const BASE = `http://localhost:${PORT}`;
const DOMAIN = "clinic.test";
const SECRETS = testSecrets();

let dataDir: string;
let capture: MailCapture;
let app: AppProcess | undefined;
let firstContext: BrowserContext;
let firstPage: Page;

async function restart(env: Record<string, string>) {
  await app?.stop();
  app = await startApp({
    port: PORT,
    output: "ignore",
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      ...SECRETS,
      APP_URL: BASE,
      DATABASE_URL: "",
      PGLITE_DATA_DIR: dataDir,
      TRUSTED_PROXIES: "1",
      SMTP_URL: capture.smtpUrl,
      MAIL_FROM: "Slotbridge <accounts@slotbridge.test>",
      ...env,
    },
  });
}

async function newPage(browser: Browser, address: string) {
  const context = await browser.newContext({ baseURL: BASE, extraHTTPHeaders: { "x-forwarded-for": address } });
  return { context, page: await context.newPage() };
}

/** Follows the newest verification link mailed to `email` by this installation. */
async function verify(page: Page, email: string) {
  let link = "";
  await expect(() => {
    const mail = capture.messages().findLast((m) => m.envelope.to.includes(email));
    link = mail?.text.match(/http:\/\/\S+\/verify-email\/[A-Za-z0-9_-]+/)?.[0] ?? "";
    expect(link).not.toBe("");
  }).toPass({ timeout: 15_000 });
  await page.goto(link);
  await page.getByRole("button", { name: "Verify my address" }).click();
  await expect(page.getByRole("status")).toContainText("Your address is verified.");
}

test.describe
  .serial("a fresh installation", () => {
    test.setTimeout(120_000);

    test.beforeAll(async ({ browser }) => {
      dataDir = mkdtempSync(path.join(tmpdir(), "slotbridge-e2e-instance-"));
      capture = await startMailCapture();
      await restart({});
      ({ context: firstContext, page: firstPage } = await newPage(browser, "198.51.100.61"));
    });

    test.afterAll(async () => {
      await firstContext?.close();
      await app?.stop();
      await capture?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    test("first run: every page leads to setup, which makes the owner once and is gone after", async ({ browser }) => {
      const { context, page } = await newPage(browser, "198.51.100.62");
      try {
        for (const path of ["/sign-in", "/sign-up", "/"]) {
          await page.goto(path);
          await expect(page).toHaveURL(/\/setup$/);
        }
      } finally {
        await context.close();
      }
      await setUpInstance(firstPage, { organisation: "Founders Clinic" });
      // The first owner administers the instance.
      await firstPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Instance" }).click();
      await expect(firstPage.getByTestId("instance-organisation")).toHaveCount(1);
      await expect(firstPage.getByTestId("instance-organisation")).toContainText("Founders Clinic");
      await expect(firstPage.getByTestId("instance-organisation")).toContainText("Yours");

      // Owners claim their sign-up domains in Settings.
      await firstPage.goto("/settings");
      await firstPage.getByLabel("Email domain").fill(DOMAIN.toUpperCase());
      await firstPage.getByRole("button", { name: "Add domain" }).click();
      await expect(firstPage.getByTestId("organisation-domain")).toHaveText(new RegExp(DOMAIN));

      const { context: other, page: visitor } = await newPage(browser, "198.51.100.63");
      try {
        await visitor.goto("/setup");
        await expect(visitor).toHaveURL(/\/sign-in$/);
        // Closed (the default): /sign-up says how accounts are made instead of offering a form.
        await visitor.goto("/sign-up");
        await expect(visitor.getByRole("heading", { name: "Accounts are by invite only" })).toBeVisible();
        await expect(visitor.getByTestId("sign-up-mode")).toContainText("An admin of your organisation can invite you");
        await expect(visitor.getByLabel("Password")).toHaveCount(0);
      } finally {
        await other.close();
      }
    });

    test("domains: an address of an owned, listed domain joins that organisation after verifying", async ({
      browser,
    }) => {
      await restart({ SIGNUP: "domains", SIGNUP_DOMAINS: `${DOMAIN},listed-but-unowned.test` });
      const { context, page } = await newPage(browser, "198.51.100.64");
      try {
        await page.goto("/sign-up");
        await expect(page.getByRole("heading", { name: "Join your organisation" })).toBeVisible();
        await expect(page.getByLabel("Organisation")).toHaveCount(0);

        // A listed domain no organisation owns: refused, with what to do instead, keeping what was typed.
        await page.getByLabel("Your name").fill("Stray Person");
        await page.getByLabel("Work email").fill("stray@listed-but-unowned.test");
        await page.getByLabel("Password").fill(PASSWORD);
        await page.getByRole("button", { name: "Sign up" }).click();
        await expect(formAlert(page)).toContainText("An admin of your organisation can invite you.");
        await expect(page.getByLabel("Work email")).toHaveValue("stray@listed-but-unowned.test");

        const email = `joiner@${DOMAIN}`;
        await page.getByLabel("Your name").fill("Jo Joiner");
        await page.getByLabel("Work email").fill(email);
        await page.getByLabel("Password").fill(PASSWORD);
        await page.getByRole("button", { name: "Sign up" }).click();
        await expect(page.getByTestId("sign-up-done")).toContainText(`we sent a link to ${email}`);

        // Not verified yet: sign-in says so and offers the mail again.
        await signIn(page, { email });
        await expect(formAlert(page)).toContainText("Your address is not verified yet.");
        const mailsBefore = capture.messages().filter((m) => m.envelope.to.includes(email)).length;
        await page.getByRole("button", { name: "Send the verification mail again" }).click();
        await expect(page.getByText("If an account with this address is waiting for verification")).toBeVisible();
        await expect(() =>
          expect(capture.messages().filter((m) => m.envelope.to.includes(email)).length).toBe(mailsBefore + 1),
        ).toPass({ timeout: 15_000 });
        // The same answer for an address nobody has.
        await signIn(page, { email: "nobody@clinic.test" });
        await expect(formAlert(page)).toHaveText("Email or password is incorrect.");

        await verify(page, email);
        await signIn(page, { email });
        await expect(page).toHaveURL(/\/calendars$/);
        await expect(page.getByTestId("account-summary")).toContainText("Founders Clinic");
        await expect(page.getByTestId("account-summary")).toContainText("Member");
      } finally {
        await context.close();
      }
    });

    test("open: a new organisation; the instance page disables it, ending its sessions and sign-ins", async ({
      browser,
    }) => {
      await restart({ SIGNUP: "open" });
      const { context, page } = await newPage(browser, "198.51.100.65");
      try {
        const email = "owner@other.test";
        await page.goto("/sign-up");
        await page.getByLabel("Your name").fill("Otto Other");
        await page.getByLabel("Organisation").fill("Other Practice");
        await page.getByLabel("Work email").fill(email);
        await page.getByLabel("Password").fill(PASSWORD);
        await page.getByRole("button", { name: "Create organisation" }).click();
        await expect(page.getByTestId("sign-up-done")).toBeVisible();
        await verify(page, email);
        await signIn(page, { email });
        await expect(page).toHaveURL(/\/calendars$/);

        // Not an instance administrator: no link, and the page does not exist for them.
        await expect(
          page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Instance" }),
        ).toHaveCount(0);
        expect((await page.goto("/instance"))?.status()).toBe(404);

        // The first owner is still signed in: sessions outlive restarts (one AUTH_SECRET for them all).
        await firstPage.goto("/instance");
        const row = firstPage.getByTestId("instance-organisation").filter({ hasText: "Other Practice" });
        await expect(row).toContainText("1"); // one member
        firstPage.once("dialog", (dialog) => dialog.accept());
        await row.getByRole("button", { name: "Disable" }).click();
        await expect(row).toContainText("Disabled");

        // Their session has ended, and sign-in says why.
        await page.goto("/calendars");
        await expect(page).toHaveURL(/\/sign-in/);
        await signIn(page, { email });
        await expect(formAlert(page)).toContainText("Your organisation has been disabled");

        firstPage.once("dialog", (dialog) => dialog.accept());
        await row.getByRole("button", { name: "Enable" }).click();
        await expect(row).not.toContainText("Disabled");
        await signIn(page, { email });
        await expect(page).toHaveURL(/\/calendars$/);
        await signOut(page);
      } finally {
        await context.close();
      }
    });
  });
