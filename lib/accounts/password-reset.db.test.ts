import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { createSessionRecord, findActiveSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { accountTokens, auditEvents, users } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { closeMailTransports } from "@/lib/mail/transport";
import { actorFor, addMember, newOrganisation } from "@/lib/organisations/test-helpers";
import { expectAppError } from "@/testing/expect-app-error";
import { type MailCapture, startMailCapture } from "@/testing/mail-capture";
import { PASSWORD_RESET_ANSWER, requestPasswordReset, resetPassword, sendMemberPasswordReset } from "./password-reset";

const APP_URL = "http://app.test";
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let capture: MailCapture;
let settings: { smtpUrl: string; from: string };
let clientCounter = 0;
const newClient = () => `198.51.100.${++clientCounter}`;

beforeAll(async () => {
  database = await createTestDatabase();
  capture = await startMailCapture();
  settings = { smtpUrl: capture.smtpUrl, from: "Slotbridge <accounts@slotbridge.test>" };
});
afterAll(async () => {
  closeMailTransports();
  await capture?.stop();
  await database?.drop();
});
beforeEach(() => capture.clear());

async function emailOf(userId: string) {
  const [row] = await db().select({ email: users.email }).from(users).where(eq(users.id, userId));
  return row?.email ?? "";
}

/** Asks for a reset as the forgot-password page does, runs the delivery, and returns the mailed link. */
async function askForReset(input: { email: string; client?: string; language?: "en" | "de"; now?: Date }) {
  const result = await requestPasswordReset({
    email: input.email,
    client: input.client ?? newClient(),
    language: input.language ?? "en",
    appUrl: APP_URL,
    settings,
    ...(input.now ? { now: input.now } : {}),
  });
  const delivered = await result.deliver();
  return { result, delivered };
}

function linkIn(text: string): string {
  const match = text.match(/http:\/\/app\.test\/reset-password\/([A-Za-z0-9_-]+)/);
  if (!match?.[1]) throw new Error(`no reset link in: ${text}`);
  return match[1];
}

const tokenOfLastMail = () => linkIn(capture.messages().at(-1)?.text ?? "");

describe("asking for a password reset", () => {
  it("mails an existing account a single-use link, in the asked language, with plain and HTML parts", async () => {
    const owner = await newOrganisation();
    const { result, delivered } = await askForReset({ email: owner.email, language: "de" });
    expect(result.message).toBe(PASSWORD_RESET_ANSWER);
    expect(delivered).toBe("sent");
    const [mail, ...more] = capture.messages();
    expect(more).toEqual([]);
    expect(mail?.envelope.to).toEqual([owner.email]);
    expect(mail?.subject).toBe("Neues Slotbridge-Passwort festlegen");
    expect(mail?.text).toContain("Neues Passwort festlegen: http://app.test/reset-password/");
    expect(mail?.text).toContain(owner.organisationName);
    const token = tokenOfLastMail();
    expect(mail?.html).toContain(`href="http://app.test/reset-password/${token}"`);
    expect(mail?.html).toContain('<html lang="de">');
    // Only the hash is stored.
    const stored = await db().select().from(accountTokens).where(eq(accountTokens.userId, owner.userId));
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it("gives the same answer for an unknown address, mails nothing and records nothing about it", async () => {
    const owner = await newOrganisation();
    const known = await askForReset({ email: owner.email });
    capture.clear();
    const unknownAddress = `nobody-${Date.now()}@example.com`;
    const unknown = await askForReset({ email: unknownAddress });
    expect(unknown.result.message).toBe(known.result.message);
    expect(Object.keys(unknown.result).sort()).toEqual(Object.keys(known.result).sort());
    expect(unknown.delivered).toBe("no-account");
    expect(capture.messages()).toEqual([]);
    const lines = await db()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "account.password-reset-requested"));
    expect(lines.some((line) => line.targetId === owner.userId)).toBe(true);
    expect(JSON.stringify(lines)).not.toContain(unknownAddress);
  });

  it("answers before anything depends on the address, so the timing cannot differ", async () => {
    const owner = await newOrganisation();
    const ask = (email: string) =>
      requestPasswordReset({ email, client: newClient(), language: "en", appUrl: APP_URL, settings });
    // Nothing of the account is looked at before the answer: no token, no audit line, no mail yet.
    const pending = await ask(owner.email);
    expect(await db().select().from(accountTokens).where(eq(accountTokens.userId, owner.userId))).toEqual([]);
    expect(await db().select().from(auditEvents).where(eq(auditEvents.targetId, owner.userId))).toEqual([]);
    expect(await pending.deliver()).toBe("sent");
    expect(await db().select().from(accountTokens).where(eq(accountTokens.userId, owner.userId))).toHaveLength(1);

    // So the answer's timing cannot depend on the address: what runs before it is the two counters, and
    // the answer itself is one constant (compared in the test above and in e2e/account-mail.spec.ts).
  });

  it("delivers for an unknown address too, doing the same kind of work without mailing", async () => {
    const { deliver } = await requestPasswordReset({
      email: `decoy-${Date.now()}@example.com`,
      client: newClient(),
      language: "en",
      appUrl: APP_URL,
      settings,
    });
    expect(await deliver()).toBe("no-account");
    expect(capture.messages()).toEqual([]);
  });

  it("is limited per address (registered or not) and per client address, with the same message", async () => {
    const owner = await newOrganisation();
    for (let i = 0; i < 5; i += 1) await askForReset({ email: owner.email });
    const onAccount = await expectAppError(askForReset({ email: owner.email }), "rate_limited");
    const unknown = `limited-${Date.now()}@example.com`;
    for (let i = 0; i < 5; i += 1) await askForReset({ email: unknown });
    const onUnknown = await expectAppError(askForReset({ email: unknown }), "rate_limited");
    expect(onUnknown.message.replace(/\d+ minutes?/, "")).toBe(onAccount.message.replace(/\d+ minutes?/, ""));

    const client = newClient();
    for (let i = 0; i < 20; i += 1) {
      await requestPasswordReset({
        email: `c${i}-${Date.now()}@example.com`,
        client,
        language: "en",
        appUrl: APP_URL,
        settings,
      });
    }
    await expectAppError(
      requestPasswordReset({ email: "another@example.com", client, language: "en", appUrl: APP_URL, settings }),
      "rate_limited",
    );
  });
});

describe("setting a new password with the link", () => {
  it("works once, ends every session of the user and records it", async () => {
    const owner = await newOrganisation();
    const elsewhere = await actorFor(owner.userId);
    await askForReset({ email: owner.email });
    const token = tokenOfLastMail();
    const done = await resetPassword({ token, password: "a fresh new secret" });
    expect(done).toEqual({ email: owner.email, sessionsEnded: 2 });
    expect(await findActiveSession(owner.sessionId)).toBeNull();
    expect(await findActiveSession(elsewhere.sessionId)).toBeNull();
    const [row] = await db().select().from(users).where(eq(users.id, owner.userId));
    expect(await verifyPassword({ hash: row?.passwordHash, password: "a fresh new secret" })).toBe(true);
    expect(await verifyPassword({ hash: row?.passwordHash, password: "correct horse battery" })).toBe(false);
    expect(row?.emailVerifiedAt).toBeInstanceOf(Date);
    const [line] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "account.password-reset"), eq(auditEvents.targetId, owner.userId)));
    expect(line?.detail).toEqual({ byPerson: true, sessionsEnded: 2 });
    expect(JSON.stringify(line)).not.toContain(token);

    await createSessionRecord(owner.userId);
    await expectAppError(resetPassword({ token, password: "yet another secret" }), "not_found");
  });

  it("refuses an expired, an unknown and a superseded link, changing nothing", async () => {
    const owner = await newOrganisation();
    const asked = new Date(Date.now() - 61 * 60_000);
    await askForReset({ email: owner.email, now: asked });
    const expired = tokenOfLastMail();
    await expectAppError(resetPassword({ token: expired, password: "a fresh new secret" }), "not_found");
    await expectAppError(resetPassword({ token: "x".repeat(43), password: "a fresh new secret" }), "not_found");

    await askForReset({ email: owner.email });
    const first = tokenOfLastMail();
    await askForReset({ email: owner.email });
    const second = tokenOfLastMail();
    await expectAppError(resetPassword({ token: first, password: "a fresh new secret" }), "not_found");
    expect(await findActiveSession(owner.sessionId)).not.toBeNull();
    await resetPassword({ token: second, password: "a fresh new secret" });
  });
});

