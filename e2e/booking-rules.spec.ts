import type { APIRequestContext, Page } from "@playwright/test";
import { DateTime } from "luxon";
import { expect, test } from "./fixtures";
import { addColleague, signUp } from "./pages/auth";
import { createBookingPage, hostsForm, rulesForm } from "./pages/booking-pages";
import { connectSimulatorCalendar, solveChallenge } from "./support/booking-fixtures";
import { readSimulatorInfo } from "./support/simulator-info";

// The business rules as customers meet them, in Chromium and over HTTP: pages set up in the editor,
// slots and bookings through the public API, the e2e simulator as both hosts' Exchange.

interface PublicSlot {
  start: string;
  end: string;
}

let addressCounter = 0;
const fromNewAddress = () => ({ "x-forwarded-for": `198.20.${(addressCounter >> 8) & 255}.${addressCounter++ & 255}` });

async function calendarOf(
  mailbox: string,
): Promise<Array<{ start: string; extendedProperties: Array<{ value?: string }> }>> {
  const response = await fetch(`${readSimulatorInfo().controlUrl}/mailboxes/${encodeURIComponent(mailbox)}/calendar`);
  return (await response.json()) as Array<{ start: string; extendedProperties: Array<{ value?: string }> }>;
}

async function slotsOf(
  request: APIRequestContext,
  input: { slug: string; start: string; end: string; timeZone?: string },
) {
  const zone = encodeURIComponent(input.timeZone ?? "UTC");
  const response = await request.get(
    `/api/v1/public/pages/${input.slug}/slots?start=${input.start}&end=${input.end}&timeZone=${zone}`,
    { headers: fromNewAddress() },
  );
  expect(response.status()).toBe(200);
  return ((await response.json()) as { slots: PublicSlot[] }).slots;
}

async function book(request: APIRequestContext, input: { slug: string; start: string; email: string }) {
  const issued = (await (
    await request.get(`/api/v1/public/pages/${input.slug}/challenge`, { headers: fromNewAddress() })
  ).json()) as { challenge: string; difficulty: number };
  const response = await request.post(`/api/v1/public/pages/${input.slug}/bookings`, {
    headers: fromNewAddress(),
    data: {
      start: input.start,
      name: "Cara Customer",
      email: input.email,
      timeZone: "America/Sao_Paulo",
      challenge: issued.challenge,
      nonce: solveChallenge(issued),
      website: "",
    },
  });
  return { status: response.status(), body: (await response.json()) as { id?: string; error?: string } };
}

async function saveRules(page: Page, rules: Record<string, string>) {
  const form = rulesForm(page);
  for (const [label, value] of Object.entries(rules)) await form.getByLabel(label).fill(value);
  await form.getByRole("button", { name: "Save rules" }).click();
  await expect(form.getByRole("status")).toHaveText("Rules saved.");
}

async function publish(page: Page) {
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("button", { name: "Unpublish" })).toBeVisible();
}

