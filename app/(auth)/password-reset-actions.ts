"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { mailLanguageFromAcceptLanguage } from "@/lib/accounts/mail-language";
import { requestPasswordReset, resetPassword } from "@/lib/accounts/password-reset";
import { forgotPasswordSchema, resetPasswordSchema } from "@/lib/accounts/schema";
import { parseForm, toActionError, withSubmittedValues } from "@/lib/actions/define";
import type { ActionResult, ActionState } from "@/lib/actions/result";
import { clientIp } from "@/lib/auth/client-ip";
import { log, summarizeError } from "@/lib/log";

// Public actions (no session): the library counts requests per address and client, and answers the same
// whether or not the address has an account.

export async function forgotPasswordAction(_previous: ActionState, formData: FormData): Promise<ActionResult> {
  const input = parseForm(forgotPasswordSchema, formData);
  if (!input.ok) return withSubmittedValues(input, formData);
  try {
    const requestHeaders = await headers();
    const { message, deliver } = await requestPasswordReset({
      email: input.data.email,
      client: clientIp(requestHeaders),
      language: mailLanguageFromAcceptLanguage(requestHeaders.get("accept-language")),
    });
    // After the response: how long the mail server takes must not tell whether the address has an account.
    after(async () => {
      try {
        await deliver();
      } catch (error) {
        log.warn({ err: summarizeError(error) }, "password reset mail failed");
      }
    });
    return { ok: true, data: null, message };
  } catch (error) {
    return withSubmittedValues(await toActionError(error), formData);
  }
}

export async function resetPasswordAction(_previous: ActionState, formData: FormData): Promise<ActionResult> {
  const input = parseForm(resetPasswordSchema, formData);
  if (!input.ok) return input;
  try {
    await resetPassword(input.data);
  } catch (error) {
    return toActionError(error);
  }
  // Every session of the account has just ended, this browser's too: the user signs in with the new password.
  redirect("/sign-in?notice=password-reset");
}
