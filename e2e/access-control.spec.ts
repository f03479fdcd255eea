import { request } from "@playwright/test";
import { expect, test, uniqueEmail } from "./fixtures";
import { acceptInvite, createInvite, signUp } from "./pages/auth";
import { captureServerAction, replayServerAction } from "./support/server-actions";

test("a member can reach neither admin pages nor admin actions, even by direct POST", async ({
  page,
  browser,
  baseURL,
}) => {
  await signUp(page, { organisation: "Roles Ltd" });
  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  const memberEmail = uniqueEmail("member");
  await acceptInvite(member, { link: await createInvite(page, { email: memberEmail }), name: "Max Member" });

  // Pages: the members admin page is a 404 for members; settings has no organisation card.
  const response = await member.goto("/settings/members");
  expect(response?.status()).toBe(404);
  await expect(member.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await member.goto("/settings");
  await expect(member.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(member.getByLabel("Organisation name")).toHaveCount(0);

  // Actions: the admin's own invite request, replayed with the member's session, is refused.
  const victimEmail = uniqueEmail("forged");
  const inviteAction = await captureServerAction(page, async () => {
    await page.goto("/settings/members");
    await page.getByLabel("Email address").fill(uniqueEmail("real"));
    await page.getByRole("button", { name: "Create invite" }).click();
  });
  await expect(page.getByLabel("Invite link")).toBeVisible();
  const forged = await replayServerAction(member.request, inviteAction, (body) =>
    body.replace(/[a-z]+-[a-z0-9]+-[a-z0-9]+@example\.com/, victimEmail),
  );
  expect(forged.text).toContain('"code":"forbidden"');
  expect(forged.text).not.toContain("/invite/");

  const memberRow = page.getByTestId("member-row").filter({ hasText: memberEmail });
  const roleAction = await captureServerAction(page, async () => {
    await memberRow.getByRole("combobox").selectOption("admin");
    await memberRow.getByRole("button", { name: "Save role" }).click();
  });
  await expect(memberRow.getByRole("status")).toHaveText("Role updated.");
  await page.reload(); // a fresh form, so the next "Role updated." is the demotion's own
  await memberRow.getByRole("combobox").selectOption("member");
  await memberRow.getByRole("button", { name: "Save role" }).click();
  await expect(memberRow.getByRole("status")).toHaveText("Role updated.");
  const forgedRole = await replayServerAction(member.request, roleAction);
  expect(forgedRole.text).toContain('"code":"forbidden"');

  await page.reload();
  await expect(page.getByTestId("pending-invite").filter({ hasText: victimEmail })).toHaveCount(0);
  await expect(memberRow.getByRole("combobox")).toHaveValue("member");

  // Without any session the same request is refused as unauthenticated.
  const anonymous = await request.newContext({ baseURL });
  const unauthenticated = await replayServerAction(anonymous, inviteAction);
  expect(unauthenticated.text).toContain('"code":"unauthenticated"');
  await anonymous.dispose();
  await memberContext.close();
});

test("the only owner can be neither removed by an admin nor demoted, even by a forged request", async ({
  page,
  browser,
}) => {
  const owner = await signUp(page, { organisation: "One Owner Co" });
  const adminEmail = uniqueEmail("admin");
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await acceptInvite(admin, {
    link: await createInvite(page, { email: adminEmail, role: "admin" }),
    name: "Ada Admin",
  });

  await admin.goto("/settings/members");
  const ownerRowForAdmin = admin.getByTestId("member-row").filter({ hasText: owner.email });
  await expect(ownerRowForAdmin).toBeVisible();
  await expect(ownerRowForAdmin.getByRole("button")).toHaveCount(0); // admins are offered no controls on owners

  // The owner demotes the admin, and the request is replayed aimed at the owner's own id.
  await page.goto("/team");
  const ownerId = (await page.getByRole("link", { name: /\(you\)/ }).getAttribute("href"))?.split("/").at(-1) ?? "";
  await page.goto("/settings/members");
  const adminRow = page.getByTestId("member-row").filter({ hasText: adminEmail });
  const demote = await captureServerAction(page, async () => {
    await adminRow.getByRole("combobox").selectOption("member");
    await adminRow.getByRole("button", { name: "Save role" }).click();
  });
  await expect(adminRow.getByRole("status")).toHaveText("Role updated.");
  const selfDemotion = await replayServerAction(page.request, demote, (body) =>
    body.replace(/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}/, ownerId),
  );
  expect(selfDemotion.text).toContain('"code":"last_owner"');
  await page.goto("/settings");
  await expect(page.getByTestId("account-summary")).toContainText("Owner");
  await adminContext.close();
});

test("connectors are for admins of their own organisation only, even by forged requests", async ({ page, browser }) => {
  await signUp(page, { organisation: "Connector Owners" });
  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  await acceptInvite(member, { link: await createInvite(page, { email: uniqueEmail("member") }), name: "Mo Member" });
  const outsiderContext = await browser.newContext();
  const outsider = await outsiderContext.newPage();
  await signUp(outsider, { organisation: "Someone Else" });

  await page.goto("/calendars");
  const createAction = await captureServerAction(page, async () => {
    await page.getByLabel("Name").fill("Head office");
    await page.getByRole("button", { name: "Add a connector" }).click();
  });
  const code = await page.getByTestId("pairing-code").textContent();
  expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  const row = page.getByTestId("connector-row").filter({ hasText: "Head office" });
  const renewAction = await captureServerAction(page, async () => {
    await row.getByRole("button", { name: "New pairing code" }).click();
  });
  const renewed = await row.getByTestId("pairing-code").textContent();
  expect(renewed).not.toBe(code);

  // The member: no section on the page, and the admin's requests replayed with their session are refused.
  await member.goto("/calendars");
  await expect(member.getByRole("region", { name: "On-premises connectors" })).toHaveCount(0);
  for (const action of [createAction, renewAction]) {
    const forged = await replayServerAction(member.request, action);
    expect(forged.text).toContain('"code":"forbidden"');
    expect(forged.text).not.toMatch(/[0-9A-Z]{5}-[0-9A-Z]{5}/);
  }
  // Another organisation's admin: the connector's id means nothing there.
  const foreign = await replayServerAction(outsider.request, renewAction);
  expect(foreign.text).toContain('"code":"not_found"');
  expect(foreign.text).not.toMatch(/[0-9A-Z]{5}-[0-9A-Z]{5}/);

  await page.reload();
  await expect(page.getByTestId("connector-row")).toHaveCount(1);
  await outsider.goto("/calendars");
  await expect(outsider.getByTestId("connector-row")).toHaveCount(0);
  await memberContext.close();
  await outsiderContext.close();
});
