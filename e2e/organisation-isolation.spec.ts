import { expect, test } from "./fixtures";
import { addColleague, signUp } from "./pages/auth";
import { captureServerAction, replayServerAction } from "./support/server-actions";

test("a user of organisation B gets 404 on organisation A's resources and cannot change them", async ({
  page,
  browser,
}) => {
  await signUp(page, { organisation: "Org A" });
  const { email: memberEmail, context: memberContext } = await addColleague(page, { browser, name: "Alma of A" });
  await memberContext.close();

  await page.goto("/team");
  await page.getByRole("link", { name: /Alma of A/ }).click();
  await expect(page.getByRole("heading", { name: "Alma of A" })).toBeVisible();
  const memberUrl = page.url();

  await page.goto("/settings/members");
  const row = page.getByTestId("member-row").filter({ hasText: memberEmail });
  // A removes Alma: the request is recorded so that B can later aim it at another of A's members.
  page.once("dialog", (dialog) => dialog.accept());
  const removeAction = await captureServerAction(page, () => row.getByRole("button", { name: "Remove" }).click());
  await expect(page.getByTestId("member-row").filter({ hasText: memberEmail })).toHaveCount(0);

  await (await addColleague(page, { browser, name: "Bo of A" })).context.close();
  await page.goto("/team");
  await page.getByRole("link", { name: /Bo of A/ }).click();
  await expect(page.getByRole("heading", { name: "Bo of A" })).toBeVisible();
  const boUrl = page.url();
  const boId = boUrl.split("/").at(-1) ?? "";

  const bContext = await browser.newContext();
  const b = await bContext.newPage();
  await signUp(b, { organisation: "Org B" });
  for (const url of [memberUrl, boUrl]) {
    const response = await b.goto(url);
    await expect(b.getByRole("heading", { name: "Page not found" })).toBeVisible();
    expect(b.url()).toBe(url);
    expect(response?.status()).toBe(404);
  }
  await b.goto("/team");
  await expect(b.getByText("Bo of A")).toHaveCount(0);

  // B replays A's remove-member request, aimed at Bo: refused as not found, and Bo stays.
  const forged = await replayServerAction(b.request, removeAction, (body) =>
    body.replace(/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}/, boId),
  );
  expect(forged.text).toContain('"code":"not_found"');
  await page.goto(boUrl);
  await expect(page.getByRole("heading", { name: "Bo of A" })).toBeVisible();
  await bContext.close();
});
