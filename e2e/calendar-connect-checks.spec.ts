import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { addColleague, signUp } from "./pages/auth";
import { fillServerStep, finishWizard, SIM_PASSWORD } from "./pages/connect";
import { captureServerAction, replayServerAction } from "./support/server-actions";
import { readAppLog, readSimulatorInfo } from "./support/simulator-info";

// The wizard's checks one by one, through the browser, against the e2e server's own EWS simulator
// (e2e/support/serve.ts; the app trusts its test CA through EXCHANGE_CA_FILE and allows localhost and
// 127.0.0.1 through EXCHANGE_ALLOWED_HOSTS, nothing else).

const sim = () => readSimulatorInfo();

async function control(method: string, route: string, body?: unknown) {
  const response = await fetch(`${sim().controlUrl}${route}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
}

/** Back to the server step with a new manual URL (the password is forgotten on the way back, by design). */
async function retryWithUrl(page: import("@playwright/test").Page, url: string) {
  await page.getByRole("button", { name: "Back" }).click();
  await page.getByLabel("Password").fill(SIM_PASSWORD);
  await page.getByLabel("EWS URL").fill(url);
  await page.getByRole("button", { name: "Use this URL" }).click();
}

const REFUSED_VARIANTS = [
  ["missing-intermediate", "incomplete-chain"],
  ["not-yet-valid", "not-yet-valid"],
  ["wrong-hostname", "hostname-mismatch"],
  ["untrusted-ca", "untrusted-issuer"],
  ["rsa-1024", "weak-key"],
  ["tls-legacy", "tls-too-old"],
] as const;

test("every refused certificate variant is named with its own reason and blocks the next step", async ({ page }) => {
  await signUp(page, { organisation: "Variants Ltd" });
  await page.goto("/calendars/connect");
  const { listeners } = sim();
  await fillServerStep(page, { mailbox: "dev@contoso.test", manualUrl: listeners.valid.url });
  await expect(page.getByTestId("certificate-accepted")).toBeVisible();

  for (const [variant, reason] of REFUSED_VARIANTS) {
    await retryWithUrl(page, listeners[variant].url);
    const refused = page.getByTestId("certificate-refused");
    await expect(refused, variant).toHaveAttribute("data-reason", reason);
    await expect(page.getByRole("button", { name: "Continue" })).toHaveCount(0);
  }

  // TLS spoken to a port that answers in plain HTTP: no TLS at all.
  const plain = new URL(listeners["plain-http"].url);
  plain.protocol = "https:";
  await retryWithUrl(page, plain.toString());
  await expect(page.getByTestId("certificate-refused")).toHaveAttribute("data-reason", "no-tls");

  // An http:// URL is refused before anything is sent.
  await page.getByRole("button", { name: "Back" }).click();
  await page.getByLabel("Password").fill(SIM_PASSWORD);
  await page.getByLabel("EWS URL").fill(listeners["plain-http"].url);
  await page.getByRole("button", { name: "Use this URL" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("https");
  await expect(page.getByTestId("certificate-accepted")).toHaveCount(0);
});

test("addresses outside the allow-list are refused before any connection: private, metadata, IPv6 loopback", async ({
  page,
}) => {
  await signUp(page, { organisation: "SSRF Ltd" });
  await page.goto("/calendars/connect");
  const port = new URL(sim().listeners.valid.url).port;
  await fillServerStep(page, { mailbox: "dev@contoso.test", manualUrl: "https://10.20.30.40/EWS/Exchange.asmx" });
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText("10.20.30.40 is a private network address");
  await expect(alert).toContainText("EXCHANGE_ALLOWED_HOSTS");

  for (const [url, words] of [
    ["https://169.254.169.254/EWS/Exchange.asmx", "cloud metadata service address"],
    [`https://[::1]:${port}/EWS/Exchange.asmx`, "loopback"],
  ] as const) {
    await page.getByLabel("Password").fill(SIM_PASSWORD);
    await page.getByLabel("EWS URL").fill(url);
    await page.getByRole("button", { name: "Use this URL" }).click();
    await expect(alert, url).toContainText(words);
    await expect(page.getByTestId("certificate-accepted")).toHaveCount(0);
  }
});

