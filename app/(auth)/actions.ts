"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AuthError } from "next-auth";
import { joinByDomainSchema } from "@/lib/accounts/schema";
import { type SelfSignUpInput, SIGN_UP_CLOSED, signUpYourself } from "@/lib/accounts/self-sign-up";
import { sendVerificationMail } from "@/lib/accounts/verification";
import { accountMailLanguage } from "@/lib/accounts/verification-mail";
import { parseForm, toActionError, withSubmittedValues } from "@/lib/actions/define";
import type { ActionResult, ActionState } from "@/lib/actions/result";
import { clientIp } from "@/lib/auth/client-ip";
import { signIn, signOut } from "@/lib/auth/config";
import { safeNextPath } from "@/lib/auth/next-path";
import { consumeRateLimit, describeRetryAfter, RateLimitedError } from "@/lib/auth/rate-limit";
import { credentialsSchema } from "@/lib/auth/schemas";
import { getCurrentUser } from "@/lib/auth/session";
import { deleteSessionRecord } from "@/lib/auth/sessions";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { summarizeError } from "@/lib/log";
import { acceptInvite } from "@/lib/organisations/invites";
import { acceptInviteSchema, signUpSchema } from "@/lib/organisations/schema";
import { requestLog } from "@/lib/request-log";

const HOME = "/calendars";

/** Maps next-auth's sign-in failure codes to what the form shows. */
async function signInFailure(error: unknown): Promise<ActionResult<never>> {
  if (error instanceof AuthError && error.type === "CredentialsSignin") {
    const code = (error as AuthError & { code?: string }).code ?? "";
    if (code.startsWith("rate_limited:")) {
      const seconds = Number(code.split(":")[1]) || 900;
      return {
        ok: false,
        code: "rate_limited",
        message: `Too many sign-in attempts. Please wait ${describeRetryAfter(seconds)} and try again.`,
      };
    }
    if (code === "email_unverified") {
      return {
        ok: false,
        code: "email_unverified",
        message:
          "Your address is not verified yet. Open the link in the mail we sent you when you signed up, then sign in.",
      };
    }
    if (code === "organisation_disabled") {
      return {
        ok: false,
        code: "forbidden",
        message: "Your organisation has been disabled on this Slotbridge. Ask its administrator why.",
      };
    }
    return { ok: false, code: "unauthenticated", message: "Email or password is incorrect." };
  }
  return toActionError(error);
}

async function signInWithPassword({ email, password }: { email: string; password: string }) {
  await signIn("credentials", { email, password, redirect: false });
}

export async function signInAction(_previous: ActionState, formData: FormData): Promise<ActionResult> {
  return withSubmittedValues(await attemptSignIn(formData), formData);
}

async function attemptSignIn(formData: FormData): Promise<ActionResult> {
  const input = parseForm(credentialsSchema, formData);
  if (!input.ok) return input;
  try {
    await signInWithPassword(input.data);
  } catch (error) {
    return signInFailure(error);
  }
  redirect(safeNextPath({ next: formData.get("next"), appUrl: env().APP_URL, fallback: HOME }));
}

/** After a self sign-up: the address to look in, since the account cannot sign in before it is verified. */
export type SignUpDone = { email: string; mailed: boolean };

export async function signUpAction(
  _previous: ActionState<SignUpDone>,
  formData: FormData,
): Promise<ActionResult<SignUpDone>> {
  return withSubmittedValues(await attemptSignUp(formData), formData);
}

/** The instance's sign-up mode decides the form and what it makes (lib/accounts/self-sign-up.ts). */
async function attemptSignUp(formData: FormData): Promise<ActionResult<SignUpDone>> {
  const { SIGNUP: mode, SIGNUP_DOMAINS } = env();
  if (mode === "closed") return { ok: false, code: "forbidden", message: SIGN_UP_CLOSED };
  const input = mode === "open" ? parseForm(signUpSchema, formData) : parseForm(joinByDomainSchema, formData);
  if (!input.ok) return input;
  const requestHeaders = await headers();
  try {
    await consumeRateLimit({ policy: "signUpByIp", key: clientIp(requestHeaders) });
    const { userId } = await signUpYourself({
      mode,
      allowedDomains: SIGNUP_DOMAINS,
      account: { mode, ...input.data } as SelfSignUpInput,
    });
    const language = accountMailLanguage(requestHeaders.get("accept-language"));
    const mailed = await sendVerificationMail({ userId, language }).catch(async (error: unknown) => {
      (await requestLog()).warn({ err: summarizeError(error) }, "verification mail not sent at sign-up");
      return false;
    });
    return { ok: true, data: { email: input.data.email, mailed } };
  } catch (error) {
    if (error instanceof RateLimitedError) {
      return {
        ok: false,
        code: "rate_limited",
        message: `Too many sign-ups from your network. Please wait ${describeRetryAfter(error.retryAfterSeconds)} and try again.`,
      };
    }
    return toActionError(error);
  }
}

export async function acceptInviteAction(_previous: ActionState, formData: FormData): Promise<ActionResult> {
  return withSubmittedValues(await attemptAcceptInvite(formData), formData);
}

async function attemptAcceptInvite(formData: FormData): Promise<ActionResult> {
  const input = parseForm(acceptInviteSchema, formData);
  if (!input.ok) return input;
  try {
    const user = await acceptInvite(input.data);
    await signInWithPassword({ email: user.email, password: input.data.password });
  } catch (error) {
    return error instanceof AppError ? toActionError(error) : signInFailure(error);
  }
  redirect(HOME);
}

export async function signOutAction(): Promise<void> {
  const user = await getCurrentUser();
  if (user) await deleteSessionRecord(user.sessionId);
  await signOut({ redirectTo: "/sign-in" });
}
