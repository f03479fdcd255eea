import type { APIRequestContext } from "@playwright/test";
import { expect, formAlert, PASSWORD, test, uniqueEmail } from "./fixtures";
import { addColleague, signIn, signUp } from "./pages/auth";
import { connectSimulatorCalendar, createBookingPageThroughUi, solveChallenge } from "./support/booking-fixtures";
import { capturedMail } from "./support/mail-capture-info";

// Deletion in the browser: a member deletes their own account, an owner the whole organisation. Each time the
// customer of a coming booking gets the cancellation mail (read from the e2e server's mail capture), and the
// person who deleted lands, signed out, on the confirmation page.

let addressCounter = 0;
const fromNewAddress = () => ({ "x-forwarded-for": `198.19.${(addressCounter >> 8) & 255}.${addressCounter++ & 255}` });

/** Books the first offered slot of the page's next days through the public API, as a customer's browser would. */
async function bookFirstSlot(
  request: APIRequestContext,
  input: { slug: string; email: string; name: string; nth?: number },
) {
  const today = new Date();
  const end = new Date(today.getTime() + 14 * 86_400_000);
  const slotsResponse = await request.get(
    `/api/v1/public/pages/${input.slug}/slots?start=${today.toISOString().slice(0, 10)}&end=${end.toISOString().slice(0, 10)}&timeZone=UTC`,
    { headers: fromNewAddress() },
  );
  expect(slotsResponse.status()).toBe(200);
  const { slots } = (await slotsResponse.json()) as { slots: Array<{ start: string }> };
  // A slot a day ahead at least: the deletion must find it still to come.
  const slot = slots.filter((s) => new Date(s.start).getTime() > Date.now() + 86_400_000)[input.nth ?? 0];
  if (!slot) throw new Error("no slot offered");
  const issued = (await (
    await request.get(`/api/v1/public/pages/${input.slug}/challenge`, { headers: fromNewAddress() })
  ).json()) as { challenge: string; difficulty: number };
  const response = await request.post(`/api/v1/public/pages/${input.slug}/bookings`, {
    headers: fromNewAddress(),
    data: {
      start: slot.start,
      name: input.name,
      email: input.email,
      timeZone: "UTC",
      answers: {},
      challenge: issued.challenge,
      nonce: solveChallenge(issued),
      website: "",
    },
  });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string; manageUrl: string };
}

async function expectCancellationMailTo(address: string) {
  await expect
    .poll(async () => (await capturedMail()).filter((m) => m.envelope.to.includes(address)).map((m) => m.subject), {
      timeout: 20_000,
    })
    .toContainEqual(expect.stringMatching(/^Cancelled: /));
}

test("a member deletes their own account: customers told, bookings kept as a former member's", async ({
  page,
  browser,
  request,
}) => {
  await signUp(page, { organisation: "Erasure Ltd", name: "Otto Owner" });
  const member = await addColleague(page, { browser, name: "Mona Member" });
  await connectSimulatorCalendar(page, { mailbox: "lena@contoso.test", owner: `Mona Member (${member.email})` });
  const slug = await createBookingPageThroughUi(page, {
    title: "Intro call",
    question: "Anything to prepare?",
    hostName: "Mona Member",
  });
  const customer = uniqueEmail("customer");
  await bookFirstSlot(request, { slug, email: customer, name: "Cleo Customer" });

  // The last owner cannot leave without handing over.
  await page.goto("/settings");
  const ownerForm = page.getByTestId("delete-account");
  await ownerForm.getByLabel("Your password").fill(PASSWORD);
  await ownerForm.getByRole("button", { name: "Delete my account" }).click();
  await expect(ownerForm.getByRole("alert")).toContainText("last owner");

  const memberPage = member.page;
  await memberPage.goto("/settings");
  const form = memberPage.getByTestId("delete-account");
  await form.getByLabel("Your password").fill("not my password");
  await form.getByRole("button", { name: "Delete my account" }).click();
  await expect(form.getByRole("alert")).toContainText("not correct");
  await form.getByLabel("Your password").fill(PASSWORD);
  await form.getByRole("button", { name: "Delete my account" }).click();
  await expect(memberPage.getByTestId("goodbye")).toHaveText("Your account is deleted");
  // Signed out: the app sends them to sign-in, and the account no longer signs in.
  await memberPage.goto("/settings");
  await expect(memberPage).toHaveURL(/\/sign-in/);
  await signIn(memberPage, { email: member.email });
  await expect(formAlert(memberPage)).toContainText("incorrect");
  await member.context.close();

  await expectCancellationMailTo(customer);
  await page.goto("/bookings");
  const row = page.getByTestId("booking-row").filter({ hasText: "Cleo Customer" });
  await expect(row).toContainText("former member");
  await expect(row).toContainText("Cancelled");
  await page.goto("/booking-pages");
  await expect(page.getByText("Intro call")).toHaveCount(0);
});