test("NTLM and Basic each connect when chosen; the Calendars page names the method", async ({ page }) => {
  await signUp(page, { organisation: "Auth Methods Ltd" });
  for (const [mailbox, method, shown] of [
    ["emma@contoso.test", "ntlm", "NTLM"],
    ["farid@contoso.test", "basic", "BASIC"],
  ] as const) {
    await page.goto("/calendars/connect");
    await page.getByLabel("Authentication").selectOption(method);
    await fillServerStep(page, { mailbox, manualUrl: sim().listeners.valid.url });
    await expect(page.getByTestId("certificate-accepted")).toBeVisible();
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(
      page.getByText(`Exchange accepted CONTOSO\\${mailbox.split("@")[0]} for ${mailbox} (${shown})`),
    ).toBeVisible();
    await page.getByRole("button", { name: "Save connection" }).click();
    await expect(page.getByText(/is connected/)).toBeVisible();
  }
  await page.goto("/calendars");
  await expect(page.getByTestId("connection-row").filter({ hasText: "emma@contoso.test" })).toContainText("(ntlm)");
  await expect(page.getByTestId("connection-row").filter({ hasText: "farid@contoso.test" })).toContainText("(basic)");
});

test("impersonation: the service account may act for a mailbox; an ordinary account is refused in plain words", async ({
  page,
}) => {
  await signUp(page, { organisation: "Impersonation Ltd" });
  await page.goto("/calendars/connect");
  await page.getByLabel("Act as this mailbox through impersonation").check();
  await fillServerStep(page, {
    mailbox: "grace@contoso.test",
    username: "CONTOSO\\alice",
    manualUrl: sim().listeners.valid.url,
  });
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("may not act for this mailbox");
  await expect(page.getByRole("button", { name: "Save connection" })).toHaveCount(0);

  await page.getByRole("button", { name: "Back" }).click();
  await page.getByLabel("User name").fill("CONTOSO\\svc-slotbridge");
  await page.getByLabel("Password").fill(SIM_PASSWORD);
  await page.getByRole("button", { name: "Use this URL" }).click();
  await finishWizard(page);
  await page.goto("/calendars");
  await expect(page.getByTestId("connection-row").filter({ hasText: "grace@contoso.test" })).toContainText(
    "impersonation",
  );
});

test("an owner's private CA upload makes a server signed by that CA acceptable", async ({ page }) => {
  await signUp(page, { organisation: "Private CA Ltd" });
  const { listeners, pkiDir } = sim();
  await page.goto("/calendars/connect");
  await fillServerStep(page, { mailbox: "hiro@contoso.test", manualUrl: listeners["untrusted-ca"].url });
  await expect(page.getByTestId("certificate-refused")).toHaveAttribute("data-reason", "untrusted-issuer");

  await page.goto("/settings");
  await page
    .getByLabel("Root certificate (PEM)")
    .fill(readFileSync(path.join(pkiDir, "untrusted-root-ca.pem"), "utf8"));
  await page.getByRole("button", { name: "Add certificate authority" }).click();
  await expect(page.getByRole("status")).toContainText("Added CN=Unrelated Test Root CA");

  await page.goto("/calendars/connect");
  await fillServerStep(page, { mailbox: "hiro@contoso.test", manualUrl: listeners["untrusted-ca"].url });
  await expect(page.getByTestId("certificate-accepted")).toContainText("Unrelated Test Root CA");
});

