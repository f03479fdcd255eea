import type { APIRequestContext, BrowserContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { addColleague, signUp } from "./pages/auth";
import { createBookingPage, rulesForm } from "./pages/booking-pages";
import { expectNoAxeViolations } from "./support/axe";
import { connectSimulatorCalendar, solveChallenge } from "./support/booking-fixtures";
import { captureServerAction, replayServerAction } from "./support/server-actions";

// The Bookings page as hosts and admins use it: bookings made over the public API, the list, its filters and
// export, and cancelling, in Chromium against the production build and the e2e simulator.

interface Booked {
  id: string;
  start: string;
}

test.describe.configure({ mode: "serial" });
// The page shows times in the viewer's zone, which the browser reports.
test.use({ timezoneId: "America/New_York" });

let addressCounter = 0;
const fromNewAddress = () => ({ "x-forwarded-for": `198.21.${(addressCounter >> 8) & 255}.${addressCounter++ & 255}` });
const uniqueSlug = (label: string) => `${label}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

let ownerContext: BrowserContext;
let owner: Page;
let coleContext: BrowserContext;
let cole: Page;
const booked: Record<"ada" | "ben" | "cyd", Booked> = {
  ada: { id: "", start: "" },
  ben: { id: "", start: "" },
  cyd: { id: "", start: "" },
};

async function publishWithoutNotice(page: Page) {
  const rules = rulesForm(page);
  await rules.getByLabel("Minimum notice (minutes)").fill("0");
  await rules.getByRole("button", { name: "Save rules" }).click();
  await expect(rules.getByRole("status")).toHaveText("Rules saved.");
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByRole("button", { name: "Unpublish" })).toBeVisible();
}

async function bookSome(request: APIRequestContext, input: { slug: string; names: string[] }): Promise<Booked[]> {
  const start = new Date().toISOString().slice(0, 10);
  const end = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  const slotsResponse = await request.get(
    `/api/v1/public/pages/${input.slug}/slots?start=${start}&end=${end}&timeZone=UTC`,
    { headers: fromNewAddress() },
  );
  expect(slotsResponse.status()).toBe(200);
  const { slots } = (await slotsResponse.json()) as { slots: Array<{ start: string }> };
  const made: Booked[] = [];
  // Some hours ahead: still upcoming when the test looks, whenever the suite runs.
  for (const [index, name] of input.names.entries()) {
    const slot = slots[4 + index * 2];
    if (!slot) throw new Error("the page offers too few slots");
    const issued = (await (
      await request.get(`/api/v1/public/pages/${input.slug}/challenge`, { headers: fromNewAddress() })
    ).json()) as { challenge: string; difficulty: number };
    const response = await request.post(`/api/v1/public/pages/${input.slug}/bookings`, {
      headers: fromNewAddress(),
      data: {
        start: slot.start,
        name,
        email: `${name.replace(/\W/g, "").toLowerCase()}@example.com`,
        timeZone: "Asia/Kolkata",
        answers: {},
        challenge: issued.challenge,
        nonce: solveChallenge(issued),
        website: "",
      },
    });
    expect(response.status()).toBe(201);
    const body = (await response.json()) as Booked;
    made.push({ id: body.id, start: body.start });
  }
  return made;
}

const rows = (page: Page) => page.getByTestId("booking-row");
const row = (page: Page, customer: string) => rows(page).filter({ hasText: customer });

test.beforeAll(async ({ browser, request }) => {
  test.setTimeout(180_000);
  ownerContext = await browser.newContext({ timezoneId: "America/New_York" });
  owner = await ownerContext.newPage();
  await signUp(owner, { organisation: "List Co", name: "Hana Host" });
  const colleague = await addColleague(owner, { browser, name: "Cole Colleague" });
  coleContext = colleague.context;
  cole = colleague.page;
  await connectSimulatorCalendar(owner, { mailbox: "lena@contoso.test", owner: "Hana Host (you)" });
  await connectSimulatorCalendar(owner, { mailbox: "hiro@contoso.test", owner: `Cole Colleague (${colleague.email})` });

  const introSlug = uniqueSlug("intro");
  await createBookingPage(owner, {
    title: "Intro call",
    slug: introSlug,
    hostLabel: "Hana Host",
    timeZone: "America/New_York",
  });
  await publishWithoutNotice(owner);
  const demoSlug = uniqueSlug("demo");
  await createBookingPage(owner, {
    title: "Demo",
    slug: demoSlug,
    hostLabel: "Cole Colleague",
    timeZone: "America/New_York",
  });
  await publishWithoutNotice(owner);

  [booked.ada, booked.ben] = (await bookSome(request, { slug: introSlug, names: ["Ada Alpha", "=Ben Beta"] })) as [
    Booked,
    Booked,
  ];
  [booked.cyd] = (await bookSome(request, { slug: demoSlug, names: ["Cyd Gamma"] })) as [Booked];
});

test.afterAll(async () => {
  await ownerContext?.close();
  await coleContext?.close();
});

test("an admin sees every booking of the organisation, in their own zone, and filters them", async () => {
  await owner.goto("/bookings");
  await expect(rows(owner)).toHaveCount(3);
  await expect(row(owner, "Ada Alpha")).toContainText("Confirmed");
  await expect(row(owner, "Cyd Gamma")).toContainText("Cole Colleague");
  await expect(row(owner, "Ada Alpha").locator("time")).toContainText("(America/New_York)");
  await expect(row(owner, "Ada Alpha")).toContainText("(Asia/Kolkata)");
  await expectNoAxeViolations(owner, "bookings list");

  // Filters travel in the address: the view can be shared.
  await owner.getByLabel("Host", { exact: true }).selectOption({ label: "Cole Colleague" });
  await owner.getByRole("button", { name: "Apply filters" }).click();
  await expect(owner).toHaveURL(/host=[0-9a-f-]{36}/);
  await expect(rows(owner)).toHaveCount(1);
  await expect(rows(owner)).toContainText("Cyd Gamma");

  await owner.goto("/bookings");
  await owner.getByLabel("Search").fill("ALPHA");
  await owner.getByRole("button", { name: "Apply filters" }).click();
  await expect(owner).toHaveURL(/q=ALPHA/);
  await expect(rows(owner)).toHaveCount(1);
  await expect(rows(owner)).toContainText("Ada Alpha");

  await owner.goto("/bookings?status=cancelled");
  await expect(owner.getByText("No bookings match these filters")).toBeVisible();
  await owner.goto("/bookings?tab=past");
  await expect(owner.getByText("No past bookings")).toBeVisible();

  // A hand-edited address gets the defaults for what it spoilt and a message, not an error page.
  await owner.goto("/bookings?status=lost&p=zero&q=gamma");
  await expect(owner.getByRole("main").getByRole("alert")).toContainText("(status, page number)");
  await expect(rows(owner)).toHaveCount(1);

  // At phone width nothing runs off the side of the screen.
  await owner.setViewportSize({ width: 375, height: 800 });
  await owner.goto("/bookings");
  await expect(rows(owner)).toHaveCount(3);
  expect(await owner.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await expectNoAxeViolations(owner, "bookings list at phone width");
  await owner.setViewportSize({ width: 1280, height: 720 });
});

test("export returns the filtered bookings as a CSV download, formulas neutralised", async () => {
  const all = await owner.request.get("/bookings/export.csv");
  expect(all.status()).toBe(200);
  expect(all.headers()["content-type"]).toContain("text/csv");
  expect(all.headers()["content-disposition"]).toMatch(/^attachment; filename="bookings-upcoming-[\d-]+\.csv"$/);
  expect(all.headers()["cache-control"]).toContain("no-store");
  const lines = (await all.text()).trimEnd().split("\r\n");
  expect(lines[0]).toBe(
    "id,page,host,customer name,customer email,customer time zone,start,end,status,cancelled at,cancel reason",
  );
  expect(lines).toHaveLength(4);
  const ben = lines.find((line) => line.startsWith(booked.ben.id));
  expect(ben).toContain(",'=Ben Beta,");
  expect(ben).toContain(`,${booked.ben.start},`);

  const filtered = await owner.request.get("/bookings/export.csv?q=gamma");
  const filteredLines = (await filtered.text()).trimEnd().split("\r\n");
  expect(filteredLines).toHaveLength(2);
  expect(filteredLines[1]).toMatch(new RegExp(`^${booked.cyd.id},Demo,Cole Colleague,Cyd Gamma,`));

  // The page's own link carries the page's filters.
  await owner.goto("/bookings?q=alpha");
  await expect(owner.getByRole("link", { name: "Export CSV" })).toHaveAttribute("href", "/bookings/export.csv?q=alpha");

  const anonymous = await owner.context().browser()?.newContext();
  const signedOut = await anonymous?.request.get("/bookings/export.csv", { maxRedirects: 0 });
  expect([302, 303, 307, 401]).toContain(signedOut?.status());
  await anonymous?.close();
});

test("a member sees only the bookings they host, and cannot export or cancel another's", async () => {
  await cole.goto("/bookings");
  await expect(rows(cole)).toHaveCount(1);
  await expect(rows(cole)).toContainText("Cyd Gamma");
  await expect(cole.getByLabel("Host", { exact: true })).toHaveCount(0);
  await expectNoAxeViolations(cole, "a member's bookings");

  // Asking for the owner's bookings by the address changes nothing.
  await owner.goto("/bookings");
  const ownerId = await owner
    .getByLabel("Host", { exact: true })
    .locator("option", { hasText: "Hana Host" })
    .getAttribute("value");
  await cole.goto(`/bookings?host=${ownerId}`);
  await expect(rows(cole)).toHaveCount(1);
  await expect(rows(cole)).toContainText("Cyd Gamma");
  const csv = await (await cole.request.get(`/bookings/export.csv?host=${ownerId}&q=alpha`)).text();
  expect(csv.trimEnd().split("\r\n")).toHaveLength(1);
  const everything = await (await cole.request.get("/bookings/export.csv")).text();
  expect(everything).not.toContain(booked.ada.id);
  expect(everything).toContain(booked.cyd.id);
});

test("a host cancels with a reason; the same request forged for another's booking cancels nothing", async () => {
  await cole.goto("/bookings");
  const mine = row(cole, "Cyd Gamma");
  await mine.getByText("Cancel booking…").click();
  await mine.getByLabel("Reason (sent to the customer)").fill("Host is ill, sorry");
  const action = await captureServerAction(cole, () =>
    mine.getByRole("button", { name: "Cancel this booking" }).click(),
  );
  await expect(mine).toContainText("Cancelled");
  await expect(mine).toContainText("Host is ill, sorry");
  await expect(mine.getByRole("button", { name: "Cancel this booking" })).toHaveCount(0);
  await expect(mine.getByRole("status")).toHaveText("Booking cancelled. The customer is told.");

  // The same action, replayed by Cole with the owner's booking id: refused as if it did not exist.
  const forged = await replayServerAction(cole.request, action, (body) => body.replace(booked.cyd.id, booked.ada.id));
  expect(forged.text).toContain("That booking was not found.");
  await owner.goto("/bookings");
  await expect(row(owner, "Ada Alpha")).toContainText("Confirmed");
  await expect(row(owner, "Ada Alpha")).not.toContainText("Cancelled");
  await expect(row(owner, "Cyd Gamma")).toContainText("Cancelled");

  const cancelled = await (await owner.request.get("/bookings/export.csv?status=cancelled")).text();
  const [, line] = cancelled.trimEnd().split("\r\n");
  expect(line).toMatch(
    new RegExp(`^${booked.cyd.id},Demo,.*,cancelled,\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z,"Host is ill, sorry"$`),
  );
});