test("an owner deletes the organisation: customers told, everything erased, signed out", async ({ page, request }) => {
  const organisation = `Closing ${Date.now().toString(36)}`;
  const owner = await signUp(page, { organisation, name: "Hana Host" });
  await connectSimulatorCalendar(page, { mailbox: "lena@contoso.test", owner: "Hana Host (you)" });
  const slug = await createBookingPageThroughUi(page, { title: "Intro call", question: "Why?", hostName: owner.name });
  const customer = uniqueEmail("customer");
  await bookFirstSlot(request, { slug, email: customer, name: "Dora Doomed" });

  await page.goto("/settings");
  const form = page.getByTestId("delete-organisation");
  await form.getByLabel(`Type "${organisation}" to confirm`).fill("Another name");
  await form.getByRole("button", { name: "Delete the organisation" }).click();
  await expect(form.getByRole("alert")).toContainText("exactly");
  await form.getByLabel(`Type "${organisation}" to confirm`).fill(organisation);
  await form.getByRole("button", { name: "Delete the organisation" }).click();
  await expect(page.getByTestId("goodbye")).toHaveText("The organisation is deleted");
  await expectCancellationMailTo(customer);

  // The public page is gone, and the owner's account with it.
  const gone = await request.get(`/book/${slug}`);
  expect(gone.status()).toBe(404);
  await page.goto("/calendars");
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, { email: owner.email });
  await expect(formAlert(page)).toContainText("incorrect");
});

test("customers erase their details from the manage link; an admin erases one by address", async ({
  page,
  request,
}) => {
  const owner = await signUp(page, { organisation: "Forgetful Ltd", name: "Hana Host" });
  await connectSimulatorCalendar(page, { mailbox: "lena@contoso.test", owner: "Hana Host (you)" });
  const slug = await createBookingPageThroughUi(page, { title: "Intro call", question: "Why?", hostName: owner.name });
  const erin = uniqueEmail("erin");
  const first = await bookFirstSlot(request, { slug, email: erin, name: "Erin Erasable" });
  await bookFirstSlot(request, { slug, email: erin, name: "Erin Erasable", nth: 1 });
  const olga = uniqueEmail("olga");
  await bookFirstSlot(request, { slug, email: olga, name: "Olga Other", nth: 2 });

  // The customer, from the link in their mail.
  const manage = await page.context().browser()?.newContext();
  if (!manage) throw new Error("no browser");
  const customerPage = await manage.newPage();
  await customerPage.goto(first.manageUrl);
  await customerPage.getByRole("button", { name: "Erase my details" }).click();
  await customerPage.getByRole("button", { name: "Yes, erase my details" }).click();
  await expect(customerPage.getByTestId("erased-notice")).toBeVisible();
  expect((await customerPage.goto(first.manageUrl))?.status()).toBe(404);
  await manage.close();

  await page.goto("/bookings");
  await expect(page.getByTestId("booking-row").filter({ hasText: "Erased customer" })).toHaveCount(2);
  await expect(page.getByTestId("booking-row").filter({ hasText: "Erin Erasable" })).toHaveCount(0);

  // The admin, by address.
  await page.goto("/settings");
  const section = page.getByTestId("erase-customer");
  await section.getByLabel("Customer's email address").fill(olga.toUpperCase());
  await section.getByRole("button", { name: "Find bookings" }).click();
  await expect(section.getByTestId("customer-found")).toContainText("1 booking, 1 still to come");
  await section.getByRole("button", { name: "Erase this customer's details" }).click();
  await expect(section.getByRole("status")).toContainText("Erased the customer's details on 1 booking");
  await page.goto("/bookings");
  await expect(page.getByTestId("booking-row").filter({ hasText: "Olga Other" })).toHaveCount(0);
  await expect(page.getByTestId("booking-row").filter({ hasText: "Erased customer" })).toHaveCount(3);
});
