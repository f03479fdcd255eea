import { measureFirstLoad } from "@/scripts/build/first-load";
import { expect, formAlert, type Page, test, uniqueEmail } from "./fixtures";
import { expectNoAxeViolations } from "./support/axe";
import { type PublishedPage, setUpPublishedPage, solveChallenge } from "./support/booking-fixtures";
import { readSimulatorInfo } from "./support/simulator-info";

// The public booking page as a customer meets it: no session, the e2e server's simulator behind the
// host's calendar, slots fetched by the browser after the first paint.

/** Waits for the month's slots, going to the next month when this one has none left. */
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

/** Presses Tab until the focused element matches `selector` (at most `limit` times). */
async function tabUntil(page: Page, selector: string, limit = 40) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`nothing matching ${selector} took focus after ${limit} presses of Tab`);
}

async function openPage(page: Page, published: PublishedPage) {
  await page.goto(`/book/${published.slug}`);
  await expect(page.getByRole("heading", { level: 1, name: published.title })).toBeVisible();
}

let published: PublishedPage;

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  published = await setUpPublishedPage(await context.newPage(), { organisation: "Booking Co" });
  await context.close();
});

test("a customer books with the keyboard alone; axe finds nothing at any step", async ({ page }) => {
  await openPage(page, published);
  await bookableDays(page);
  await expectNoAxeViolations(page, "the month");

  await tabUntil(page, "[data-date]");
  // Arrow to the first day with times, then choose it.
  for (let i = 0; i < 62; i++) {
    if ((await page.evaluate(() => document.activeElement?.getAttribute("data-bookable"))) === "true") break;
    await page.keyboard.press("ArrowRight");
  }
  await expect(page.locator(":focus")).toHaveAttribute("data-bookable", "true");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("slot").first()).toBeVisible();
  await expectNoAxeViolations(page, "a day chosen");

  await tabUntil(page, '[data-testid="slot"]');
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Your details" })).toBeFocused();
  await expectNoAxeViolations(page, "the form");

  await tabUntil(page, 'input[name="name"]');
  await page.keyboard.type("Kim Keyboard");
  await page.keyboard.press("Tab");
  await page.keyboard.type(uniqueEmail("kim"));
  await page.keyboard.press("Tab");
  await page.keyboard.type("Pricing");
  await tabUntil(page, 'button[type="submit"]');
  await page.keyboard.press("Enter");

  await expect(page.getByRole("heading", { name: "You're booked" })).toBeFocused({ timeout: 30_000 });
  await expectNoAxeViolations(page, "the confirmation");
  const ics = await page.getByRole("link", { name: "Add to calendar" }).getAttribute("href");
  expect(ics).toBeTruthy();
  const file = await page.request.get(ics as string);
  expect(file.status()).toBe(200);
  expect(await file.text()).toContain("BEGIN:VEVENT");
  await expect(page.getByRole("link", { name: "Change or cancel" })).toHaveAttribute("href", /.+/);
});

test("the month grid: one tab stop, arrows and Page keys move by day, week and month", async ({ page }) => {
  await openPage(page, published);
  await bookableDays(page);
  await tabUntil(page, "[data-date]");
  const focusedDate = () => page.evaluate(() => document.activeElement?.getAttribute("data-date") ?? "");
  const first = await focusedDate();
  const plus = (date: string, days: number) =>
    new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  // Focus moves after React renders the new roving day: each step is awaited before the next key.
  await page.keyboard.press("ArrowDown");
  await expect.poll(focusedDate).toBe(plus(first, 7));
  await page.keyboard.press("ArrowUp");
  await expect.poll(focusedDate).toBe(first);
  await page.keyboard.press("ArrowLeft");
  const back = plus(first, -1);
  // Arrowing before the first of the current month is refused (no earlier month to book); otherwise one day back.
  await expect.poll(focusedDate).toBe(back.slice(0, 7) === first.slice(0, 7) ? back : first);
  const month = await page.locator("#month-heading").textContent();
  await page.keyboard.press("PageDown");
  await expect(page.locator("#month-heading")).not.toHaveText(month ?? "");
  await expect.poll(async () => (await focusedDate()).slice(0, 7)).not.toBe(first.slice(0, 7));
  // Only one day of the month is in the tab order.
  await expect(page.locator('[data-date][tabindex="0"]')).toHaveCount(1);
});