const today = () => DateTime.utc().toISODate() ?? "";
const daysAhead = (days: number) => DateTime.utc().plus({ days }).toISODate() ?? "";
const uniqueSlug = (label: string) => `${label}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

test("round robin spreads bookings over the hosts; collective needs every host free", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  await signUp(page, { organisation: "Spread Co", name: "Rita Rules" });
  const cole = await addColleague(page, { browser, name: "Cole Colleague" });
  await connectSimulatorCalendar(page, { mailbox: "lena@contoso.test", owner: "Rita Rules (you)" });
  await connectSimulatorCalendar(page, { mailbox: "hiro@contoso.test", owner: `Cole Colleague (${cole.email})` });
  const slug = uniqueSlug("team");
  await createBookingPage(page, { title: "Team call", slug, hostLabel: "Rita Rules", timeZone: "UTC" });
  const hosts = hostsForm(page);
  await hosts.form.getByLabel("How hosts are assigned").selectOption("round_robin");
  await hosts.form.getByLabel("Add a host").selectOption({ label: "Cole Colleague" });
  await hosts.form.getByRole("button", { name: "Add host", exact: true }).click();
  await hosts.form.getByLabel("Time zone of Cole Colleague").selectOption("UTC");
  await hosts.save();
  await expect(hosts.form.getByRole("status")).toHaveText("Hosts saved.");
  await saveRules(page, { "Minimum notice (minutes)": "0" });
  await publish(page);

  const window = { slug, start: today(), end: daysAhead(13) };
  const either = await slotsOf(request, window);
  // Book every offered time three times over until one time took two bookings: both hosts were free.
  let spread: string | null = null;
  for (const slot of either.slice(0, 10)) {
    const first = await book(request, { slug, start: slot.start, email: "first@example.com" });
    expect(first.status).toBe(201);
    const second = await book(request, { slug, start: slot.start, email: "second@example.com" });
    if (second.status === 201) {
      expect((await book(request, { slug, start: slot.start, email: "third@example.com" })).status).toBe(409);
      spread = slot.start;
      break;
    }
    expect(second.status).toBe(409);
  }
  if (!spread) throw new Error("no time had both hosts free");
  // Slotbridge's items at that time (the seeded calendars may hold a free event there too).
  const at = (items: Array<{ start: string; extendedProperties: unknown[] }>) =>
    items.filter((item) => new Date(item.start).toISOString() === spread && item.extendedProperties.length > 0);
  expect(at(await calendarOf("lena@contoso.test"))).toHaveLength(1);
  expect(at(await calendarOf("hiro@contoso.test"))).toHaveLength(1);

  // Collective: the same hosts, every one of them needed. What it offers, round robin offered too, and the
  // time both hosts are now booked at is gone.
  await hosts.form.getByLabel("How hosts are assigned").selectOption("collective");
  await hosts.save();
  await expect(hosts.form.getByRole("status")).toHaveText("Hosts saved.");
  const both = await slotsOf(request, window);
  const offered = new Set(either.map((slot) => slot.start));
  expect(both.length).toBeGreaterThan(0);
  for (const slot of both) expect(offered.has(slot.start)).toBe(true);
  expect(both.some((slot) => slot.start === spread)).toBe(false);
  expect(both.length).toBeLessThan(either.length);
  await cole.context.close();
});

test("minimum notice, the daily limit and buffers hold", async ({ page, request }) => {
  test.setTimeout(120_000);
  await signUp(page, { organisation: "Rules Co", name: "Rita Rules" });
  await connectSimulatorCalendar(page, { mailbox: "lena@contoso.test", owner: "Rita Rules (you)" });
  const slug = uniqueSlug("rules");
  await createBookingPage(page, { title: "Rules call", slug, hostLabel: "Rita Rules", timeZone: "UTC" });
  await saveRules(page, {
    "Minimum notice (minutes)": String(3 * 24 * 60),
    "Buffer after (minutes)": "30",
    "Bookings per host per day": "2",
  });
  await publish(page);
  const window = { slug, start: today(), end: daysAhead(20) };

  const offered = await slotsOf(request, window);
  const earliest = Date.now() + 3 * 86_400_000;
  expect(offered.length).toBeGreaterThan(0);
  for (const slot of offered) expect(Date.parse(slot.start)).toBeGreaterThanOrEqual(earliest - 60_000);

  // Buffers: after booking a slot, nothing starts within 30 minutes of its end (nor ends in it).
  // The slot is the first of a full day: the earliest offered one may be the last of its day when the
  // notice period ends late in the afternoon, leaving no second slot to test the daily limit with.
  const fullDay = offered
    .map((slot) => slot.start.slice(0, 10))
    .find((day, index, days) => index > 0 && days[index - 1] !== day);
  const first = offered.find((slot) => slot.start.startsWith(fullDay ?? "")) as PublicSlot;
  expect((await book(request, { slug, start: first.start, email: "one@example.com" })).status).toBe(201);
  const afterOne = await slotsOf(request, window);
  for (const slot of afterOne) {
    const clear =
      Date.parse(slot.start) >= Date.parse(first.end) + 30 * 60_000 ||
      Date.parse(slot.end) + 30 * 60_000 <= Date.parse(first.start);
    expect(clear, `${slot.start} breaks the buffer around ${first.start}`).toBe(true);
  }
  // The daily limit: a second booking that day closes it.
  const day = first.start.slice(0, 10);
  const sameDay = afterOne.find((slot) => slot.start.startsWith(day));
  if (!sameDay) throw new Error("no second slot that day");
  expect((await book(request, { slug, start: sameDay.start, email: "two@example.com" })).status).toBe(201);
  const afterTwo = await slotsOf(request, window);
  expect(afterTwo.some((slot) => slot.start.startsWith(day))).toBe(false);
  expect(afterTwo.length).toBeGreaterThan(0);
  const refused = await book(request, {
    slug,
    start: afterOne.find((s) => s.start.startsWith(day) && s.start !== sameDay.start)?.start ?? sameDay.start,
    email: "three@example.com",
  });
  expect(refused.status).toBe(409);
});

test("a DST week keeps the host's wall-clock hours: 09:00–17:00 London before and after the clocks change", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  await signUp(page, { organisation: "Clock Co", name: "Rita Rules" });
  await connectSimulatorCalendar(page, { mailbox: "lena@contoso.test", owner: "Rita Rules (you)" });
  const slug = uniqueSlug("dst");
  await createBookingPage(page, { title: "Clock call", slug, hostLabel: "Rita Rules", timeZone: "Europe/London" });
  await saveRules(page, { "Minimum notice (minutes)": "0", "How far ahead (days)": "365" });
  await publish(page);

  // The next change of London's clocks, and the week around it.
  let change = DateTime.now().setZone("Europe/London").startOf("day");
  while (change.offset === change.plus({ days: 1 }).offset) change = change.plus({ days: 1 });
  const from = change.minus({ days: 4 });
  const to = change.plus({ days: 4 });
  const slots = await slotsOf(request, {
    slug,
    start: from.toISODate() ?? "",
    end: to.toISODate() ?? "",
    timeZone: "America/New_York",
  });
  const before = slots.filter((slot) => Date.parse(slot.start) < change.toMillis());
  const after = slots.filter((slot) => Date.parse(slot.start) > change.plus({ days: 1 }).toMillis());
  expect(before.length).toBeGreaterThan(0);
  expect(after.length).toBeGreaterThan(0);
  for (const slot of slots) {
    const local = DateTime.fromISO(slot.start, { zone: "Europe/London" });
    const minute = local.hour * 60 + local.minute;
    expect(minute, slot.start).toBeGreaterThanOrEqual(9 * 60);
    expect(minute + 30, slot.start).toBeLessThanOrEqual(17 * 60);
  }
  // The same wall-clock hours are different UTC hours on either side of the change.
  const utcHours = (list: PublicSlot[]) => new Set(list.map((slot) => new Date(slot.start).getUTCHours()));
  const offsetBefore = from.offset;
  const offsetAfter = to.offset;
  expect(offsetBefore).not.toBe(offsetAfter);
  const earliestUtc = (list: PublicSlot[]) => Math.min(...utcHours(list));
  expect(earliestUtc(after) - earliestUtc(before)).toBe((offsetBefore - offsetAfter) / 60);
});
