"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { mailLanguageFromAcceptLanguage } from "@/lib/accounts/mail-language";
import { sendMemberPasswordReset } from "@/lib/accounts/password-reset";
import { authedAction } from "@/lib/actions/define";
import { env } from "@/lib/env";
import { createAndMailInvite, resendInvite } from "@/lib/organisations/invite-mail";
import { inviteIdSchema, inviteSchema, memberIdSchema } from "@/lib/organisations/schema";

// Owners and admins only (authedAction checks the session and role); the library functions scope every row
// to user.organisationId and check who may invite or reset whom.

/** No user or organisation has a language setting: the mail is in the language the sender's browser asks for. */
async function requestLanguage() {
  return mailLanguageFromAcceptLanguage((await headers()).get("accept-language"));
}

export const inviteAction = authedAction({ role: "admin", schema: inviteSchema }, async (input, user) => {
  const invite = await createAndMailInvite({
    actor: user,
    ...input,
    language: await requestLanguage(),
    markOrganisation: env().SLOTBRIDGE_DEMO,
  });
  revalidatePath("/settings/members");
  return invite;
});

export const resendInviteAction = authedAction(
  { role: "admin", schema: inviteIdSchema },
  async ({ inviteId }, user) => {
    const invite = await resendInvite({
      actor: user,
      inviteId,
      language: await requestLanguage(),
      markOrganisation: env().SLOTBRIDGE_DEMO,
    });
    revalidatePath("/settings/members");
    return invite;
  },
);

export const sendPasswordResetAction = authedAction(
  { role: "admin", schema: memberIdSchema },
  async ({ memberId }, user) => {
    const outcome = await sendMemberPasswordReset({
      actor: user,
      memberId,
      language: await requestLanguage(),
    });
    if (outcome === "sent") return { ok: true, data: null, message: "Reset link mailed." };
    return { ok: false, code: "conflict", message: "The mail server did not take the mail. Try again later." };
  },
);
