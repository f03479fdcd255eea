import { eventCanaries } from "@/ews-simulator/data/seed";
import { expect, type Page, test } from "./fixtures";
import { addColleague, signUp } from "./pages/auth";
import { fillServerStep, finishWizard } from "./pages/connect";
import { captureServerAction, replayServerAction } from "./support/server-actions";
import { readAppLog, readSimulatorInfo } from "./support/simulator-info";

// The team grid and its API against the e2e server's EWS simulator, whose seeded events carry canary
// strings in every detail field (subject, location, body, attendees…): none may ever reach the browser.

const sim = () => readSimulatorInfo();
const CANARIES = eventCanaries();

/** As an admin: connects `mailbox` through the service account, for `owner` (a label of the owner list). */
async function connectFor(page: Page, { mailbox, owner }: { mailbox: string; owner: string | RegExp }) {
  await page.goto("/calendars/connect");
  await page.getByLabel("Whose calendar is it?").selectOption({ label: owner as string });
  await page.getByLabel("Act as this mailbox through impersonation").check();
  await fillServerStep(page, { mailbox, username: "CONTOSO\\svc-slotbridge", manualUrl: sim().listeners.valid.url });
  await finishWizard(page);
}

function expectNoCanary(text: string, where: string) {
  for (const canary of CANARIES) expect(text, `${where} leaks "${canary}"`).not.toContain(canary);
}

test("the team grid shows busy patterns and member states, and no event detail reaches the browser", async ({
  page,
  browser,
}) => {
  await signUp(page, { organisation: "Grid Ltd", name: "Olga Owner" });
  const bob = await addColleague(page, { browser, name: "Bob Busy" });
  const kiri = await addColleague(page, { browser, name: "Kiri Private" });
  const newcomer = await addColleague(page, { browser, name: "Nina New" });
  await connectFor(page, { mailbox: "alice@contoso.test", owner: "Olga Owner (you)" });
  await connectFor(page, { mailbox: "bob@contoso.test", owner: `Bob Busy (${bob.email})` });
  await connectFor(page, { mailbox: "kiri@contoso.test", owner: `Kiri Private (${kiri.email})` });
  await fetch(`${sim().controlUrl}/requests`, { method: "DELETE" });

  await page.goto("/team");
  const row = (name: string) => page.getByTestId("team-row").filter({ hasText: name });
  await expect(row("Bob Busy")).toHaveAttribute("data-status", "ok");
  await expect(row("Bob Busy").getByTestId("busy-block").first()).toBeVisible();
  await expect(row("Olga Owner")).toHaveAttribute("data-status", "ok");
  await expect(row("Kiri Private")).toHaveAttribute("data-status", "no-data");
  await expect(row("Kiri Private")).toContainText("No data");
  await expect(row("Nina New")).toHaveAttribute("data-status", "no-calendar");
  await expect(row("Nina New")).toContainText("No calendar connected");
  await expect(page.getByRole("list", { name: "Legend" })).toContainText("Out of office");

  // Find a time: the green row appears for the members picked.
  await page.getByLabel("Compare Bob Busy").check();
  await page.getByLabel("Compare Olga Owner").check();
  await expect(page.getByTestId("common-free").first()).toBeVisible();

  // Another week, another zone: still live, still only patterns.
  await page.getByRole("button", { name: "Next week →" }).click();
  await page.getByLabel("Time zone").selectOption("Pacific/Auckland");
  await expect(row("Bob Busy")).toHaveAttribute("data-status", "ok");
  expectNoCanary(await page.content(), "the team page");

  // The simulator is shared with the other specs, whose background jobs (calendar writes, reconciliation)
  // keep talking to it about their own mailboxes: judge only what concerns this team's.
  const ours = new Set(["alice@contoso.test", "bob@contoso.test", "kiri@contoso.test"]);
  const requests = (
    (await (await fetch(`${sim().controlUrl}/requests`)).json()) as Array<{
      operation?: string;
      requestedView?: string;
      impersonating?: string;
      mailboxes?: string[];
    }>
  ).filter(
    (r) =>
      (r.impersonating && ours.has(r.impersonating.toLowerCase())) ||
      (r.mailboxes ?? []).some((m) => ours.has(m.toLowerCase())),
  );
  const lookups = requests.filter((r) => r.operation === "GetUserAvailability");
  expect(lookups.length).toBeGreaterThan(0);
  for (const lookup of lookups) expect(lookup.requestedView).toBe("FreeBusy");
  expect(requests.some((r) => r.operation && !["GetUserAvailability"].includes(r.operation))).toBe(false);

  expectNoCanary(readAppLog(), "the app log");
  for (const context of [bob, kiri, newcomer]) await context.context.close();
});

