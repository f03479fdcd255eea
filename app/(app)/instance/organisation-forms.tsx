"use client";

import { ConfirmedActionForm } from "@/components/ui/confirmed-action-form";
import { setOrganisationDisabledAction } from "./actions";

export function OrganisationDisabledForm({
  organisationId,
  name,
  disabled,
}: {
  organisationId: string;
  name: string;
  disabled: boolean;
}) {
  return disabled ? (
    <ConfirmedActionForm
      action={setOrganisationDisabledAction}
      fields={{ organisationId, disabled: "false" }}
      confirm={`Enable ${name}? Its members can sign in again and its booking pages are public again.`}
      label="Enable"
      pendingText="Enabling…"
      variant="secondary"
    />
  ) : (
    <ConfirmedActionForm
      action={setOrganisationDisabledAction}
      fields={{ organisationId, disabled: "true" }}
      confirm={`Disable ${name}? Its members are signed out and cannot sign in, and its booking pages answer "not found". Nothing is deleted.`}
      label="Disable"
      pendingText="Disabling…"
    />
  );
}