test("a changed Exchange password shows as authentication failing until the password is updated", async ({ page }) => {
  await signUp(page, { organisation: "Password Change Ltd" });
  await page.goto("/calendars/connect");
  await fillServerStep(page, { mailbox: "ines@contoso.test", manualUrl: sim().listeners.valid.url });
  await finishWizard(page);
  await page.goto("/calendars");
  const row = page.getByTestId("connection-row").filter({ hasText: "ines@contoso.test" });
  await expect(row.getByTestId("connection-status")).toHaveText("Working");

  await control("PUT", "/accounts/ines%40contoso.test/password", { password: "Rotated-Pass-2" });
  try {
    await row.getByRole("button", { name: "Re-test" }).click();
    await expect(row.getByRole("status").or(row.getByRole("alert"))).toContainText("Exchange refused");
    await page.reload();
    await expect(row.getByTestId("connection-status")).toHaveAttribute("data-status", "authentication-failing");
    await expect(row.getByTestId("connection-status")).toContainText("Authentication failing since");

    await row.getByRole("button", { name: "Update password" }).click();
    await row.getByLabel("New password for ines@contoso.test").fill("still-wrong");
    await row.getByRole("button", { name: "Test and save" }).click();
    await expect(row.getByRole("alert")).toContainText("Exchange refused");
    await row.getByLabel("New password for ines@contoso.test").fill("Rotated-Pass-2");
    await row.getByRole("button", { name: "Test and save" }).click();
    await expect(row.getByText("Password updated and tested.")).toBeVisible();
    await page.reload();
    await expect(row.getByTestId("connection-status")).toHaveText("Working");
  } finally {
    await control("PUT", "/accounts/ines%40contoso.test/password", { password: SIM_PASSWORD });
  }
  const log = readAppLog();
  for (const secret of [SIM_PASSWORD, "Rotated-Pass-2", "still-wrong"]) expect(log).not.toContain(secret);
});

test("a member connects only their own address, and a forged request cannot touch another mailbox's connection", async ({
  page,
  browser,
}) => {
  await signUp(page, { organisation: "Forgery Ltd" });
  await page.goto("/calendars/connect");
  await fillServerStep(page, { mailbox: "jonas@contoso.test", manualUrl: sim().listeners.valid.url });
  await finishWizard(page);
  await page.goto("/calendars");
  const adminRow = page.getByTestId("connection-row").filter({ hasText: "jonas@contoso.test" });
  const retest = await captureServerAction(page, () => adminRow.getByRole("button", { name: "Re-test" }).click());
  await expect(adminRow.getByRole("status")).toHaveText("Working.");
  page.once("dialog", (dialog) => dialog.accept());
  const disconnect = await captureServerAction(page, () =>
    adminRow.getByRole("button", { name: "Disconnect" }).click(),
  );
  await expect(adminRow).toHaveCount(0);
  // Connected again; the captured requests name the old id, so aim them at the new one.
  await page.goto("/calendars/connect");
  await fillServerStep(page, { mailbox: "jonas@contoso.test", manualUrl: sim().listeners.valid.url });
  await finishWizard(page);
  await page.goto("/calendars");
  const connectionId = await adminRow.locator('input[name="connectionId"]').first().inputValue();
  const aimed = (body: string) =>
    body.replace(/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}/g, connectionId);

  const member = await addColleague(page, { browser, name: "Lena Member", email: "lena@contoso.test" });
  await member.page.goto("/calendars/connect");
  await expect(member.page.getByLabel("Mailbox email address")).toHaveValue("lena@contoso.test");
  await expect(member.page.getByLabel("Mailbox email address")).not.toBeEditable();
  await expect(member.page.getByLabel("Act as this mailbox through impersonation")).toHaveCount(0);

  for (const action of [retest, disconnect]) {
    const forged = await replayServerAction(member.context.request, action, aimed);
    expect(forged.text).toContain('"code":"not_found"');
  }
  await page.goto("/calendars");
  await expect(adminRow).toHaveCount(1);
  await member.context.close();
});
