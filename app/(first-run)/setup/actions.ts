"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { parseForm, toActionError, withSubmittedValues } from "@/lib/actions/define";
import type { ActionResult, ActionState } from "@/lib/actions/result";
import { clientIp } from "@/lib/auth/client-ip";
import { signIn } from "@/lib/auth/config";
import { consumeRateLimit, describeRetryAfter, RateLimitedError } from "@/lib/auth/rate-limit";
import { setUpInstance } from "@/lib/instance/setup";
import { signUpSchema } from "@/lib/organisations/schema";

export async function setUpInstanceAction(_previous: ActionState, formData: FormData): Promise<ActionResult> {
  return withSubmittedValues(await attemptSetup(formData), formData);
}

/** Nobody is signed in yet on a fresh instance: the page is open to whoever comes first, once. */
async function attemptSetup(formData: FormData): Promise<ActionResult> {
  const input = parseForm(signUpSchema, formData);
  if (!input.ok) return input;
  try {
    await consumeRateLimit({ policy: "signUpByIp", key: clientIp(await headers()) });
    await setUpInstance(input.data);
    await signIn("credentials", { email: input.data.email, password: input.data.password, redirect: false });
  } catch (error) {
    if (error instanceof RateLimitedError) {
      return {
        ok: false,
        code: "rate_limited",
        message: `Too many attempts from your network. Please wait ${describeRetryAfter(error.retryAfterSeconds)} and try again.`,
      };
    }
    return toActionError(error);
  }
  redirect("/calendars");
}
