"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authedAction } from "@/lib/actions/define";
import { AppError } from "@/lib/errors";
import { isInstanceAdmin } from "@/lib/instance/admins";
import { setOrganisationDisabled } from "@/lib/instance/organisations";

const organisationSchema = z.object({
  organisationId: z.uuid("Unknown organisation."),
  disabled: z.enum(["true", "false"]).transform((value) => value === "true"),
});

/** Any signed-in user may call it; only an instance administrator gets past the check (others: not found). */
export const setOrganisationDisabledAction = authedAction(
  { role: "member", schema: organisationSchema },
  async ({ organisationId, disabled }, user) => {
    if (!(await isInstanceAdmin(user))) throw new AppError("not_found", "Not found.");
    const { changed } = await setOrganisationDisabled({ actor: user, organisationId, disabled });
    revalidatePath("/instance");
    if (!changed) return { ok: true, data: null, message: disabled ? "Already disabled." : "Already enabled." };
    return { ok: true, data: null, message: disabled ? "Disabled." : "Enabled." };
  },
);