test("the first HTML carries no slots: the browser asks for them after the first paint", async ({ page }) => {
  const html = await (await page.request.get(`/book/${published.slug}`)).text();
  expect(html).toContain(published.title);
  expect(html).not.toContain("/slots");
  await openPage(page, published);
  const days = await bookableDays(page);
  await days.first().click();
  const starts = await page.getByTestId("slot").evaluateAll((els) => els.map((el) => el.getAttribute("data-start")));
  expect(starts.length).toBeGreaterThan(0);
  for (const start of starts) expect(html).not.toContain(start as string);
});

test("plain HTML under the app's CSP: one script, with the request's nonce; an unknown address is a 404 page", async ({
  page,
}) => {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  const response = await page.goto(`/book/${published.slug}`);
  const headers = response?.headers() ?? {};
  expect(headers["content-type"]).toBe("text/html; charset=utf-8");
  expect(headers["cache-control"]).toBe("no-store");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).not.toContain("unsafe-eval");
  await expect(page).toHaveTitle(`${published.title} · Booking Co`);
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", "noindex, nofollow");
  // The browser hides a nonce attribute once parsed; the property keeps it.
  const nonces = await page.locator("script").evaluateAll((els) => els.map((el) => (el as HTMLScriptElement).nonce));
  expect(nonces).toEqual([/'nonce-([^']+)'/.exec(csp)?.[1]]);
  await bookableDays(page);
  expect(problems).toEqual([]);
  // Its script and stylesheet have content-hashed names, so they may be cached for good.
  const assets = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>("script[src], link[rel=stylesheet]")].map(
      (el) => ("src" in el ? el.src : el.href),
    ),
  );
  expect(assets).toHaveLength(2);
  for (const asset of assets) {
    expect((await page.request.get(asset)).headers()["cache-control"], asset).toBe(
      "public, max-age=31536000, immutable",
    );
  }

  const missing = await page.goto("/book/no-such-page");
  expect(missing?.status()).toBe(404);
  expect(missing?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.locator("script")).toHaveCount(0);
  await expectNoAxeViolations(page, "the unknown page");
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  test("the page fits 375 px and books by tapping", async ({ page }) => {
    await openPage(page, published);
    const days = await bookableDays(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await days.first().tap();
    await page.getByTestId("slot").first().tap();
    await page.getByLabel("Your name").fill("Pat Phone");
    await page.getByLabel("Email").fill(uniqueEmail("pat"));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.getByRole("button", { name: "Confirm booking" }).tap();
    await expect(page.getByRole("heading", { name: "You're booked" })).toBeVisible({ timeout: 30_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });
});

test.describe("time zones", () => {
  test.use({ timezoneId: "America/New_York", locale: "en-US" });

  test("starts in the browser's zone; switching redraws the times and is remembered", async ({ page }) => {
    await openPage(page, published);
    const zone = page.getByLabel("Time zone");
    await expect(zone).toHaveValue("America/New_York");
    const days = await bookableDays(page);
    await days.first().click();
    const first = page.getByTestId("slot").first();
    const start = (await first.getAttribute("data-start")) as string;
    const inNewYork = await first.textContent();
    // Node's ICU and the browser's may differ in the space before AM/PM (U+0020 or U+202F).
    const time = (timeZone: string) =>
      new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "2-digit" })
        .format(new Date(start))
        .replace(/\s+/g, " ");
    expect(inNewYork?.replace(/\s+/g, " ")).toBe(time("America/New_York"));

    await zone.selectOption("Asia/Tokyo");
    const tokyoDate = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo" }).format(new Date(start));
    const tokyoDay = page.locator(`[data-date="${tokyoDate}"]`);
    if ((await tokyoDay.count()) === 0) await page.getByRole("button", { name: "Next month" }).click();
    await expect(tokyoDay).toHaveAttribute("data-bookable", "true");
    await tokyoDay.click();
    const same = page.locator(`[data-testid="slot"][data-start="${start}"]`);
    await expect(same).toHaveText(time("Asia/Tokyo"));
    expect(time("Asia/Tokyo")).not.toBe(time("America/New_York"));

    await page.reload();
    await expect(page.getByLabel("Time zone")).toHaveValue("Asia/Tokyo");
  });
});

