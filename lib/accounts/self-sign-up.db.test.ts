import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RateLimitedError } from "@/lib/auth/rate-limit";
import { db } from "@/lib/db";
import { auditEvents, users } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { closeMailTransports } from "@/lib/mail/transport";
import { addOrganisationDomain, listOrganisationDomains, removeOrganisationDomain } from "@/lib/organisations/domains";
import { addMember, newOrganisation } from "@/lib/organisations/test-helpers";
import { type MailCapture, startMailCapture } from "@/testing/mail-capture";
import { signUpYourself } from "./self-sign-up";
import { requestVerificationMail, sendVerificationMail, verifyEmailAddress } from "./verification";

const APP_URL = "https://slotbridge.example.com";
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let capture: MailCapture;
let settings: { smtpUrl: string; from: string };
beforeAll(async () => {
  database = await createTestDatabase();
  capture = await startMailCapture();
  settings = { smtpUrl: capture.smtpUrl, from: "Slotbridge <accounts@slotbridge.test>" };
});
afterAll(async () => {
  closeMailTransports();
  await capture.stop();
  await database.drop();
});

let n = 0;
const person = (domain = "example.com") => ({
  name: "Sam Self",
  email: `self-${Date.now().toString(36)}-${n++}@${domain}`,
  password: "correct horse battery",
});

const userByEmail = async (email: string) => (await db().select().from(users).where(eq(users.email, email)))[0];

/** The link in the newest mail to `email`. */
function mailedLink(email: string): string {
  const mail = capture.messages().findLast((m) => m.envelope.to.includes(email));
  const link = mail?.text.match(/https:\/\/slotbridge\.example\.com\/verify-email\/[A-Za-z0-9_-]+/)?.[0];
  if (!link) throw new Error(`no verification link mailed to ${email}`);
  return link;
}

const tokenOf = (link: string) => link.split("/").pop() ?? "";

