import { expect, PASSWORD, test, uniqueEmail } from "./fixtures";
import { acceptInvite, createInvite, signIn, signOut, signUp } from "./pages/auth";

test("sign up, invite a colleague, who joins and signs in with their role", async ({ page, browser }) => {
  const owner = await signUp(page, { organisation: "Harbour Physio" });
  const summary = page.getByTestId("account-summary");
  await expect(summary).toContainText("Harbour Physio");
  await expect(summary).toContainText("Owner");
  for (const item of ["Calendars", "Team", "Booking pages", "Bookings", "Settings"]) {
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: item })).toBeVisible();
  }
  await expect(page.getByRole("heading", { name: "No Exchange calendars connected yet" })).toBeVisible();

  const memberEmail = uniqueEmail("member");
  const link = await createInvite(page, { email: memberEmail, role: "member" });
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByTestId("pending-invite").filter({ hasText: memberEmail })).toBeVisible();

  const colleague = await browser.newContext();
  const colleaguePage = await colleague.newPage();
  await acceptInvite(colleaguePage, { link, name: "Mia Member" });
  await expect(colleaguePage.getByTestId("account-summary")).toContainText("Member");
  await expect(colleaguePage.getByTestId("account-summary")).toContainText("Harbour Physio");
  await signOut(colleaguePage);

  await signIn(colleaguePage, { email: memberEmail, password: PASSWORD });
  await expect(colleaguePage).toHaveURL(/\/calendars$/);
  await colleaguePage.goto("/team");
  // Both appear in the availability grid and in the list of people below it.
  await expect(colleaguePage.getByRole("link", { name: /Mia Member \(you\)/ })).toBeVisible();
  await expect(colleaguePage.getByRole("link", { name: new RegExp(owner.name) })).toBeVisible();
  await expect(colleaguePage.getByTestId("team-row")).toHaveCount(2);

  // The link was single-use.
  await colleaguePage.goto(link);
  await expect(colleaguePage.getByRole("heading", { name: "This invite can't be used" })).toBeVisible();
  await colleague.close();
});

test("signed-out visitors are sent to sign-in, and come back where they were going", async ({ page }) => {
  const owner = await signUp(page);
  await signOut(page);
  await page.goto("/team");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fteam$/);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/team$/);
});
