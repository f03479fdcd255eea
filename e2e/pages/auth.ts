import { type Browser, expect, type Page } from "@playwright/test";
import { PASSWORD, uniqueEmail } from "../fixtures";
import { capturedMail } from "../support/mail-capture-info";

/**
 * Creates an organisation through /sign-up (the e2e app runs with SIGNUP=open), verifies the address through
 * the link in the captured mail, and signs in: the owner lands on /calendars.
 */
export async function signUp(page: Page, { organisation = "Acme Clinic", name = "Olga Owner" } = {}) {
  const email = uniqueEmail("owner");
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Organisation").fill(organisation);
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page.getByTestId("sign-up-done")).toContainText(`we sent a link to ${email}`);
  await verifyFromMail(page, email);
  await signIn(page, { email });
  await expect(page).toHaveURL(/\/calendars$/);
  return { email, password: PASSWORD, name, organisation };
}

/** The newest verification link mailed to `email` (captured by the e2e app's SMTP server). */
export async function verificationLink(email: string): Promise<string> {
  let link: string | undefined;
  await expect(async () => {
    const mail = (await capturedMail()).findLast((m) => m.envelope.to.includes(email));
    link = mail?.text.match(/https?:\/\/\S+\/verify-email\/[A-Za-z0-9_-]+/)?.[0];
    expect(link, `a verification mail to ${email}`).toBeTruthy();
  }).toPass({ timeout: 15_000 });
  return link ?? "";
}

/** Opens the verification link mailed to `email` and confirms it. */
export async function verifyFromMail(page: Page, email: string) {
  await page.goto(await verificationLink(email));
  await page.getByRole("button", { name: "Verify my address" }).click();
  await expect(page.getByRole("status")).toContainText("Your address is verified.");
}

/** On a fresh instance: the first-run page, which makes the first organisation and its owner and signs in. */
export async function setUpInstance(page: Page, { organisation = "First Organisation", name = "Fiona First" } = {}) {
  const email = uniqueEmail("first");
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Organisation").fill(organisation);
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Set up Slotbridge" }).click();
  await expect(page).toHaveURL(/\/calendars$/);
  return { email, password: PASSWORD, name, organisation };
}

/** Signs in through the form; `next` is the page the sign-in link asked to return to. */
export async function signIn(
  page: Page,
  { email, password = PASSWORD, next }: { email: string; password?: string; next?: string },
) {
  await page.goto(next === undefined ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page) {
  await page.getByTestId("account-summary").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** As an admin: creates an invite and returns its single-use link. */
export async function createInvite(page: Page, { email, role = "member" }: { email: string; role?: string }) {
  await page.goto("/settings/members");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption(role);
  await page.getByRole("button", { name: "Create invite" }).click();
  const link = page.getByLabel("Invite link");
  await expect(link).toBeVisible();
  return link.inputValue();
}

/** Opens an invite link in a fresh page and joins with it. */
export async function acceptInvite(page: Page, { link, name }: { link: string; name: string }) {
  await page.goto(link);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Choose a password").fill(PASSWORD);
  await page.getByRole("button", { name: "Join" }).click();
  await expect(page).toHaveURL(/\/calendars$/);
}

/** As an admin on `page`: invites a colleague, who joins in a browser context of their own. */
export async function addColleague(
  page: Page,
  {
    browser,
    name,
    role = "member",
    email = uniqueEmail(role),
  }: { browser: Browser; name: string; role?: string; email?: string },
) {
  const context = await browser.newContext();
  const colleague = await context.newPage();
  await acceptInvite(colleague, { link: await createInvite(page, { email, role }), name });
  return { email, context, page: colleague };
}
