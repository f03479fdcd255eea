"use server";

import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/actions/define";
import { changePassword } from "@/lib/auth/change-password";
import { addOrganisationCa, removeOrganisationCa } from "@/lib/calendars/certificate-authorities";
import { addCaSchema, caIdSchema } from "@/lib/calendars/schema";
import { renameOrganisation } from "@/lib/organisations/members";
import { changePasswordSchema, renameOrganisationSchema } from "@/lib/organisations/schema";

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
