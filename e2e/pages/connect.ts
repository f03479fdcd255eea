import { expect, type Page } from "@playwright/test";

export const SIM_PASSWORD = "Simulator-Pass-1";

/** Fills the wizard's server step; `autodiscoverServer` or `manualUrl` say where to look. */
export async function fillServerStep(
  page: Page,
  {
    mailbox,
    username = `CONTOSO\\${mailbox.split("@")[0]}`,
    password = SIM_PASSWORD,
    autodiscoverServer,
    manualUrl,
  }: { mailbox: string; username?: string; password?: string; autodiscoverServer?: string; manualUrl?: string },
) {
  await page.getByLabel("Mailbox email address").fill(mailbox);
  await page.getByLabel("User name").fill(username);
  await page.getByLabel("Password").fill(password);
  if (manualUrl) {
    await page.getByRole("button", { name: "Enter the EWS URL myself" }).click();
    await page.getByLabel("EWS URL").fill(manualUrl);
    await page.getByRole("button", { name: "Use this URL" }).click();
  } else {
    if (autodiscoverServer) {
      await page.getByRole("button", { name: "Autodiscover options" }).click();
      await page.getByLabel("Autodiscover server (optional)").fill(autodiscoverServer);
    }
    await page.getByRole("button", { name: "Find the server" }).click();
  }
}

/** From the certificate step (accepted) through the account test to the saved connection. */
export async function finishWizard(page: Page) {
  await expect(page.getByTestId("certificate-accepted")).toBeVisible();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText(/Exchange accepted/)).toBeVisible();
  await page.getByRole("button", { name: "Save connection" }).click();
  await expect(page.getByText(/is connected/)).toBeVisible();
}
