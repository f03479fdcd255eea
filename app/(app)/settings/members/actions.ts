"use server";

import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/actions/define";
import { revokeInvite } from "@/lib/organisations/invites";
import { changeMemberRole, removeMember } from "@/lib/organisations/members";
import { changeRoleSchema, inviteIdSchema, memberIdSchema } from "@/lib/organisations/schema";

// Owners and admins only; every mutation below also scopes its rows to user.organisationId.

// Creating and resending invites (which mail them) and password-reset mails: mail-actions.ts.

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