test("Exchange unreachable: the page says it cannot show times, and 'Try again' recovers", async ({ page }) => {
  const faults = `${readSimulatorInfo().controlUrl}/faults`;
  const added = await fetch(faults, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ mailbox: "lena@contoso.test", action: { kind: "http-error", status: 503 } }),
  });
  const { id } = (await added.json()) as { id: string };
  try {
    await openPage(page, published);
    await expect(formAlert(page)).toHaveText("We can't show times right now, please try again shortly.", {
      timeout: 30_000,
    });
    await expect(page.locator('[data-date][data-bookable="true"]')).toHaveCount(0);
  } finally {
    await fetch(`${faults}/${id}`, { method: "DELETE" });
  }
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(formAlert(page)).toHaveCount(0);
  await bookableDays(page);
});

test("a filled honeypot is refused, in the page and at the API", async ({ page }) => {
  await openPage(page, published);
  const days = await bookableDays(page);
  await days.first().click();
  const start = (await page.getByTestId("slot").first().getAttribute("data-start")) as string;
  await page.getByTestId("slot").first().click();
  await page.getByLabel("Your name").fill("Bot Botson");
  await page.getByLabel("Email").fill(uniqueEmail("bot"));
  // What a form-filling bot does: fill every input, seen or not.
  await page.locator('input[name="website"]').fill("https://spam.example", { force: true });
  await page.getByRole("button", { name: "Confirm booking" }).click();
  await expect(formAlert(page)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("heading", { name: "You're booked" })).toHaveCount(0);
  // What was typed is kept.
  await expect(page.getByLabel("Your name")).toHaveValue("Bot Botson");

  const api = `/api/v1/public/pages/${published.slug}`;
  const issued = (await (await page.request.get(`${api}/challenge`)).json()) as {
    challenge: string;
    difficulty: number;
  };
  const refused = await page.request.post(`${api}/bookings`, {
    data: {
      start,
      name: "Bot Botson",
      email: uniqueEmail("bot"),
      timeZone: "UTC",
      challenge: issued.challenge,
      nonce: solveChallenge(issued),
      website: "https://spam.example",
    },
  });
  expect(refused.status()).toBe(400);
  expect(((await refused.json()) as { error: string }).error).toBe("invalid_input");
});

test("a slot taken meanwhile: the page says so and shows the day's remaining times", async ({ page }) => {
  await openPage(page, published);
  const days = await bookableDays(page);
  await days.first().click();
  const slot = page.getByTestId("slot").first();
  const start = (await slot.getAttribute("data-start")) as string;
  await slot.click();
  await page.getByLabel("Your name").fill("Second Sam");
  await page.getByLabel("Email").fill(uniqueEmail("sam"));

  // Someone else books the same time first.
  const api = `/api/v1/public/pages/${published.slug}`;
  const issued = (await (await page.request.get(`${api}/challenge`)).json()) as {
    challenge: string;
    difficulty: number;
  };
  const first = await page.request.post(`${api}/bookings`, {
    data: {
      start,
      name: "First Fay",
      email: uniqueEmail("fay"),
      timeZone: "UTC",
      challenge: issued.challenge,
      nonce: solveChallenge(issued),
      website: "",
    },
  });
  expect(first.status()).toBe(201);

  await page.getByRole("button", { name: "Confirm booking" }).click();
  await expect(formAlert(page)).toBeVisible({ timeout: 30_000 });
  await expect(page.locator(`[data-testid="slot"][data-start="${start}"]`)).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "You're booked" })).toHaveCount(0);
});

test("the browser loads exactly the JavaScript that scripts/build/measure-first-load.ts counts", async ({ page }) => {
  const counted = measureFirstLoad("/book/[slug]").files.map((file) => file.url);
  expect(counted.length).toBeGreaterThan(0);

  // Every script, wherever it comes from: the page's own bundle, anything of Next.js's, anything else.
  const loaded = new Set<string>();
  page.on("response", (response) => {
    const { pathname } = new URL(response.url());
    if (response.request().resourceType() === "script" || pathname.endsWith(".js")) loaded.add(pathname);
  });
  await openPage(page, published);
  await bookableDays(page);
  expect([...loaded].sort()).toEqual([...counted].sort());
});
