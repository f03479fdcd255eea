import { type Browser, expect, type Page } from "@playwright/test";
import { PASSWORD, uniqueEmail } from "../fixtures";

export async function signUp(page: Page, { organisation = "Acme Clinic", name = "Olga Owner" } = {}) {
  const email = uniqueEmail("owner");
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Organisation").fill(organisation);
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create organisation" }).click();
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