describe("sign-up modes", () => {
  it("closed: refuses, whatever is submitted", async () => {
    const account = { mode: "open" as const, organisationName: "Nope", ...person() };
    await expect(signUpYourself({ mode: "closed", allowedDomains: [], account })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await userByEmail(account.email)).toBeUndefined();
  });

  it("open: creates an organisation whose owner is not verified yet", async () => {
    const account = { mode: "open" as const, organisationName: "Self Made", ...person() };
    const { userId } = await signUpYourself({ mode: "open", allowedDomains: [], account });
    const user = await userByEmail(account.email);
    expect(user).toMatchObject({ id: userId, role: "owner", emailVerifiedAt: null, instanceAdmin: false });
  });

  it("open: a form of the other mode is refused (no organisation made through the domains form)", async () => {
    const account = { mode: "domains" as const, ...person() };
    await expect(signUpYourself({ mode: "open", allowedDomains: [], account })).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("domains: joins the organisation owning the domain as a member, only when SIGNUP_DOMAINS lists it", async () => {
    const owner = await newOrganisation();
    const domain = `clinic-${Date.now().toString(36)}.example`;
    await addOrganisationDomain({ actor: owner, domain });
    expect(await listOrganisationDomains(owner)).toEqual([domain]);

    const joining = { mode: "domains" as const, ...person(domain) };
    const joined = await signUpYourself({ mode: "domains", allowedDomains: [domain], account: joining });
    expect(joined.organisationId).toBe(owner.organisationId);
    expect(await userByEmail(joining.email)).toMatchObject({ role: "member", emailVerifiedAt: null });
    const [event] = await db().select().from(auditEvents).where(eq(auditEvents.targetId, joined.userId));
    expect(event?.action).toBe("member.joined");

    // Owned but not listed by the operator; listed but owned by nobody: both refused, nothing made.
    const unlisted = { mode: "domains" as const, ...person(domain) };
    await expect(signUpYourself({ mode: "domains", allowedDomains: [], account: unlisted })).rejects.toMatchObject({
      code: "forbidden",
    });
    const unowned = { mode: "domains" as const, ...person("unowned.example") };
    await expect(
      signUpYourself({ mode: "domains", allowedDomains: ["unowned.example"], account: unowned }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(await userByEmail(unlisted.email)).toBeUndefined();
    expect(await userByEmail(unowned.email)).toBeUndefined();
  });
});

describe("organisation domains", () => {
  it("belong to one organisation; only owners add or remove them", async () => {
    const owner = await newOrganisation();
    const other = await newOrganisation();
    const admin = await addMember(owner, "admin");
    const domain = `owned-${Date.now().toString(36)}.example`;
    await expect(addOrganisationDomain({ actor: admin, domain })).rejects.toMatchObject({ code: "forbidden" });
    await addOrganisationDomain({ actor: owner, domain });
    await expect(addOrganisationDomain({ actor: other, domain })).rejects.toMatchObject({ code: "conflict" });
    await expect(removeOrganisationDomain({ actor: other, domain })).rejects.toMatchObject({ code: "not_found" });
    await removeOrganisationDomain({ actor: owner, domain });
    expect(await listOrganisationDomains(owner)).toEqual([]);
    await addOrganisationDomain({ actor: other, domain });
    expect(await listOrganisationDomains(other)).toEqual([domain]);
  });
});

describe("email verification", () => {
  async function unverifiedOwner() {
    const account = { mode: "open" as const, organisationName: "Verify Me", ...person() };
    const { userId } = await signUpYourself({ mode: "open", allowedDomains: [], account });
    return { userId, email: account.email };
  }

  it("mails a link in plain text and HTML, in German when asked; the link verifies once and signs nobody in", async () => {
    const { userId, email } = await unverifiedOwner();
    expect(await sendVerificationMail({ userId, language: "de", settings, appUrl: APP_URL })).toBe(true);
    const mail = capture.messages().findLast((m) => m.envelope.to.includes(email));
    expect(mail?.subject).toBe("Bestätigen Sie Ihre Adresse für Slotbridge");
    expect(mail?.html).toContain("Adresse bestätigen");
    const link = mailedLink(email);
    expect(mail?.html).toContain(link);

    expect(await verifyEmailAddress(tokenOf(link))).toBe(true);
    expect((await userByEmail(email))?.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await verifyEmailAddress(tokenOf(link))).toBe(false);
    const [event] = await db().select().from(auditEvents).where(eq(auditEvents.action, "account.email-verified"));
    expect(event?.targetId).toBe(userId);
    // Nothing to send once verified.
    expect(await sendVerificationMail({ userId, language: "en", settings, appUrl: APP_URL })).toBe(false);
  });

  it("a newer mail's link replaces the older one", async () => {
    const { userId, email } = await unverifiedOwner();
    await sendVerificationMail({ userId, language: "en", settings, appUrl: APP_URL });
    const first = mailedLink(email);
    await sendVerificationMail({ userId, language: "en", settings, appUrl: APP_URL });
    const second = mailedLink(email);
    expect(second).not.toBe(first);
    expect(await verifyEmailAddress(tokenOf(first))).toBe(false);
    expect(await verifyEmailAddress(tokenOf(second))).toBe(true);
  });

  it("sending again answers alike for unknown and known addresses, and is limited per address", async () => {
    const { email } = await unverifiedOwner();
    const client = `198.51.100.${n++ % 250}`;
    const before = capture.messages().length;
    const known = await requestVerificationMail({ email, client, language: "en", settings, appUrl: APP_URL });
    const unknown = await requestVerificationMail({
      email: `nobody-${n++}@example.com`,
      client,
      language: "en",
      settings,
      appUrl: APP_URL,
    });
    await Promise.all([known.delivery, unknown.delivery]);
    expect(capture.messages().length).toBe(before + 1);
    expect(mailedLink(email)).toContain("/verify-email/");

    for (let i = 0; i < 2; i++) {
      await (await requestVerificationMail({ email, client, language: "en", settings, appUrl: APP_URL })).delivery;
    }
    await expect(
      requestVerificationMail({ email, client, language: "en", settings, appUrl: APP_URL }),
    ).rejects.toBeInstanceOf(RateLimitedError);
  });

  it("an accepted invite verifies the address", async () => {
    const owner = await newOrganisation();
    const member = await addMember(owner, "member");
    expect((await userByEmail(member.email))?.emailVerifiedAt).toBeInstanceOf(Date);
  });
});
