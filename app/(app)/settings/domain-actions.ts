"use server";

import { revalidatePath } from "next/cache";
import { domainSchema } from "@/lib/accounts/schema";
import { authedAction } from "@/lib/actions/define";
import { addOrganisationDomain, removeOrganisationDomain } from "@/lib/organisations/domains";

// Who may join the organisation by signing up (SIGNUP=domains): owners only.

export const addDomainAction = authedAction({ role: "owner", schema: domainSchema }, async ({ domain }, user) => {
  await addOrganisationDomain({ actor: user, domain });
  revalidatePath("/settings");
  return { ok: true, data: null, message: `Added ${domain}.` };
});

export const removeDomainAction = authedAction({ role: "owner", schema: domainSchema }, async ({ domain }, user) => {
  await removeOrganisationDomain({ actor: user, domain });
  revalidatePath("/settings");
  return { ok: true, data: null, message: `Removed ${domain}.` };
});
