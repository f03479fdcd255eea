import type { APIRequestContext } from "@playwright/test";
import type { CapturedMail } from "@/lib/mail/captured-mail";
import { expect, test } from "./fixtures";
import { type PublishedPage, setUpPublishedPage, solveChallenge } from "./support/booking-fixtures";
import { capturedMail, setMailRefused } from "./support/mail-capture-info";
import { readAppLog } from "./support/simulator-info";

// Booking mail end to end: the production build sends through SMTP_URL to the e2e server's capture server
// (a real SMTP server on loopback); the booking-mail jobs run in the app's own pg-boss workers.

interface PublicSlot {
  start: string;
  end: string;
}
interface CreatedBooking {
  id: string;
  start: string;
  end: string;
  status: string;
  manageUrl: string;
}

let published: PublishedPage;
let addressCounter = 0;
const fromNewAddress = () => ({ "x-forwarded-for": `198.18.${(addressCounter >> 8) & 255}.${addressCounter++ & 255}` });

async function slots(request: APIRequestContext): Promise<PublicSlot[]> {
  const today = new Date();
  const end = new Date(today.getTime() + 20 * 86_400_000);
  const response = await request.get(
    `/api/v1/public/pages/${published.slug}/slots?start=${today.toISOString().slice(0, 10)}&end=${end.toISOString().slice(0, 10)}&timeZone=Europe%2FBerlin`,
    { headers: fromNewAddress() },
  );
  expect(response.status()).toBe(200);
  return ((await response.json()) as { slots: PublicSlot[] }).slots;
}

async function book(request: APIRequestContext, input: { start: string; email: string; name: string }) {
  const issued = (await (
    await request.get(`/api/v1/public/pages/${published.slug}/challenge`, { headers: fromNewAddress() })
  ).json()) as { challenge: string; difficulty: number };
  const response = await request.post(`/api/v1/public/pages/${published.slug}/bookings`, {
    headers: fromNewAddress(),
    data: {
      start: input.start,
      name: input.name,
      email: input.email,
      timeZone: "Europe/Berlin",
      answers: {},
      challenge: issued.challenge,
      nonce: solveChallenge(issued),
      website: "",
    },
  });
  expect(response.status()).toBe(201);
  return (await response.json()) as CreatedBooking;
}

const mailTo = async (address: string) => (await capturedMail()).filter((m) => m.envelope.to.includes(address));

/** The VEVENT's properties of a calendar file (folded lines joined), and its METHOD. */
function parseIcs(ics: string) {
  const lines = ics.replace(/\r\n[ \t]/g, "").split("\r\n");
  const event = new Map<string, string>();
  const inside = lines.slice(lines.indexOf("BEGIN:VEVENT") + 1, lines.indexOf("END:VEVENT"));
  for (const line of inside) {
    const colon = line.indexOf(":");
    event.set(line.slice(0, colon).split(";")[0] ?? "", line.slice(colon + 1));
  }
  return { method: lines.find((l) => l.startsWith("METHOD:"))?.slice(7), event };
}

const icsTime = (iso: string) =>
  new Date(iso)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");

function expectValidConfirmation(mail: CapturedMail | undefined, booking: CreatedBooking) {
  expect(mail?.subject).toMatch(/^Confirmed: Intro call on /);
  expect(mail?.text).toContain(booking.manageUrl);
  expect(mail?.html).toContain(`href="${booking.manageUrl}"`);
  // The times as the customer reads them, in their zone.
  expect(mail?.text).toContain("(Europe/Berlin)");
  const part = mail?.attachments.find((a) => a.contentType === "text/calendar");
  expect(part?.method).toBe("REQUEST");
  expect(mail?.attachments.some((a) => a.filename === "invite.ics")).toBe(true);
  const ics = parseIcs(part?.content ?? "");
  expect(ics.method).toBe("REQUEST");
  expect(ics.event.get("UID")).toBe(`${booking.id}@slotbridge`);
  expect(ics.event.get("SEQUENCE")).toBe("0");
  expect(ics.event.get("DTSTART")).toBe(icsTime(booking.start));
  expect(ics.event.get("DTEND")).toBe(icsTime(booking.end));
  expect(ics.event.get("SUMMARY")).toBe("Intro call");
}

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  published = await setUpPublishedPage(await context.newPage(), { organisation: "Mail Co" });
  await context.close();
});

test.afterEach(async () => {
  await setMailRefused(false);
});

test("a booking sends the customer a confirmation with a valid ICS and the manage link, and the host a notice", async ({
  request,
}) => {
  const slot = (await slots(request))[3];
  if (!slot) throw new Error("the page offers too few slots");
  const booking = await book(request, { start: slot.start, email: "mia@example.com", name: "Mia <Mail>" });
  expect(booking.status).toBe("confirmed");

  await expect.poll(async () => (await mailTo("mia@example.com")).length, { timeout: 20_000 }).toBe(1);
  const [confirmation] = await mailTo("mia@example.com");
  expectValidConfirmation(confirmation, booking);
  expect(confirmation?.html).toContain("Mia &lt;Mail&gt;");

  await expect
    .poll(
      async () =>
        (await capturedMail()).filter((m) => m.subject.startsWith("New booking: Intro call with Mia <Mail>")).length,
      {
        timeout: 20_000,
      },
    )
    .toBe(1);
  const notice = (await capturedMail()).find((m) => m.subject.startsWith("New booking: Intro call with Mia"));
  expect(notice?.envelope.to).not.toContain("mia@example.com");
  expect(notice?.text).toContain("mia@example.com");
});

test("SMTP down: the booking is kept and confirmed, and the confirmation arrives once SMTP is back", async ({
  request,
}) => {
  test.setTimeout(150_000);
  await setMailRefused(true);
  const slot = (await slots(request))[5];
  if (!slot) throw new Error("the page offers too few slots");
  const booking = await book(request, { start: slot.start, email: "noah@example.com", name: "Noah Down" });
  expect(booking.status).toBe("confirmed");
  // The job tried, the server refused, the queue will try again.
  await expect
    .poll(
      () =>
        readAppLog()
          .split("\n")
          .some((line) => line.includes(booking.id) && line.includes("will retry")),
      {
        timeout: 20_000,
      },
    )
    .toBe(true);
  expect(await mailTo("noah@example.com")).toEqual([]);
  expect((await slots(request)).some((s) => s.start === slot.start)).toBe(false);

  await setMailRefused(false);
  // pg-boss retries after 15–30 s (back-off with jitter).
  await expect
    .poll(async () => (await mailTo("noah@example.com")).length, { timeout: 90_000, intervals: [2_000] })
    .toBe(1);
  expectValidConfirmation((await mailTo("noah@example.com"))[0], booking);
});