describe("an admin sending a member a reset link", () => {
  it("mails members of the own organisation only, admins not to owners, nobody to themselves", async () => {
    const owner = await newOrganisation();
    const admin = await addMember(owner, "admin");
    const member = await addMember(owner, "member");
    const stranger = await newOrganisation();
    const send = (actor: typeof owner, memberId: string) =>
      sendMemberPasswordReset({ actor, memberId, language: "en", appUrl: APP_URL, settings });

    expect(await send(admin, member.userId)).toBe("sent");
    const mail = capture.messages().at(-1);
    expect(mail?.envelope.to).toEqual([await emailOf(member.userId)]);
    expect(mail?.text).toContain(`${admin.name}, an admin of ${owner.organisationName}`);
    const [line] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "member.password-reset-sent"), eq(auditEvents.targetId, member.userId)));
    expect(line?.actorUserId).toBe(admin.userId);
    // The member's sessions stay until the link is used.
    expect(await findActiveSession(member.sessionId)).not.toBeNull();

    expect(await send(owner, admin.userId)).toBe("sent");
    await expectAppError(send(admin, owner.userId), "forbidden");
    await expectAppError(send(member, admin.userId), "forbidden");
    await expectAppError(send(owner, owner.userId), "forbidden");
    await expectAppError(send(stranger, member.userId), "not_found");
    await expectAppError(send(owner, stranger.userId), "not_found");
    await expectAppError(
      sendMemberPasswordReset({ actor: owner, memberId: member.userId, language: "en", settings: null }),
      "conflict",
    );
  });

  it("reports a mail server that refuses", async () => {
    const owner = await newOrganisation();
    const member = await addMember(owner, "member");
    capture.refuse(true);
    try {
      expect(
        await sendMemberPasswordReset({
          actor: owner,
          memberId: member.userId,
          language: "en",
          appUrl: APP_URL,
          settings,
        }),
      ).toBe("failed");
    } finally {
      capture.refuse(false);
    }
  });
});