test("the availability API: same organisation only, validated input, patterns only", async ({ page, browser }) => {
  await signUp(page, { organisation: "API Ltd" });
  await connectFor(page, { mailbox: "chloe@contoso.test", owner: "Olga Owner (you)" });
  const start = new Date();
  const end = new Date(start.getTime() + 7 * 86_400_000);
  const url = (query: string) => `/api/v1/team/availability?${query}`;
  const week = `start=${start.toISOString()}&end=${end.toISOString()}`;

  const ok = await page.request.get(url(week));
  expect(ok.status()).toBe(200);
  expect(ok.headers()["cache-control"]).toContain("no-store");
  const text = await ok.text();
  expectNoCanary(text, "the API response");
  const body = JSON.parse(text) as { members: Array<Record<string, unknown>> };
  expect(body.members).toHaveLength(1);
  expect(Object.keys(body.members[0] ?? {}).sort()).toEqual(["busy", "id", "name", "status"]);
  for (const block of (body.members[0]?.busy ?? []) as Array<Record<string, string>>) {
    expect(Object.keys(block).sort()).toEqual(["end", "start", "status"]);
    expect(block.start).toMatch(/Z$/);
  }

  for (const [query, message] of [
    ["", "start"],
    [`start=yesterday&end=${end.toISOString()}`, "ISO-8601"],
    [`start=${end.toISOString()}&end=${start.toISOString()}`, "end must be after start"],
    [`start=${start.toISOString()}&end=${new Date(start.getTime() + 90 * 86_400_000).toISOString()}`, "62 days"],
    [`${week}&members=not-an-id`, "member ids"],
    [`${week}&subject=1`, "subject"],
  ] as const) {
    const bad = await page.request.get(url(query));
    expect(bad.status(), query).toBe(400);
    expect(((await bad.json()) as { error: string }).error, query).toContain(message);
  }

  // Another organisation's member ids are not found; no session is 401.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signUp(other, { organisation: "Other Ltd" });
  const mine = body.members[0]?.id as string;
  const foreign = await other.request.get(url(`${week}&members=${mine}`));
  expect(foreign.status()).toBe(404);
  expect(await foreign.text()).not.toContain("Olga");
  await otherContext.close();
  const anonymous = await browser.newContext();
  expect((await anonymous.request.get(url(week))).status()).toBe(401);
  await anonymous.close();
});

test("admins set the work week, define groups and choose the lookup connection; members see the result", async ({
  page,
  browser,
}) => {
  await signUp(page, { organisation: "Settings Ltd", name: "Olga Owner" });
  const dev = await addColleague(page, { browser, name: "Dev Desk" });
  const member = await addColleague(page, { browser, name: "Mo Member" });
  await connectFor(page, { mailbox: "dev@contoso.test", owner: `Dev Desk (${dev.email})` });

  await page.goto("/settings");
  for (const day of ["Thursday", "Friday"]) await page.getByLabel(day).uncheck();
  await page.getByLabel("Day starts at").selectOption("7");
  await page.getByLabel("Day ends at").selectOption("15");
  await page.getByRole("button", { name: "Save work week" }).click();
  await expect(page.getByText("Work week saved.")).toBeVisible();

  await page.getByText("New group").click();
  const newGroup = page.getByRole("form", { name: "New group" });
  await newGroup.getByLabel("Group name").fill("Front desk");
  await newGroup.getByLabel("Dev Desk").check();
  await newGroup.getByRole("button", { name: "Create group" }).click();
  await expect(page.getByTestId("groups")).toContainText("Front desk");

  // Mo has no calendar of his own and no lookup connection exists yet: a banner says what to do.
  await member.page.goto("/team");
  await expect(member.page.getByTestId("availability-banner")).toContainText("connect your own calendar");
  await expect(member.page.getByRole("columnheader")).toHaveCount(4); // Member + Mon, Tue, Wed
  await expect(member.page.getByRole("columnheader").nth(1)).toContainText("07:00–15:00");

  // A member may not choose the lookup connection, even by a forged request.
  await page.goto("/calendars");
  const row = page.getByTestId("connection-row").filter({ hasText: "dev@contoso.test" });
  const designate = await captureServerAction(page, () =>
    row.getByRole("button", { name: "Use for availability lookups" }).click(),
  );
  await expect(row.getByTestId("lookup-connection")).toBeVisible();
  const forged = await replayServerAction(member.context.request, designate);
  expect(forged.text).toContain('"code":"forbidden"');

  await member.page.reload();
  await expect(member.page.getByTestId("availability-banner")).toHaveCount(0);
  await expect(member.page.getByTestId("team-row").filter({ hasText: "Dev Desk" })).toHaveAttribute(
    "data-status",
    "ok",
  );
  await member.page.getByLabel("Group").selectOption({ label: "Front desk" });
  await expect(member.page.getByTestId("team-row")).toHaveCount(1);
  await expect(member.page.getByTestId("team-row")).toContainText("Dev Desk");
  await dev.context.close();
  await member.context.close();
});
