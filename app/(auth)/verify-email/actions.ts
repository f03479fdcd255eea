"use server";

import { headers } from "next/headers";
import { resendVerificationSchema, verifyEmailSchema } from "@/lib/accounts/schema";
import { requestVerificationMail, verifyEmailAddress } from "@/lib/accounts/verification";
import { accountMailLanguage } from "@/lib/accounts/verification-mail";
import { parseForm, toActionError } from "@/lib/actions/define";
import type { ActionResult, ActionState } from "@/lib/actions/result";
import { clientIp } from "@/lib/auth/client-ip";
import { describeRetryAfter, RateLimitedError } from "@/lib/auth/rate-limit";

/** One answer for every address, so the form tells nobody which addresses have accounts. */
const SENT =
  "If an account with this address is waiting for verification, a new link is on its way. Check your inbox (and spam folder).";

/** "Send the mail again", offered where sign-in says the address is not verified yet. No session needed. */
export async function resendVerificationAction(_previous: ActionState, formData: FormData): Promise<ActionResult> {
  const input = parseForm(resendVerificationSchema, formData);
  if (!input.ok) return input;
  const requestHeaders = await headers();
  try {
    await requestVerificationMail({
      email: input.data.email,
      client: clientIp(requestHeaders),
      language: accountMailLanguage(requestHeaders.get("accept-language")),
    });
  } catch (error) {
    if (error instanceof RateLimitedError) {
      return {
        ok: false,
        code: "rate_limited",
        message: `That mail was asked for too often. Please wait ${describeRetryAfter(error.retryAfterSeconds)} and try again.`,
      };
    }
    return toActionError(error);
  }
  return { ok: true, data: null, message: SENT };
}

/**
 * Uses a verification link. A button on the link's page posts here, rather than the link doing it, so mail
 * scanners that open links do not use it up. It verifies the address and signs nobody in.
 */
export async function verifyEmailAction(_previous: ActionState, formData: FormData): Promise<ActionResult> {
  const input = parseForm(verifyEmailSchema, formData);
  if (!input.ok || !(await verifyEmailAddress(input.data.token).catch(() => false))) {
    return {
      ok: false,
      code: "invalid_input",
      message: "This link is not valid any more. It may have been used, replaced by a newer one, or expired.",
    };
  }
  return { ok: true, data: null, message: "Your address is verified. You can sign in now." };
}
