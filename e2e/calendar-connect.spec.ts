import { expect, test } from "./fixtures";
import { addColleague, signUp } from "./pages/auth";
import { fillServerStep, finishWizard } from "./pages/connect";
import { readSimulatorInfo } from "./support/simulator-info";

// The e2e server runs its own EWS simulator (e2e/support/serve.ts). Its mailboxes live in contoso.test, whose
// autodiscover DNS does not exist, so the autodiscover spec names the simulator's valid listener as the
// autodiscover server (the wizard's "Autodiscover options"), as an admin of a domain without published
// autodiscover records would.

const sim = () => readSimulatorInfo();

test("an owner connects a mailbox through autodiscover, sees its week, finds it listed, and disconnects it", async ({
  page,
}) => {
  await signUp(page, { organisation: "Autodiscover Ltd" });
  await page.goto("/calendars");
  await page.getByRole("link", { name: "Connect a calendar" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "Server" }).first()).toHaveAttribute(
    "aria-current",
    "step",
  );

  const valid = sim().listeners.valid;
  await fillServerStep(page, { mailbox: "alice@contoso.test", autodiscoverServer: `localhost:${valid.port}` });
  await expect(page.getByTestId("ews-url")).toHaveText(valid.url);
  await expect(page.getByTestId("certificate-accepted")).toContainText("TLSv1.");
  await expect(page.getByTestId("certificate-fingerprint")).toHaveText(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  // Chromium does not trust the simulator's test CA (only the app does, via EXCHANGE_CA_FILE): shown, not hidden.
  await expect(page.getByTestId("browser-check")).toContainText("Your browser could not reach or does not trust");
  await expect(page.getByTestId("checks-disagree")).toBeVisible();
  await finishWizard(page);
  await expect(page.getByTestId("free-busy-day")).toHaveCount(7);
  expect(await page.content()).not.toContain("Simulator-Pass-1");

  await page.getByRole("link", { name: "Go to Calendars" }).click();
  const row = page.getByTestId("connection-row").filter({ hasText: "alice@contoso.test" });
  await expect(row).toContainText("Working");
  await expect(row).toContainText("password set");
  await row.getByRole("button", { name: "Re-test" }).click();
  await expect(row.getByRole("status")).toHaveText("Working.");

  page.once("dialog", (dialog) => {
    expect(dialog.message()).toContain("erases its stored credentials");
    expect(dialog.message()).toContain("Bookings already made are kept");
    void dialog.accept();
  });
  await row.getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByText("No Exchange calendars connected yet")).toBeVisible();
});

test("a manual URL: refused certificates block the next step with their reason; the valid one is accepted", async ({
  page,
}) => {
  await signUp(page, { organisation: "Manual URL Ltd" });
  await page.goto("/calendars/connect");
  const { listeners } = sim();

  await fillServerStep(page, { mailbox: "bob@contoso.test", manualUrl: listeners.expired.url });
  await expect(page.getByTestId("certificate-refused")).toHaveAttribute("data-reason", "expired");
  await expect(page.getByTestId("certificate-refused")).toContainText("expired");
  await expect(page.getByRole("button", { name: "Continue" })).toHaveCount(0);

  // Back keeps what was typed, except the password.
  await page.getByRole("button", { name: "Back" }).click();
  await expect(page.getByLabel("Mailbox email address")).toHaveValue("bob@contoso.test");
  await expect(page.getByLabel("User name")).toHaveValue("CONTOSO\\bob");
  await expect(page.getByLabel("EWS URL")).toHaveValue(listeners.expired.url);
  await expect(page.getByLabel("Password")).toHaveValue("");

  await page.getByLabel("Password").fill("Simulator-Pass-1");
  await page.getByLabel("EWS URL").fill(listeners["self-signed"].url);
  await page.getByRole("button", { name: "Use this URL" }).click();
  await expect(page.getByTestId("certificate-refused")).toHaveAttribute("data-reason", "self-signed");
  await expect(page.getByTestId("certificate-refused")).toContainText("self-signed");
  await expect(page.getByRole("button", { name: "Continue" })).toHaveCount(0);

  await page.getByRole("button", { name: "Back" }).click();
  await page.getByLabel("Password").fill("Simulator-Pass-1");
  await page.getByLabel("EWS URL").fill(listeners.valid.url);
  await page.getByRole("button", { name: "Use this URL" }).click();
  await finishWizard(page);
  await page.goto("/calendars");
  await expect(page.getByTestId("connection-row").filter({ hasText: "bob@contoso.test" })).toBeVisible();
});

test("a wrong password is named at the account step and nothing is saved", async ({ page }) => {
  await signUp(page, { organisation: "Wrong Password Ltd" });
  await page.goto("/calendars/connect");
  await fillServerStep(page, {
    mailbox: "chloe@contoso.test",
    password: "not-the-password",
    manualUrl: sim().listeners.valid.url,
  });
  await expect(page.getByTestId("certificate-accepted")).toBeVisible();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Exchange refused the user name or password");
  await expect(page.getByRole("button", { name: "Save connection" })).toHaveCount(0);
  await page.goto("/calendars");
  await expect(page.getByTestId("connection-row")).toHaveCount(0);
});

test("a member does not see an admin's connection", async ({ page, browser }) => {
  await signUp(page, { organisation: "Separate Calendars Ltd" });
  await page.goto("/calendars/connect");
  await fillServerStep(page, { mailbox: "dev@contoso.test", manualUrl: sim().listeners.valid.url });
  await finishWizard(page);

  const member = await addColleague(page, { browser, name: "Mia Member" });
  await member.page.goto("/calendars");
  await expect(member.page.getByText("No Exchange calendars connected yet")).toBeVisible();
  await expect(member.page.getByText("dev@contoso.test")).toHaveCount(0);
  await member.context.close();
});
