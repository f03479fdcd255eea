import type { APIRequestContext } from "@playwright/test";
import { expect, type Page, test } from "./fixtures";
import { expectNoAxeViolations } from "./support/axe";
import { type PublishedPage, setUpPublishedPage, solveChallenge } from "./support/booking-fixtures";
import { readSimulatorInfo } from "./support/simulator-info";

// The customer's manage link in Chromium: no session, the token is the key. Booked over the public API,
// then moved and cancelled through the page, with the e2e server's simulator as the host's Exchange.

interface PublicSlot {
  start: string;
  end: string;
}
interface CalendarItem {
  id: string;
  start: string;
  extendedProperties: Array<{ value?: string }>;
}

const MAILBOX = "lena@contoso.test";
const CUSTOMER_ZONE = "Asia/Kolkata";
let published: PublishedPage;
let addressCounter = 0;
const fromNewAddress = () => ({ "x-forwarded-for": `198.20.${(addressCounter >> 8) & 255}.${addressCounter++ & 255}` });

async function calendarItemsOf(bookingId: string): Promise<CalendarItem[]> {
  const response = await fetch(`${readSimulatorInfo().controlUrl}/mailboxes/${encodeURIComponent(MAILBOX)}/calendar`);
  const items = (await response.json()) as CalendarItem[];
  return items.filter((item) => item.extendedProperties.some((p) => p.value === bookingId));
}

async function slots(request: APIRequestContext): Promise<PublicSlot[]> {
  // As far ahead as the manage page's month view may reach (the rest of this month, or all of the next),
  // so a time picked there is in this list too, whatever day the suite runs on.
  const today = new Date();
  const end = new Date(today.getTime() + 60 * 86_400_000); // the API takes at most 62 days
  const query = new URLSearchParams({
    start: today.toISOString().slice(0, 10),
    end: end.toISOString().slice(0, 10),
    timeZone: CUSTOMER_ZONE,
  });
  const response = await request.get(`/api/v1/public/pages/${published.slug}/slots?${query}`, {
    headers: fromNewAddress(),
  });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { slots: PublicSlot[] }).slots;
}

async function book(request: APIRequestContext, start: string) {
  const issued = (await (
    await request.get(`/api/v1/public/pages/${published.slug}/challenge`, { headers: fromNewAddress() })
  ).json()) as { challenge: string; difficulty: number };
  const response = await request.post(`/api/v1/public/pages/${published.slug}/bookings`, {
    headers: fromNewAddress(),
    data: {
      start,
      name: "Cara Customer",
      email: "cara@example.com",
      timeZone: CUSTOMER_ZONE,
      challenge: issued.challenge,
      nonce: solveChallenge(issued),
      website: "",
    },
  });
  expect(response.status()).toBe(201);
  const booking = (await response.json()) as { id: string; start: string; manageUrl: string };
  return { ...booking, managePath: new URL(booking.manageUrl).pathname };
}

/** The bookable days of the month shown, going to the next month when this one has none left. */
async function bookableDays(page: Page) {
  await expect(page.getByRole("status").filter({ hasText: "Loading available times" })).toHaveCount(0);
  const days = page.locator('[data-date][data-bookable="true"]');
  if ((await days.count()) === 0) {
    await page.getByRole("button", { name: "Next month" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Loading available times" })).toHaveCount(0);
  }
  await expect(days.first()).toBeVisible();
  return days;
}

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  published = await setUpPublishedPage(await context.newPage(), { organisation: "Manage Co" });
  await context.close();
});

