"use server";

import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/actions/define";
import { env } from "@/lib/env";
import { createInvite, revokeInvite } from "@/lib/organisations/invites";
import { changeMemberRole, removeMember } from "@/lib/organisations/members";
import { changeRoleSchema, inviteIdSchema, inviteSchema, memberIdSchema } from "@/lib/organisations/schema";

// Owners and admins only; every mutation below also scopes its rows to user.organisationId.

export const inviteAction = authedAction({ role: "admin", schema: inviteSchema }, async (input, user) => {
  const token = await createInvite({ actor: user, ...input });
  revalidatePath("/settings/members");
  return { inviteUrl: new URL(`/invite/${token}`, env().APP_URL).toString(), email: input.email };
});

export const revokeInviteAction = authedAction(
  { role: "admin", schema: inviteIdSchema },
  async ({ inviteId }, user) => {
    await revokeInvite({ actor: user, inviteId });
    revalidatePath("/settings/members");
    return null;
  },
);

export const changeRoleAction = authedAction({ role: "admin", schema: changeRoleSchema }, async (input, user) => {
  await changeMemberRole({ actor: user, ...input });
  revalidatePath("/settings/members");
  return { ok: true, data: null, message: "Role updated." };
});

export const removeMemberAction = authedAction(
  { role: "admin", schema: memberIdSchema },
  async ({ memberId }, user) => {
    await removeMember({ actor: user, memberId });
    revalidatePath("/settings/members");
    return { ok: true, data: null, message: "Member removed." };
  },
);
