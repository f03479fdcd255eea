import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { auditEvents, invites } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { closeMailTransports } from "@/lib/mail/transport";
import { expectAppError } from "@/testing/expect-app-error";
import { type MailCapture, startMailCapture } from "@/testing/mail-capture";
import { listPendingInvites } from "./data";
import { createAndMailInvite, resendInvite } from "./invite-mail";
import { acceptInvite, findPendingInvite, revokeInvite } from "./invites";
import { renameOrganisation } from "./members";
import { addMember, newOrganisation } from "./test-helpers";

const APP_URL = "http://app.test";
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
  await capture?.stop();
  await database?.drop();
});
beforeEach(() => capture.clear());

const tokenOf = (url: string) => url.split("/invite/")[1] ?? "";

async function auditLines(action: string, targetId: string) {
  return db()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.targetId, targetId)));
}

describe("mailed invites", () => {
  it("mail the invitee the link, naming who invited them, to what, as what and until when", async () => {
    const owner = await newOrganisation();
    const email = `mailed-${Date.now()}@example.com`;
    const invite = await createAndMailInvite({
      actor: owner,
      email,
      role: "admin",
      language: "en",
      appUrl: APP_URL,
      settings,
    });
    expect(invite.mail).toBe("sent");
    expect(invite.inviteUrl).toMatch(/^http:\/\/app\.test\/invite\/[A-Za-z0-9_-]{20,}$/);
    const [mail, ...more] = capture.messages();
    expect(more).toEqual([]);
    expect(mail?.envelope.to).toEqual([email]);
    expect(mail?.subject).toBe(`${owner.name} invited you to ${owner.organisationName} on Slotbridge`);
    expect(mail?.text).toContain(`Accept the invite: ${invite.inviteUrl}`);
    expect(mail?.text).toMatch(/Role:\s+Admin/);
    expect(mail?.text).toContain(`${owner.name} <${owner.email}>`);
    expect(mail?.text).toMatch(/Link valid until:\s+\w+day, /);
    expect(mail?.html).toContain(`href="${invite.inviteUrl}"`);
    // Outside the demo, no mark of the organisation; the demo's mail page shows it to the inviting admins.
    expect(mail?.organisationId).toBeNull();
    capture.clear();
    await createAndMailInvite({
      actor: owner,
      email: `demo-${email}`,
      role: "member",
      language: "en",
      appUrl: APP_URL,
      settings,
      markOrganisation: true,
    });
    expect(capture.messages()[0]?.organisationId).toBe(owner.organisationId);

    const [row] = await db().select().from(invites).where(eq(invites.email, email));
    expect(row?.mailedAt).toBeInstanceOf(Date);
    const [line] = await auditLines("member.invited", row?.id ?? "");
    expect(line).toMatchObject({
      actorUserId: owner.userId,
      organisationId: owner.organisationId,
      detail: { role: "admin" },
    });
    expect(JSON.stringify(line)).not.toContain(tokenOf(invite.inviteUrl));
    expect(await findPendingInvite(tokenOf(invite.inviteUrl))).toMatchObject({ email, role: "admin" });
  });

  it("are written in German when asked, with HTML escaping of the names", async () => {
    const owner = await newOrganisation();
    await renameOrganisation({ actor: owner, name: "Müller & <Söhne>" });
    const invite = await createAndMailInvite({
      actor: owner,
      email: `de-${Date.now()}@example.com`,
      role: "member",
      language: "de",
      appUrl: APP_URL,
      settings,
    });
    const mail = capture.messages().at(-1);
    expect(mail?.subject).toContain("hat Sie zu");
    expect(mail?.text).toMatch(/Rolle:\s+Mitglied/);
    expect(mail?.text).toContain(`Einladung annehmen: ${invite.inviteUrl}`);
    expect(mail?.html).toContain('<html lang="de">');
    expect(mail?.text).toContain("Müller & <Söhne>");
    expect(mail?.html).toContain("Müller &amp; &lt;Söhne&gt;");
    expect(mail?.html).not.toContain("<Söhne>");
  });

  it("say when mail is off or refused, and leave the invite unmailed but usable", async () => {
    const owner = await newOrganisation();
    const off = await createAndMailInvite({
      actor: owner,
      email: `off-${Date.now()}@example.com`,
      role: "member",
      language: "en",
      appUrl: APP_URL,
      settings: null,
    });
    expect(off.mail).toBe("mail-off");
    capture.refuse(true);
    let refused: Awaited<ReturnType<typeof createAndMailInvite>>;
    try {
      refused = await createAndMailInvite({
        actor: owner,
        email: `refused-${Date.now()}@example.com`,
        role: "member",
        language: "en",
        appUrl: APP_URL,
        settings,
      });
    } finally {
      capture.refuse(false);
    }
    expect(refused.mail).toBe("failed");
    const pending = await listPendingInvites(owner.organisationId);
    expect(pending.map((invite) => invite.mailedAt)).toEqual([null, null]);
    await acceptInvite({ token: tokenOf(off.inviteUrl), name: "Off", password: "correct horse battery" });
  });

  it("resend with a new link: the old one stops working, the new one is mailed and works", async () => {
    const owner = await newOrganisation();
    const email = `resend-${Date.now()}@example.com`;
    const first = await createAndMailInvite({
      actor: owner,
      email,
      role: "member",
      language: "en",
      appUrl: APP_URL,
      settings,
    });
    const [row] = await db().select().from(invites).where(eq(invites.email, email));
    capture.clear();
    const again = await resendInvite({
      actor: owner,
      inviteId: row?.id ?? "",
      language: "en",
      appUrl: APP_URL,
      settings,
    });
    expect(again).toMatchObject({ email, mail: "sent" });
    expect(again.inviteUrl).not.toBe(first.inviteUrl);
    expect(capture.messages().map((m) => m.envelope.to)).toEqual([[email]]);
    expect(capture.messages()[0]?.text).toContain(again.inviteUrl);
    expect(await findPendingInvite(tokenOf(first.inviteUrl))).toBeNull();
    await expectAppError(
      acceptInvite({ token: tokenOf(first.inviteUrl), name: "Old", password: "correct horse battery" }),
      "invite_invalid",
    );
    expect(await auditLines("member.invite-resent", row?.id ?? "")).toHaveLength(1);
    await acceptInvite({ token: tokenOf(again.inviteUrl), name: "New", password: "correct horse battery" });
  });

  it("resend only within the organisation, by someone who may invite with the invite's role", async () => {
    const owner = await newOrganisation();
    const admin = await addMember(owner, "admin");
    const member = await addMember(owner, "member");
    const stranger = await newOrganisation();
    await createAndMailInvite({
      actor: owner,
      email: `o-${Date.now()}@example.com`,
      role: "owner",
      language: "en",
      appUrl: APP_URL,
      settings,
    });
    const [ownerInvite] = await db()
      .select()
      .from(invites)
      .where(and(eq(invites.organisationId, owner.organisationId), eq(invites.role, "owner")));
    const id = ownerInvite?.id ?? "";
    const resend = (actor: typeof owner) =>
      resendInvite({ actor, inviteId: id, language: "en", appUrl: APP_URL, settings });
    await expectAppError(resend(admin), "forbidden");
    await expectAppError(resend(member), "forbidden");
    await expectAppError(resend(stranger), "not_found");
    expect((await resend(owner)).mail).toBe("sent");
  });

  it("revoke: the link stops working and the revocation is recorded, once", async () => {
    const owner = await newOrganisation();
    const stranger = await newOrganisation();
    const email = `revoke-${Date.now()}@example.com`;
    const invite = await createAndMailInvite({
      actor: owner,
      email,
      role: "member",
      language: "en",
      appUrl: APP_URL,
      settings,
    });
    const [row] = await db().select().from(invites).where(eq(invites.email, email));
    const inviteId = row?.id ?? "";
    await expectAppError(revokeInvite({ actor: stranger, inviteId }), "not_found");
    await revokeInvite({ actor: owner, inviteId });
    expect(await findPendingInvite(tokenOf(invite.inviteUrl))).toBeNull();
    await expectAppError(revokeInvite({ actor: owner, inviteId }), "not_found");
    await expectAppError(
      resendInvite({ actor: owner, inviteId, language: "en", appUrl: APP_URL, settings }),
      "not_found",
    );
    const lines = await auditLines("member.invite-revoked", inviteId);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.actorUserId).toBe(owner.userId);
  });
});