test("manage link: reschedule moves the same Exchange item, cancel with a reason removes it and frees the slot", async ({
  page,
  request,
}) => {
  const offered = await slots(request);
  const slot = offered[3];
  if (!slot) throw new Error("the page offers too few slots");
  const booking = await book(request, slot.start);
  await expect.poll(async () => (await calendarItemsOf(booking.id)).length).toBe(1);
  const [item] = await calendarItemsOf(booking.id);

  const response = await page.goto(booking.managePath);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: published.title })).toBeVisible();
  await expect(page.getByText("Times shown in Asia/Kolkata")).toBeVisible();
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  await expect(page.locator('meta[name="referrer"]')).toHaveAttribute("content", "no-referrer");
  await expectNoAxeViolations(page, "manage page");

  await page.getByRole("button", { name: "Reschedule" }).click();
  const days = await bookableDays(page);
  await days.last().click();
  const choices = page.getByTestId("slot");
  await expect(choices.first()).toBeVisible();
  const target = choices.last();
  const newStart = (await target.getAttribute("data-start")) as string;
  expect(newStart).not.toBe(slot.start);
  await target.click();
  await page.getByRole("button", { name: "Confirm the new time" }).click();
  await expect(page.getByTestId("moved-notice")).toBeVisible({ timeout: 30_000 });

  // The same item (UpdateItem), now at the new time; the old time is offered again, the new one not.
  await expect
    .poll(async () => (await calendarItemsOf(booking.id)).map((i) => [i.id, new Date(i.start).toISOString()]))
    .toEqual([[item?.id, newStart]]);
  const afterMove = await slots(request);
  expect(afterMove.some((s) => s.start === slot.start)).toBe(true);
  expect(afterMove.some((s) => s.start === newStart)).toBe(false);

  await page.getByRole("button", { name: "Cancel booking" }).click();
  await page.getByLabel("Reason (optional, shared with the host)").fill("Something came up <sorry> & thanks");
  await page.getByRole("button", { name: "Yes, cancel the booking" }).click();
  await expect(page.getByTestId("cancelled-notice")).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => (await calendarItemsOf(booking.id)).length).toBe(0);
  expect((await slots(request)).some((s) => s.start === newStart)).toBe(true);

  // The link is used: a plain page says so, and the API refuses it with 410.
  await page.goto(booking.managePath);
  await expect(page.getByRole("heading", { name: "This booking was cancelled" })).toBeVisible();
  const again = await request.post(`/api/v1/public/manage/${booking.managePath.split("/").pop()}/cancel`, {
    headers: fromNewAddress(),
    data: {},
  });
  expect(again.status()).toBe(410);
  expect(await again.json()).toMatchObject({ error: "cancelled" });
});

test("a tampered or made-up manage link gets a clear 404 page, no trace", async ({ page, request }) => {
  const slot = (await slots(request))[5];
  if (!slot) throw new Error("the page offers too few slots");
  const booking = await book(request, slot.start);
  const token = booking.managePath.split("/").pop() as string;
  const tampered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
  for (const path of [`/manage/${tampered}`, "/manage/not-a-token", `/manage/${"x".repeat(300)}`]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByTestId("manage-invalid")).toHaveText("This booking link is not valid");
    await expect(page.locator("body")).not.toContainText(/Error:|at \w+ \(|stack/);
  }
  const refused = await request.post(`/api/v1/public/manage/${tampered}/reschedule`, {
    headers: fromNewAddress(),
    data: { start: slot.start, timeZone: "UTC" },
  });
  expect(refused.status()).toBe(404);
  expect(await refused.json()).toMatchObject({ error: "not_found" });
  // The real link still works after all that.
  expect((await page.goto(booking.managePath))?.status()).toBe(200);
});

test("rescheduling to a taken time over the API: 409 with fresh slots, the booking stays put", async ({ request }) => {
  const offered = await slots(request);
  const [mine, theirs] = [offered[7], offered[9]];
  if (!mine || !theirs) throw new Error("the page offers too few slots");
  const booking = await book(request, mine.start);
  await book(request, theirs.start);
  const token = booking.managePath.split("/").pop() as string;
  const response = await request.post(`/api/v1/public/manage/${token}/reschedule`, {
    headers: fromNewAddress(),
    data: { start: theirs.start, timeZone: CUSTOMER_ZONE },
  });
  expect(response.status()).toBe(409);
  const body = (await response.json()) as { error: string; slots: PublicSlot[] };
  expect(body.error).toBe("slot_taken");
  expect(body.slots.some((s) => s.start === theirs.start)).toBe(false);
  await expect
    .poll(async () => (await calendarItemsOf(booking.id)).map((i) => new Date(i.start).toISOString()))
    .toEqual([mine.start]);
});
