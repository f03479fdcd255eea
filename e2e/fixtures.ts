import { test as base, type Page } from "@playwright/test";

let sequence = 0;

/** A unique address per call, so tests never collide with each other or with earlier runs. */
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}-${(sequence++).toString(36)}@example.com`;
}

// Each test arrives from its own client address (as a reverse proxy would report it), so the
// per-address rate limits only bite in the tests that are about them.
function randomTestNetAddress(): string {
  const byte = () => Math.floor(Math.random() * 254) + 1;
  return `198.18.${byte()}.${byte()}`;
}

export const test = base.extend<{ clientAddress: string }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads fixture dependencies from this pattern
  clientAddress: async ({}, use) => use(randomTestNetAddress()),
  extraHTTPHeaders: async ({ clientAddress }, use) => use({ "x-forwarded-for": clientAddress }),
});

export { expect } from "@playwright/test";
export type { Page };

export const PASSWORD = "correct horse battery";

/** The page's own error message (Next.js keeps an empty role=alert route announcer outside <main>). */
export function formAlert(page: Page) {
  return page.getByRole("main").getByRole("alert");
}
