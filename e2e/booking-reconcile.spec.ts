import { readFileSync } from "node:fs";
import https from "node:https";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { type PublishedPage, setUpPublishedPage, solveChallenge } from "./support/booking-fixtures";
import { readSimulatorInfo } from "./support/simulator-info";

// Two-way truth with Exchange: the host deletes a booked meeting in "Outlook" (an EWS DeleteItem with the
// host's own credentials, as Outlook would send it) and the periodic reconciliation (every minute in the
// e2e server: RECONCILE_INTERVAL_MINUTES=1) cancels the booking, which /bookings then shows.

const MAILBOX = "lena@contoso.test";
let published: PublishedPage;
let hostPage: Page;

async function control(path: string, method = "GET") {
  const response = await fetch(`${readSimulatorInfo().controlUrl}${path}`, { method });
  return response.json() as Promise<unknown>;
}

/** DeleteItem as the host sends it from Outlook: Basic over HTTPS, trusting only the simulator's CA. */
async function deleteAsHost(itemId: string) {
  const { caFile } = (await control("/status")) as { caFile: string };
  const body = `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">
<soap:Header><t:RequestServerVersion Version="Exchange2013_SP1"/></soap:Header>
<soap:Body><m:DeleteItem DeleteType="MoveToDeletedItems" SendMeetingCancellations="SendToNone">
<m:ItemIds><t:ItemId Id="${itemId}"/></m:ItemIds></m:DeleteItem></soap:Body></soap:Envelope>`;
  const url = new URL(readSimulatorInfo().listeners.valid.url);
  const status = await new Promise<number>((resolve, reject) => {
    const request = https.request(
      url,
      {
        method: "POST",
        ca: readFileSync(caFile),
        headers: {
          "Content-Type": "text/xml; charset=utf-8",
          Authorization: `Basic ${Buffer.from("CONTOSO\\lena:Simulator-Pass-1").toString("base64")}`,
        },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
  expect(status).toBe(200);
}

test.beforeAll(async ({ browser }) => {
  hostPage = await (await browser.newContext()).newPage();
  published = await setUpPublishedPage(hostPage, { organisation: "Reconcile Co" });
});

test("a meeting the host deletes in their calendar is cancelled in Slotbridge", async ({ request }) => {
  test.setTimeout(180_000);
  const today = new Date().toISOString().slice(0, 10);
  const until = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  const slotsResponse = await request.get(
    `/api/v1/public/pages/${published.slug}/slots?start=${today}&end=${until}&timeZone=UTC`,
    { headers: { "x-forwarded-for": "198.18.7.1" } },
  );
  const slot = ((await slotsResponse.json()) as { slots: Array<{ start: string }> }).slots[3];
  if (!slot) throw new Error("the page offers too few slots");
  const issued = (await (
    await request.get(`/api/v1/public/pages/${published.slug}/challenge`, {
      headers: { "x-forwarded-for": "198.18.7.2" },
    })
  ).json()) as { challenge: string; difficulty: number };
  const booked = await request.post(`/api/v1/public/pages/${published.slug}/bookings`, {
    headers: { "x-forwarded-for": "198.18.7.3" },
    data: {
      start: slot.start,
      name: "Rita Reconcile",
      email: "rita@example.com",
      timeZone: "UTC",
      answers: {},
      challenge: issued.challenge,
      nonce: solveChallenge(issued),
      website: "",
    },
  });
  expect(booked.status()).toBe(201);
  const { id } = (await booked.json()) as { id: string };

  const calendar = (await control(`/mailboxes/${encodeURIComponent(MAILBOX)}/calendar`)) as Array<{
    id: string;
    extendedProperties: Array<{ value?: string }>;
  }>;
  const item = calendar.find((i) => i.extendedProperties.some((p) => p.value === id));
  if (!item) throw new Error("the booking has no item in the host's calendar");
  await deleteAsHost(item.id);

  const row = hostPage.getByTestId("booking-row").filter({ hasText: "Rita Reconcile" });
  await expect(async () => {
    await hostPage.goto("/bookings?tab=upcoming&status=cancelled");
    await expect(row).toContainText("Cancelled", { timeout: 1_000 });
  }).toPass({ timeout: 150_000, intervals: [5_000] });
});
