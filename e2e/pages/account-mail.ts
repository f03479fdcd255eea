import { expect, type Page } from "@playwright/test";
import type { CapturedMail } from "@/lib/mail/captured-mail";
import { capturedMail } from "../support/mail-capture-info";

/** Every captured message to `address`, oldest first. */
export async function mailTo(address: string): Promise<CapturedMail[]> {
  return (await capturedMail()).filter((mail) => mail.envelope.to.includes(address));
}

/** Waits until `address` has received `count` messages and returns the last. */
export async function waitForMail(address: string, count = 1): Promise<CapturedMail> {
  await expect.poll(async () => (await mailTo(address)).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(count);
  const mail = (await mailTo(address)).at(-1);
  if (!mail) throw new Error(`no mail to ${address}`);
  return mail;
}

/** The link to an app path (e.g. "/invite/") in a mail's plain-text part. */
export function linkInMail(mail: CapturedMail, path: string): string {
  const match = mail.text.match(new RegExp(`https?://\\S+${path.replaceAll("/", "\\/")}[A-Za-z0-9_-]+`));
  if (!match) throw new Error(`no ${path} link in the mail "${mail.subject}"`);
  return match[0];
}

/** As an admin on the members page: creates an invite and returns the outcome note and the link shown once. */
export async function inviteByMail(page: Page, { email, role = "member" }: { email: string; role?: string }) {
  await page.goto("/settings/members");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption(role);
  await page.getByRole("button", { name: "Create invite" }).click();
  const link = page.getByLabel("Invite link");
  await expect(link).toBeVisible();
  return {
    outcome: (await page.getByTestId("invite-mail-outcome").textContent()) ?? "",
    link: await link.inputValue(),
  };
}

export function pendingInviteRow(page: Page, email: string) {
  return page.getByTestId("pending-invite").filter({ hasText: email });
}

/** Asks for a reset link on the forgot-password page (reached from sign-in) and returns the answer shown. */
export async function askForPasswordReset(page: Page, email: string): Promise<string> {
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Mail me a link" }).click();
  const answer = page.getByRole("main").getByRole("status");
  await expect(answer).toBeVisible();
  return (await answer.textContent()) ?? "";
}

/** Opens a reset link and sets a new password; ends on the sign-in page. */
export async function setNewPassword(page: Page, { link, password }: { link: string; password: string }) {
  await page.goto(link);
  await page.getByLabel("New password").fill(password);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/sign-in\?notice=password-reset$/);
  await expect(page.getByRole("main")).toContainText("Your password was changed");
}
