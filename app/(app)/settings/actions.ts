"use server";

import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/actions/define";
import { changePassword } from "@/lib/auth/change-password";
import { addOrganisationCa, removeOrganisationCa } from "@/lib/calendars/certificate-authorities";
import { addCaSchema, caIdSchema } from "@/lib/calendars/schema";
import { renameOrganisation } from "@/lib/organisations/members";
import { changePasswordSchema, renameOrganisationSchema } from "@/lib/organisations/schema";
import { deleteGroup, saveGroup } from "@/lib/team/groups";
import { groupIdSchema, groupSchema, workWeekSchema } from "@/lib/team/schema";
import { updateWorkWeek } from "@/lib/team/work-week";

export const changePasswordAction = authedAction(
  { role: "member", schema: changePasswordSchema },
  async (input, user) => {
    await changePassword({ user, ...input });
    return { ok: true, data: null, message: "Password changed. You've been signed out on your other devices." };
  },
);

export const renameOrganisationAction = authedAction(
  { role: "admin", schema: renameOrganisationSchema },
  async ({ name }, user) => {
    await renameOrganisation({ actor: user, name });
    revalidatePath("/", "layout");
    return { ok: true, data: null, message: "Organisation renamed." };
  },
);

// Trusting a CA widens what every Exchange connection of the organisation accepts: owners only.
export const addOrganisationCaAction = authedAction({ role: "owner", schema: addCaSchema }, async ({ pem }, user) => {
  const added = await addOrganisationCa({ actor: user, pem });
  revalidatePath("/settings");
  return { ok: true, data: null, message: `Added ${added.subject}.` };
});

export const removeOrganisationCaAction = authedAction(
  { role: "owner", schema: caIdSchema },
  async ({ caId }, user) => {
    await removeOrganisationCa({ actor: user, caId });
    revalidatePath("/settings");
    return { ok: true, data: null, message: "Removed." };
  },
);

// Team availability settings: the work week the grid shows, and groups to filter it by (owners and admins).

export const updateWorkWeekAction = authedAction({ role: "admin", schema: workWeekSchema }, async (input, user) => {
  await updateWorkWeek({ actor: user, workWeek: input });
  revalidatePath("/team");
  revalidatePath("/settings");
  return { ok: true, data: null, message: "Work week saved." };
});

export const saveGroupAction = authedAction({ role: "admin", schema: groupSchema }, async (input, user) => {
  await saveGroup({ actor: user, ...input });
  revalidatePath("/team");
  revalidatePath("/settings");
  return { ok: true, data: null, message: `Group "${input.name}" saved.` };
});

export const deleteGroupAction = authedAction({ role: "admin", schema: groupIdSchema }, async ({ groupId }, user) => {
  await deleteGroup({ actor: user, groupId });
  revalidatePath("/team");
  revalidatePath("/settings");
  return { ok: true, data: null, message: "Group deleted." };
});
