import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "@/lib/crypto/tokens";
import { db } from "@/lib/db";
import { invites, organisations, users } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { AppError } from "@/lib/errors";
import { expectAppError } from "@/testing/expect-app-error";
import { getMember, listMembers, listPendingInvites } from "./data";
import { acceptInvite, createInvite, findPendingInvite, revokeInvite } from "./invites";
import { changeMemberRole, removeMember } from "./members";
import { createOrganisationWithOwner } from "./sign-up";
import { addMember, newOrganisation } from "./test-helpers";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe("sign-up", () => {
  it("creates the organisation with the user as its owner", async () => {
    const owner = await newOrganisation();
    expect(owner.role).toBe("owner");
    expect(await listMembers(owner.organisationId)).toHaveLength(1);
  });

  it("refuses a taken address without leaving an orphan organisation behind", async () => {
    const input = {
      organisationName: "First",
      name: "A",
      email: "taken@example.com",
      password: "correct horse battery",
    };
    await createOrganisationWithOwner(input);
    const [before] = await db().select({ n: count() }).from(organisations);
    await expectAppError(createOrganisationWithOwner({ ...input, organisationName: "Second" }), "conflict");
    const [after] = await db().select({ n: count() }).from(organisations);
    expect(after?.n).toBe(before?.n);
  });

  it("stores addresses lower-cased and hashes passwords with argon2id", async () => {
    const owner = await newOrganisation();
    const [row] = await db().select().from(users).where(eq(users.id, owner.userId));
    expect(row?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(
      db().insert(users).values({ organisationId: owner.organisationId, email: "Upper@Example.com", name: "X" }),
    ).rejects.toThrow();
  });
});

describe("invites", () => {
  it("stores only the token's hash and lets the link be used once", async () => {
    const owner = await newOrganisation();
    const token = await createInvite({ actor: owner, email: "new.person@example.com", role: "admin" });
    const [stored] = await db().select().from(invites).where(eq(invites.organisationId, owner.organisationId));
    expect(stored?.tokenHash).toBe(hashToken(token));
    expect(stored?.tokenHash).not.toContain(token);

    expect(await findPendingInvite(token)).toMatchObject({ email: "new.person@example.com", role: "admin" });
    const user = await acceptInvite({ token, name: "New Person", password: "another good one" });
    const member = await getMember({ organisationId: owner.organisationId, memberId: user.id });
    expect(member?.role).toBe("admin");

    expect(await findPendingInvite(token)).toBeNull();
    await expectAppError(acceptInvite({ token, name: "Again", password: "another good one" }), "invite_invalid");
  });

  it("lets only one of two concurrent acceptances through", async () => {
    const owner = await newOrganisation();
    const token = await createInvite({ actor: owner, email: "race@example.com", role: "member" });
    const results = await Promise.allSettled([
      acceptInvite({ token, name: "One", password: "another good one" }),
      acceptInvite({ token, name: "Two", password: "another good one" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await listMembers(owner.organisationId)).toHaveLength(2);
  });

  it("refuses an expired invite", async () => {
    const owner = await newOrganisation();
    const token = await createInvite({ actor: owner, email: "late@example.com", role: "member" });
    await db()
      .update(invites)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invites.tokenHash, hashToken(token)));
    expect(await findPendingInvite(token)).toBeNull();
    await expectAppError(acceptInvite({ token, name: "Late", password: "another good one" }), "invite_invalid");
  });

  it("keeps a revoked invite unusable, and another organisation cannot revoke it", async () => {
    const owner = await newOrganisation();
    const stranger = await newOrganisation();
    await createInvite({ actor: owner, email: "maybe@example.com", role: "member" });
    const [pending] = await listPendingInvites(owner.organisationId);
    if (!pending) throw new Error("invite missing");
    await expectAppError(revokeInvite({ actor: stranger, inviteId: pending.id }), "not_found");
    await revokeInvite({ actor: owner, inviteId: pending.id });
    expect(await listPendingInvites(owner.organisationId)).toEqual([]);
  });

  it("voids an admin's invite once the admin is demoted, and what they could no longer grant is revoked", async () => {
    const owner = await newOrganisation();
    const admin = await addMember(owner, "admin");
    const asAdmin = await createInvite({ actor: admin, email: "made.admin@example.com", role: "admin" });
    const asMember = await createInvite({ actor: admin, email: "made.member@example.com", role: "member" });
    await changeMemberRole({ actor: owner, memberId: admin.userId, role: "member" });
    await expectAppError(
      acceptInvite({ token: asAdmin, name: "Would-be admin", password: "another good one" }),
      "invite_invalid",
    );
    await expectAppError(
      acceptInvite({ token: asMember, name: "Would-be member", password: "another good one" }),
      "invite_invalid",
    );
    expect((await listMembers(owner.organisationId)).map((m) => m.email)).not.toContain("made.admin@example.com");
    expect(await listPendingInvites(owner.organisationId)).toEqual([]);
  });

  it("voids an invite whose sender was removed or is in another organisation now, even if the row survived", async () => {
    const owner = await newOrganisation();
    const admin = await addMember(owner, "admin");
    const token = await createInvite({ actor: admin, email: "orphan@example.com", role: "admin" });
    // The defence at acceptance, whatever the lifecycle code did: the invite still names a demoted sender.
    await db().update(users).set({ role: "member" }).where(eq(users.id, admin.userId));
    const error = await acceptInvite({ token, name: "Orphan", password: "another good one" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toContain("can no longer invite people with this role");
    await db().update(users).set({ role: "admin" }).where(eq(users.id, admin.userId));
    await removeMember({ actor: owner, memberId: admin.userId });
    await expectAppError(acceptInvite({ token, name: "Orphan", password: "another good one" }), "invite_invalid");
  });

  it("keeps an owner-demoted-to-admin's admin invites, and drops their owner invites", async () => {
    const owner = await newOrganisation();
    const coOwner = await addMember(owner, "owner");
    const ownerInvite = await createInvite({ actor: coOwner, email: "next.owner@example.com", role: "owner" });
    const adminInvite = await createInvite({ actor: coOwner, email: "next.admin@example.com", role: "admin" });
    await changeMemberRole({ actor: owner, memberId: coOwner.userId, role: "admin" });
    await expectAppError(
      acceptInvite({ token: ownerInvite, name: "Owner", password: "another good one" }),
      "invite_invalid",
    );
    const admin = await acceptInvite({ token: adminInvite, name: "Admin", password: "another good one" });
    expect((await getMember({ organisationId: owner.organisationId, memberId: admin.id }))?.role).toBe("admin");
  });

  it("lets only owners invite owners", async () => {
    const owner = await newOrganisation();
    const admin = await addMember(owner, "admin");
    await expectAppError(createInvite({ actor: admin, email: "boss@example.com", role: "owner" }), "forbidden");
  });
});

describe("members and roles", () => {
  it("always keeps one owner: the last owner can be neither demoted nor removed", async () => {
    const owner = await newOrganisation();
    const coOwner = await addMember(owner, "owner");
    await changeMemberRole({ actor: owner, memberId: coOwner.userId, role: "admin" });
    await expectAppError(changeMemberRole({ actor: owner, memberId: owner.userId, role: "member" }), "last_owner");
    const other = await addMember(owner, "owner");
    await removeMember({ actor: other, memberId: owner.userId });
    await expectAppError(changeMemberRole({ actor: other, memberId: other.userId, role: "admin" }), "last_owner");
  });

  it("does not lose the last owner when two owners demote each other at once", async () => {
    const a = await newOrganisation();
    const b = await addMember(a, "owner");
    await Promise.allSettled([
      changeMemberRole({ actor: a, memberId: b.userId, role: "member" }),
      changeMemberRole({ actor: b, memberId: a.userId, role: "member" }),
    ]);
    const owners = (await listMembers(a.organisationId)).filter((m) => m.role === "owner");
    expect(owners).toHaveLength(1);
  });

  it("lets admins manage members and admins, but not owners", async () => {
    const owner = await newOrganisation();
    const admin = await addMember(owner, "admin");
    const member = await addMember(owner, "member");
    await changeMemberRole({ actor: admin, memberId: member.userId, role: "admin" });
    await expectAppError(changeMemberRole({ actor: admin, memberId: member.userId, role: "owner" }), "forbidden");
    await expectAppError(changeMemberRole({ actor: admin, memberId: owner.userId, role: "member" }), "forbidden");
    await expectAppError(removeMember({ actor: admin, memberId: owner.userId }), "forbidden");
    await removeMember({ actor: admin, memberId: member.userId });
    expect(await getMember({ organisationId: owner.organisationId, memberId: member.userId })).toBeNull();
  });

  it("treats another organisation's member as not found, and changes nothing", async () => {
    const ours = await newOrganisation();
    const theirs = await newOrganisation();
    const theirMember = await addMember(theirs, "member");
    await expectAppError(changeMemberRole({ actor: ours, memberId: theirMember.userId, role: "admin" }), "not_found");
    await expectAppError(removeMember({ actor: ours, memberId: theirMember.userId }), "not_found");
    expect(await getMember({ organisationId: ours.organisationId, memberId: theirMember.userId })).toBeNull();
    expect((await getMember({ organisationId: theirs.organisationId, memberId: theirMember.userId }))?.role).toBe(
      "member",
    );
  });
});
