import { expect, type Page } from "@playwright/test";

/** As someone signed in: creates a draft page through /booking-pages/new and returns its id (from the URL). */
export async function createBookingPage(
  page: Page,
  input: { title: string; slug: string; hostLabel: string; timeZone?: string; duration?: string },
): Promise<string> {
  await page.goto("/booking-pages");
  await page.getByRole("link", { name: "New booking page" }).click();
  await expect(page).toHaveURL(/\/booking-pages\/new$/);
  await page.getByLabel("Title").fill(input.title);
  await page.getByLabel("Public address").fill(input.slug);
  await page.getByLabel("Duration (minutes)").fill(input.duration ?? "30");
  await page.getByLabel("Host", { exact: true }).selectOption({ label: input.hostLabel });
  if (input.timeZone) await page.getByLabel("Host's time zone").selectOption(input.timeZone);
  await page.getByRole("button", { name: "Create booking page" }).click();
  await expect(page).toHaveURL(/\/booking-pages\/[0-9a-f-]{36}\?created=1$/);
  await expect(page.getByRole("heading", { level: 1, name: input.title })).toBeVisible();
  return new URL(page.url()).pathname.split("/").pop() as string;
}

/** The hosts form, and one host's time inputs in it. */
export function hostsForm(page: Page) {
  const form = page.getByRole("form", { name: "Hosts" });
  return {
    form,
    time: (input: { host: string; day: string; window: number; edge: "start" | "end" }) =>
      form.getByLabel(`${input.host} ${input.day} window ${input.window} ${input.edge}`, { exact: true }),
    addHours: (input: { host: string; day: string }) =>
      form.getByRole("button", { name: `Add hours for ${input.host} on ${input.day}` }),
    save: () => form.getByRole("button", { name: "Save hosts and hours" }).click(),
  };
}

export function rulesForm(page: Page) {
  return page.getByRole("form", { name: "Rules" });
}

export function overrideForm(page: Page) {
  return page.getByRole("form", { name: "Add a date override" });
}
