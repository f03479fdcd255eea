import { expect, type Page } from "@playwright/test";
import { signUp } from "../pages/auth";
import { fillServerStep, finishWizard } from "../pages/connect";
import { readSimulatorInfo } from "./simulator-info";

export interface PublishedPage {
  slug: string;
  title: string;
  /** The question the page asks besides name, email and notes. */
  question: string;
}

/** As an admin: connects `mailbox` for `owner` (a label of the wizard's owner list) through the service account. */
export async function connectSimulatorCalendar(page: Page, input: { mailbox: string; owner: string }) {
  await page.goto("/calendars/connect");
  await page.getByLabel("Whose calendar is it?").selectOption({ label: input.owner });
  await page.getByLabel("Act as this mailbox through impersonation").check();
  await fillServerStep(page, {
    mailbox: input.mailbox,
    username: "CONTOSO\\svc-slotbridge",
    manualUrl: readSimulatorInfo().listeners.valid.url,
  });
  await finishWizard(page);
}

/**
 * A fresh organisation whose owner has a simulator calendar (lena@contoso.test: UTC, weekday hours) and one
 * published single-host page of 30 minutes with one optional question. Everything goes through the app's
 * own screens, as an owner would do it.
 */
export async function setUpPublishedPage(page: Page, input: { organisation: string }): Promise<PublishedPage> {
  const owner = await signUp(page, { organisation: input.organisation, name: "Hana Host" });
  await connectSimulatorCalendar(page, { mailbox: "lena@contoso.test", owner: "Hana Host (you)" });
  const title = "Intro call";
  const question = "What would you like to discuss?";
  const slug = await createBookingPageThroughUi(page, { title, question, hostName: owner.name });
  return { slug, title, question };
}

export async function createBookingPageThroughUi(
  page: Page,
  input: { title: string; question: string; hostName: string },
): Promise<string> {
  const slug = `intro-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  await page.goto("/booking-pages/new");
  await page.getByLabel("Title").fill(input.title);
  await page.getByLabel("Public address").fill(slug);
  await page.getByLabel("Duration (minutes)").fill("30");
  await page.getByLabel("Questions for the customer").fill(input.question);
  await page.getByLabel("Host", { exact: true }).selectOption({ label: input.hostName });
  await page.getByLabel("Host's time zone").selectOption("UTC");
  await page.getByRole("button", { name: "Create booking page" }).click();
  await expect(page).toHaveURL(/\/booking-pages\/[0-9a-f-]{36}\?created=1$/);
  // No minimum notice: the page offers today's remaining hours too, whenever the suite runs.
  const rules = page.getByRole("form", { name: "Rules" });
  await rules.getByLabel("Minimum notice (minutes)").fill("0");
  await rules.getByRole("button", { name: "Save rules" }).click();
  await expect(rules.getByRole("status")).toHaveText("Rules saved.");
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByRole("link", { name: "Open public page" })).toHaveAttribute("href", `/book/${slug}`);
  return slug;
}

/** The proof of work a client must do before booking: the server's own reference solver. */
export { solveProofOfWork as solveChallenge } from "@/lib/bookings/proof-of-work";
