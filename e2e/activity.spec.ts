import { readFile } from "node:fs/promises";
import { expect, test, uniqueEmail } from "./fixtures";
import { addColleague, createInvite, signIn, signUp } from "./pages/auth";
import { expectNoAxeViolations } from "./support/axe";

test("owners read the organisation's activity, filter it and download it; members cannot open it", async ({
  page,
  browser,
}) => {
  const owner = await signUp(page, { organisation: "Audit Works", name: "Olga Owner" });
  const { page: member, context: memberContext } = await addColleague(page, { browser, name: "Max Member" });

  // A revoked invite, and a wrong password then the right one from another browser.
  await createInvite(page, { email: uniqueEmail("revoked") });
  await page.goto("/settings/members");
  await page.getByTestId("pending-invite").getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("pending-invite")).toHaveCount(0);
  const elsewhere = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.18.250.7" } });
  const other = await elsewhere.newPage();
  await signIn(other, { email: owner.email, password: "not the password" });
  await expect(other.getByRole("main").getByRole("alert")).toBeVisible();
  await signIn(other, { email: owner.email });
  await expect(other).toHaveURL(/\/calendars$/);
  await elsewhere.close();

  // A member meets a 404, for the page and for its export.
  const refused = await member.goto("/settings/activity");
  expect(refused?.status()).toBe(404);
  expect((await member.request.get("/settings/activity/export.csv")).status()).toBe(404);
  await memberContext.close();

  await page.goto("/settings");
  await page.getByRole("link", { name: "View activity →" }).click();
  await expect(page.getByRole("heading", { name: "Activity" })).toBeVisible();
  const rows = page.getByTestId("activity-row");
  const row = (action: string) => page.locator(`[data-testid="activity-row"][data-action="${action}"]`);
  await expect(row("member.invited")).toHaveCount(2);
  await expect(row("member.joined")).toContainText("Max Member");
  await expect(row("member.invite-revoked")).toContainText("Olga Owner");
  await expect(row("account.sign-in-failed")).toContainText("wrong-password");
  await expect(row("account.signed-in").first()).toContainText("Olga Owner");
  await expect(page.getByRole("table", { name: "Activity" })).not.toContainText("not the password");
  await expectNoAxeViolations(page, "the Activity page");

  // Filter by action, then by person: the address carries the filters.
  await page.getByLabel("Action").selectOption({ label: "Revoked an invite" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/action=member\.invite-revoked/);
  await expect(rows).toHaveCount(1);
  await page.getByLabel("Action").selectOption({ label: "Any action" });
  await page.getByLabel("Person").selectOption({ label: "Max Member" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(rows.first()).toBeVisible();
  for (const who of await rows.locator("td:nth-child(2)").allTextContents()) expect(who).toBe("Max Member");

  // A filter that cannot be read is named, not a 500; the export refuses it with the same words.
  const bad = await page.goto("/settings/activity?from=yesterday");
  expect(bad?.status()).toBe(200);
  await expect(page.getByRole("main").getByRole("alert")).toContainText(
    "The from date must be a date written YYYY-MM-DD.",
  );
  const badExport = await page.request.get("/settings/activity/export.csv?from=yesterday");
  expect(badExport.status()).toBe(400);
  expect(await badExport.text()).toContain("The from date must be a date written YYYY-MM-DD.");

  // The CSV of the filtered events downloads, and the export is on the trail itself.
  await page.goto("/settings/activity?action=member.invite-revoked");
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^activity-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile(await download.path())).toString("utf8").trimEnd().split("\r\n");
  expect(csv[0]).toBe("time,who,action,what,target,details,outcome,request id");
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain("Olga Owner,member.invite-revoked,Revoked an invite");
  await page.goto("/settings/activity?action=activity.exported");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("filtered: true · rows: 1");
});
