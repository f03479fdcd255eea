"use server";

import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/actions/define";
import { changePassword } from "@/lib/auth/change-password";
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
