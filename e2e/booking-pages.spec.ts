import { expect, formAlert, test } from "./fixtures";
import { addColleague, signUp } from "./pages/auth";
import { createBookingPage, hostsForm, overrideForm, rulesForm } from "./pages/booking-pages";
import { expectNoAxeViolations } from "./support/axe";
import { connectSimulatorCalendar } from "./support/booking-fixtures";
import { captureServerAction, replayServerAction } from "./support/server-actions";

// The booking-page editor as admins and members use it, against the e2e server's simulator calendars.

const uniqueSlug = (label: string) =>
  `${label}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;

/** A date a month ahead, yyyy-mm-dd. */
function dateAhead(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

test("an admin creates a page for a host with a calendar, edits hours, blacks out a date and publishes", async ({
  page,
  browser,
}) => {
  await signUp(page, { organisation: "Pages Ltd", name: "Olga Owner" });
  const bob = await addColleague(page, { browser, name: "Bob Host" });
  await connectSimulatorCalendar(page, { mailbox: "bob@contoso.test", owner: `Bob Host (${bob.email})` });

  await page.goto("/booking-pages/new");
  await expectNoAxeViolations(page, "the new page form");
  // Bad input is refused field by field and what was typed stays.
  await page.getByLabel("Title").fill("Consultation");
  await page.getByLabel("Public address").fill("Not A Slug!");
  await page.getByRole("button", { name: "Create booking page" }).click();
  await expect(page.getByText("Use lower-case letters, digits and hyphens")).toBeVisible();
  await expect(page.getByLabel("Title")).toHaveValue("Consultation");
  // A host without a calendar is refused with a clear message.
  await page.getByLabel("Public address").fill(uniqueSlug("nocal"));
  await page.getByLabel("Host", { exact: true }).selectOption({ label: "Olga Owner (no calendar connected)" });
  await page.getByRole("button", { name: "Create booking page" }).click();
  await expect(formAlert(page)).toContainText("Olga Owner has no connected Exchange calendar");

  const slug = uniqueSlug("consult");
  const pageId = await createBookingPage(page, {
    title: "Consultation",
    slug,
    hostLabel: "Bob Host",
    timeZone: "Europe/London",
  });
  await expectNoAxeViolations(page, "the editor");

  // Monday: 09:00–12:00 and 13:00–17:00 instead of 09:00–17:00.
  const hosts = hostsForm(page);
  await hosts.time({ host: "Bob Host", day: "Monday", window: 1, edge: "end" }).fill("12:00");
  await hosts.addHours({ host: "Bob Host", day: "Monday" }).click();
  await hosts.time({ host: "Bob Host", day: "Monday", window: 2, edge: "start" }).fill("13:00");
  await hosts.time({ host: "Bob Host", day: "Monday", window: 2, edge: "end" }).fill("17:00");
  await hosts.save();
  await expect(hosts.form.getByRole("status")).toHaveText("Hosts saved.");
  // Overlapping windows are refused with the rule checker's message.
  await hosts.addHours({ host: "Bob Host", day: "Tuesday" }).click();
  await hosts.save();
  await expect(hosts.form.getByRole("alert")).toContainText("overlap");

  await page.reload();
  await expect(hosts.time({ host: "Bob Host", day: "Monday", window: 1, edge: "end" })).toHaveValue("12:00");
  await expect(hosts.time({ host: "Bob Host", day: "Monday", window: 2, edge: "start" })).toHaveValue("13:00");
  await expect(hosts.time({ host: "Bob Host", day: "Tuesday", window: 2, edge: "start" })).toHaveCount(0);

  // Contradictory rules are refused, and the form keeps what was typed.
  const rules = rulesForm(page);
  await rules.getByLabel("Minimum notice (minutes)").fill("4320");
  await rules.getByLabel("How far ahead (days)").fill("2");
  await rules.getByRole("button", { name: "Save rules" }).click();
  await expect(rules.getByRole("alert")).toContainText("no slot could ever be offered");
  await expect(rules.getByLabel("Minimum notice (minutes)")).toHaveValue("4320");
  await rules.getByLabel("Minimum notice (minutes)").fill("0");
  await rules.getByLabel("How far ahead (days)").fill("30");
  await rules.getByLabel("Tentative appointments block slots").uncheck();
  await rules.getByRole("button", { name: "Save rules" }).click();
  await expect(rules.getByRole("status")).toHaveText("Rules saved.");

  const blackout = dateAhead(10);
  const overrides = overrideForm(page);
  await overrides.getByLabel("Date").fill(blackout);
  await overrides.getByRole("button", { name: "Save date" }).click();
  await expect(page.getByTestId("date-override").filter({ hasText: blackout })).toContainText("Blackout");

  await expect(page.getByTestId("slot-preview")).toBeVisible({ timeout: 30_000 });

  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByText("Published", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Open public page" })).toHaveAttribute("href", `/book/${slug}`);

  await page.goto("/booking-pages");
  const row = page.getByTestId("booking-page-row").filter({ hasText: "Consultation" });
  await expect(row).toContainText("Published");
  await expect(row).toContainText("Bob Host");
  await expect(row.getByRole("link", { name: `/book/${slug}` })).toBeVisible();
  await expectNoAxeViolations(page, "the list");

  // The public page is live.
  const publicPage = await page.request.get(`/book/${slug}`);
  expect(publicPage.status()).toBe(200);

  await page.goto(`/booking-pages/${pageId}`);
  await page.getByRole("button", { name: "Unpublish" }).click();
  await expect(page.getByText("Draft", { exact: true }).first()).toBeVisible();
  await bob.context.close();
});

test("a member edits their own page but never someone else's, not even by a forged request", async ({
  page,
  browser,
}) => {
  await signUp(page, { organisation: "Members Ltd", name: "Olga Owner" });
  const mia = await addColleague(page, { browser, name: "Mia Member" });
  await connectSimulatorCalendar(page, { mailbox: "alice@contoso.test", owner: "Olga Owner (you)" });
  await connectSimulatorCalendar(page, { mailbox: "chloe@contoso.test", owner: `Mia Member (${mia.email})` });

  const adminsPage = await createBookingPage(page, {
    title: "Admin's page",
    slug: uniqueSlug("admin"),
    hostLabel: "Olga Owner",
  });
  const saveRules = await captureServerAction(page, async () => {
    await rulesForm(page).getByLabel("Buffer after (minutes)").fill("15");
    await rulesForm(page).getByRole("button", { name: "Save rules" }).click();
  });
  await expect(rulesForm(page).getByRole("status")).toHaveText("Rules saved.");

  // Mia may only host her own pages: the host list offers only her.
  const member = mia.page;
  await member.goto("/booking-pages/new");
  await expect(member.getByLabel("Host", { exact: true }).locator("option")).toHaveText(["Mia Member"]);
  const own = await createBookingPage(member, {
    title: "Mia's page",
    slug: uniqueSlug("mia"),
    hostLabel: "Mia Member",
  });
  await rulesForm(member).getByLabel("Buffer before (minutes)").fill("5");
  await rulesForm(member).getByRole("button", { name: "Save rules" }).click();
  await expect(rulesForm(member).getByRole("status")).toHaveText("Rules saved.");

  await member.goto("/booking-pages");
  await expect(member.getByTestId("booking-page-row")).toHaveCount(1);
  await expect(member.getByTestId("booking-page-row")).toContainText("Mia's page");
  const response = await member.goto(`/booking-pages/${adminsPage}`);
  expect(response?.status()).toBe(404);
  await expect(member.getByRole("heading", { name: "Page not found" })).toBeVisible();

  // The admin's own "save rules" request, sent with Mia's session: refused.
  const forged = await replayServerAction(member.request, saveRules);
  expect(forged.text).toContain('"code":"forbidden"');
  await page.reload();
  await expect(rulesForm(page).getByLabel("Buffer after (minutes)")).toHaveValue("15");

  // Round robin between the admin and Mia, Mia first by priority.
  const hosts = hostsForm(page);
  await hosts.form.getByLabel("How hosts are assigned").selectOption("round_robin");
  await hosts.form.getByLabel("Add a host").selectOption({ label: "Mia Member" });
  await hosts.form.getByRole("button", { name: "Add host", exact: true }).click();
  await hosts.form.getByLabel("Priority of Mia Member").fill("5");
  await hosts.form.getByLabel("Time zone of Mia Member").selectOption("Asia/Tokyo");
  await expectNoAxeViolations(page, "the round-robin editor");
  await hosts.save();
  await expect(hosts.form.getByRole("status")).toHaveText("Hosts saved.");
  await page.reload();
  await expect(hosts.form.getByLabel("Priority of Mia Member")).toHaveValue("5");
  await expect(hosts.form.getByLabel("Time zone of Mia Member")).toHaveValue("Asia/Tokyo");
  await expect(hosts.form.getByLabel("Priority of Olga Owner")).toHaveValue("0");

  // An admin edits every page of the organisation, Mia's included.
  await page.goto(`/booking-pages/${own}`);
  await expect(page.getByRole("heading", { level: 1, name: "Mia's page" })).toBeVisible();
  await mia.context.close();
});
