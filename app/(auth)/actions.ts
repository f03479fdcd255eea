"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AuthError } from "next-auth";
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
import { acceptInvite } from "@/lib/organisations/invites";
import { acceptInviteSchema, signUpSchema } from "@/lib/organisations/schema";
import { createOrganisationWithOwner } from "@/lib/organisations/sign-up";

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

export async function signUpAction(_previous: ActionState, formData: FormData): Promise<ActionResult> {
  return withSubmittedValues(await attemptSignUp(formData), formData);
}

async function attemptSignUp(formData: FormData): Promise<ActionResult> {
  const input = parseForm(signUpSchema, formData);
  if (!input.ok) return input;
  try {
    await consumeRateLimit({ policy: "signUpByIp", key: clientIp(await headers()) });
    await createOrganisationWithOwner(input.data);
    await signInWithPassword(input.data);
  } catch (error) {
    if (error instanceof RateLimitedError) {
      return {
        ok: false,
        code: "rate_limited",
        message: `Too many sign-ups from your network. Please wait ${describeRetryAfter(error.retryAfterSeconds)} and try again.`,
      };
    }
    return error instanceof AppError ? toActionError(error) : signInFailure(error);
  }
  redirect(HOME);
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
