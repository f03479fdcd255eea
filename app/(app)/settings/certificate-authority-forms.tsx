"use client";

import { useActionState, useRef } from "react";
import { FormMessage, fieldErrors } from "@/components/auth/form-message";
import { ConfirmedActionForm } from "@/components/ui/confirmed-action-form";
import { SubmitButton } from "@/components/ui/submit-button";
import { addOrganisationCaAction, removeOrganisationCaAction } from "./actions";

export function AddCertificateAuthorityForm() {
  const [state, action] = useActionState(addOrganisationCaAction, null);
  const pem = useRef<HTMLTextAreaElement>(null);
  const errors = fieldErrors(state, "pem");
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage state={state} />
      <div className="space-y-1.5">
        <label htmlFor="field-pem" className="block text-sm font-medium text-slate-800">
          Root certificate (PEM)
        </label>
        <textarea
          id="field-pem"
          name="pem"
          ref={pem}
          rows={6}
          placeholder="-----BEGIN CERTIFICATE-----"
          aria-invalid={errors?.length ? true : undefined}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-xs"
        />
        {errors?.map((error) => (
          <p key={error} className="text-xs text-red-700">
            {error}
          </p>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <label className="text-sm text-slate-700">
          <span className="sr-only">Certificate file</span>
          <input
            type="file"
            accept=".pem,.crt,.cer,application/x-pem-file"
            className="text-sm"
            onChange={async (event) => {
              const file = event.target.files?.[0];
              if (file && pem.current) pem.current.value = await file.text();
            }}
          />
        </label>
        <SubmitButton pendingText="Adding…">Add certificate authority</SubmitButton>
      </div>
    </form>
  );
}

export function RemoveCertificateAuthorityForm({ caId, subject }: { caId: string; subject: string }) {
  return (
    <ConfirmedActionForm
      action={removeOrganisationCaAction}
      fields={{ caId }}
      confirm={`Stop trusting ${subject}? Connections whose servers it vouches for will fail their next check.`}
      label="Remove"
      pendingText="Removing…"
    />
  );
}
