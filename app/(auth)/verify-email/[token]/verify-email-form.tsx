"use client";

import Link from "next/link";
import { useActionState } from "react";
import { FormMessage } from "@/components/auth/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { verifyEmailAction } from "../actions";

export function VerifyEmailForm({ token }: { token: string }) {
  const [state, action] = useActionState(verifyEmailAction, null);
  if (state?.ok) {
    return (
      <div className="space-y-4">
        <FormMessage state={state} />
        <Link href="/sign-in" className="inline-block text-sm font-medium text-brand-600 hover:underline">
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <form action={action} className="space-y-4">
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton className="w-full" pendingText="Verifying…">
        Verify my address
      </SubmitButton>
    </form>
  );
}
