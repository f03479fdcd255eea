import { expect, formAlert, test, uniqueEmail } from "./fixtures";
import { signIn, signOut, signUp } from "./pages/auth";

const WRONG = "Email or password is incorrect.";

test("a wrong password and an unknown address get the same message", async ({ page }) => {
  const owner = await signUp(page);
  await signOut(page);

  await signIn(page, { email: owner.email, password: "not the password" });
  await expect(formAlert(page)).toHaveText(WRONG);
  await signIn(page, { email: uniqueEmail("nobody"), password: "not the password" });
  await expect(formAlert(page)).toHaveText(WRONG);
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("an account is locked after five failures, with a clear message, whether or not it exists", async ({ page }) => {
  const owner = await signUp(page);
  await signOut(page);

  for (let attempt = 1; attempt <= 5; attempt++) {
    await signIn(page, { email: owner.email, password: `wrong ${attempt}` });
    await expect(formAlert(page)).toHaveText(WRONG);
  }
  // Now even the right password waits.
  await signIn(page, { email: owner.email });
  await expect(formAlert(page)).toHaveText(/^Too many sign-in attempts\. Please wait 1[45] minutes and try again\.$/);

  const ghost = uniqueEmail("ghost");
  for (let attempt = 1; attempt <= 5; attempt++) await signIn(page, { email: ghost, password: `wrong ${attempt}` });
  await signIn(page, { email: ghost, password: "whatever" });
  await expect(formAlert(page)).toContainText("Too many sign-in attempts.");
});

test("one address is limited across accounts", async ({ page }) => {
  // 30 attempts per 15 minutes from one address, spread over many (unknown) accounts.
  for (let attempt = 1; attempt <= 30; attempt++) {
    await signIn(page, { email: uniqueEmail("spray"), password: "guess" });
    await expect(formAlert(page)).toHaveText(WRONG);
  }
  await signIn(page, { email: uniqueEmail("spray"), password: "guess" });
  await expect(formAlert(page)).toContainText("Too many sign-in attempts.");
});

test("after sign-in, the browser goes back to the page it came from, and never to another host", async ({
  page,
  baseURL,
}) => {
  const owner = await signUp(page);
  const origin = new URL(baseURL ?? "").origin;
  await signOut(page);

  // Visiting a signed-in page without a session sends the visitor to sign-in and back afterwards.
  await page.goto("/bookings?status=upcoming");
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${origin}/bookings?status=upcoming`);

  for (const next of [
    "/\t/127.0.0.2:9/x",
    "/\n/127.0.0.2:9/x",
    "//127.0.0.2:9/x",
    "/\\127.0.0.2:9/x",
    "/%2F127.0.0.2:9/x",
    "https://127.0.0.2:9/x",
  ]) {
    await signOut(page);
    const answers: number[] = [];
    page.on("response", (response) => answers.push(response.status()));
    await signIn(page, { email: owner.email, password: owner.password, next });
    await expect(page).toHaveURL(`${origin}/calendars`);
    expect(answers.filter((status) => status >= 500)).toEqual([]);
    page.removeAllListeners("response");
  }
});

test("sign-up refuses a taken address and bad input with clear messages, keeping what was typed", async ({ page }) => {
  const owner = await signUp(page);
  await signOut(page);
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Second");
  await page.getByLabel("Organisation").fill("Copycat");
  await page.getByLabel("Work email").fill(owner.email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
  await expect(page.getByLabel("Organisation")).toHaveValue("Copycat");

  await page.getByLabel("Password").fill("long enough password");
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(formAlert(page)).toContainText("can't be used to sign up");
});
