import { expect, formAlert, PASSWORD, test, uniqueEmail } from "./fixtures";
import {
  askForPasswordReset,
  inviteByMail,
  linkInMail,
  mailTo,
  pendingInviteRow,
  setNewPassword,
  waitForMail,
} from "./pages/account-mail";
import { acceptInvite, addColleague, signIn, signUp } from "./pages/auth";
import { expectNoAxeViolations } from "./support/axe";

// Invites and password resets end to end: the production build mails them through SMTP_URL to the e2e
// server's capture server, and the tests follow the links in the captured mail.

const NEW_PASSWORD = "a brand new passphrase";

test("an invite is mailed, names who invited to what, and its link lets the invitee join", async ({
  page,
  browser,
}) => {
  const owner = await signUp(page, { organisation: "Mailed Clinic", name: "Olga Owner" });
  const email = uniqueEmail("invitee");
  const { outcome, link } = await inviteByMail(page, { email, role: "admin" });
  expect(outcome).toContain(`Invite mailed to ${email}`);

  const mail = await waitForMail(email);
  expect(mail.subject).toBe("Olga Owner invited you to Mailed Clinic on Slotbridge");
  expect(mail.text).toMatch(/Role:\s+Admin/);
  expect(mail.text).toContain(owner.email);
  expect(mail.html).toContain(`href="${link}"`);
  expect(linkInMail(mail, "/invite/")).toBe(link);

  await page.reload();
  await expect(pendingInviteRow(page, email).getByTestId("invite-mailed")).toHaveText(/^Mailed \d{4}-\d{2}-\d{2}$/);

  const context = await browser.newContext();
  const invitee = await context.newPage();
  await acceptInvite(invitee, { link: linkInMail(mail, "/invite/"), name: "Ina Invitee" });
  await context.close();
  await page.reload();
  await expect(pendingInviteRow(page, email)).toHaveCount(0);
});

test("resending mails a new link and voids the old one; revoking voids the link", async ({ page, browser }) => {
  await signUp(page);
  const email = uniqueEmail("resend");
  await inviteByMail(page, { email });
  const first = linkInMail(await waitForMail(email, 1), "/invite/");

  await page.reload();
  page.once("dialog", (dialog) => dialog.accept());
  await pendingInviteRow(page, email).getByRole("button", { name: "Resend" }).click();
  await expect(page.getByTestId("invite-mail-outcome")).toContainText(`Invite mailed to ${email}`);
  const second = linkInMail(await waitForMail(email, 2), "/invite/");
  expect(second).not.toBe(first);
  await expect(page.getByLabel("Invite link")).toHaveValue(second);
  await expectNoAxeViolations(page, "the members page after a resend");

  const context = await browser.newContext();
  const visitor = await context.newPage();
  await visitor.goto(first);
  await expect(visitor.getByRole("heading", { name: "This invite can't be used" })).toBeVisible();
  await visitor.goto(second);
  await expect(visitor.getByRole("heading", { name: /^Join / })).toBeVisible();

  await page.reload();
  await pendingInviteRow(page, email).getByRole("button", { name: "Revoke" }).click();
  await expect(pendingInviteRow(page, email)).toHaveCount(0);
  await visitor.goto(second);
  await expect(visitor.getByRole("heading", { name: "This invite can't be used" })).toBeVisible();
  await context.close();
});

test("forgot password: the same answer for any address, a mailed single-use link, every session ended", async ({
  page,
  browser,
}) => {
  const owner = await signUp(page);
  // A second signed-in browser of the same account.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, { email: owner.email });
  await expect(other).toHaveURL(/\/calendars$/);

  const asking = await (await browser.newContext()).newPage();
  const unknown = uniqueEmail("nobody");
  const answerForUnknown = await askForPasswordReset(asking, unknown);
  const answer = await askForPasswordReset(asking, owner.email);
  expect(answer).toBe(answerForUnknown);
  expect(answer).toContain("If an account exists for that address");
  await expectNoAxeViolations(asking, "the forgot-password page with its answer");

  const mail = await waitForMail(owner.email);
  expect(mail.subject).toBe("Set a new Slotbridge password");
  const link = linkInMail(mail, "/reset-password/");
  expect(mail.html).toContain(`href="${link}"`);
  await asking.goto(link);
  await expectNoAxeViolations(asking, "the new-password page");
  await setNewPassword(asking, { link, password: NEW_PASSWORD });

  // Both earlier sessions are gone.
  await page.goto("/calendars");
  await expect(page).toHaveURL(/\/sign-in/);
  await other.goto("/settings");
  await expect(other).toHaveURL(/\/sign-in/);
  await otherContext.close();

  await signIn(page, { email: owner.email, password: PASSWORD });
  await expect(formAlert(page)).toContainText("Email or password is incorrect");
  await signIn(page, { email: owner.email, password: NEW_PASSWORD });
  await expect(page).toHaveURL(/\/calendars$/);

  // The link worked once; the unknown address got no mail.
  await asking.goto(link);
  await expect(asking.getByRole("heading", { name: "This link can't be used" })).toBeVisible();
  await asking.getByRole("link", { name: "Ask for a new link" }).click();
  await expect(asking).toHaveURL(/\/forgot-password$/);
  expect(await mailTo(unknown)).toEqual([]);
});

test("an owner mails a member a reset link from the members page", async ({ page, browser }) => {
  await signUp(page, { name: "Olga Owner" });
  const member = await addColleague(page, { browser, name: "Mia Member" });
  await page.goto("/settings/members");
  page.once("dialog", (dialog) => dialog.accept());
  const row = page.getByTestId("member-row").filter({ hasText: member.email });
  await row.getByRole("button", { name: "Send password reset" }).click();
  await expect(row.getByRole("status")).toHaveText("Reset link mailed.");

  const mail = await waitForMail(member.email);
  expect(mail.text).toContain("Olga Owner, an admin of");
  // Until the link is used, the member stays signed in.
  await member.page.goto("/calendars");
  await expect(member.page).toHaveURL(/\/calendars$/);
  await setNewPassword(member.page, { link: linkInMail(mail, "/reset-password/"), password: NEW_PASSWORD });
  await signIn(member.page, { email: member.email, password: NEW_PASSWORD });
  await expect(member.page).toHaveURL(/\/calendars$/);
  await member.context.close();
});
