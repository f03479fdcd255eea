import { expect, formAlert, PASSWORD, test, uniqueEmail } from "./fixtures";
import { acceptInvite, createInvite, signIn, signUp } from "./pages/auth";

test("changing the password signs the user out everywhere else", async ({ page, browser }) => {
  const owner = await signUp(page);
  const laptop = await browser.newContext();
  const other = await laptop.newPage();
  await signIn(other, { email: owner.email });
  await expect(other).toHaveURL(/\/calendars$/);

  await page.goto("/settings");
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password").fill("an even better password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("Password changed");

  await other.goto("/team");
  await expect(other).toHaveURL(/\/sign-in/);
  await page.goto("/team"); // this browser stays signed in
  await expect(page).toHaveURL(/\/team$/);

  await signIn(other, { email: owner.email, password: PASSWORD });
  await expect(formAlert(other)).toHaveText("Email or password is incorrect.");
  await signIn(other, { email: owner.email, password: "an even better password" });
  await expect(other).toHaveURL(/\/calendars$/);
  await laptop.close();
});

test("a removed member is signed out at once", async ({ page, browser }) => {
  await signUp(page);
  const email = uniqueEmail("leaver");
  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  await acceptInvite(member, { link: await createInvite(page, { email }), name: "Lee Leaver" });

  await page.goto("/settings/members");
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByTestId("member-row").filter({ hasText: email }).getByRole("button", { name: "Remove" }).click();
  await expect(page.getByTestId("member-row").filter({ hasText: email })).toHaveCount(0);

  await member.goto("/team");
  await expect(member).toHaveURL(/\/sign-in/);
  await memberContext.close();
});
