"use server";

import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/actions/define";
import { designateAvailabilityConnection } from "@/lib/calendars/availability-designation";
import {
  acceptPresentedCertificate,
  disconnectConnection,
  retestConnection,
  updateConnectionPassword,
} from "@/lib/calendars/connections";
import { connectionIdSchema, designateLookupSchema, updatePasswordSchema } from "@/lib/calendars/schema";

// Members may act on their own mailbox's connection; lib/calendars answers not_found for anything else.

export const retestConnectionAction = authedAction(
  { role: "member", schema: connectionIdSchema },
  async ({ connectionId }, user) => {
    const result = await retestConnection({ actor: user, connectionId });
    revalidatePath("/calendars");
    const changed = result.certificateChanged
      ? " The server now presents a different certificate than when it was connected."
      : "";
    if (result.ok) return { ok: true, data: null, message: `Working.${changed}` };
    const message = result.step === "certificate" ? result.certificate.message : result.message;
    return { ok: true, data: null, message: `Failed: ${message}${changed}` };
  },
);

export const updatePasswordAction = authedAction(
  { role: "member", schema: updatePasswordSchema },
  async ({ connectionId, password }, user) => {
    const result = await updateConnectionPassword({ actor: user, connectionId, password });
    if (!result.ok) return { ok: false, code: "invalid_input", message: result.message };
    revalidatePath("/calendars");
    return { ok: true, data: null, message: "Password updated and tested." };
  },
);

export const disconnectAction = authedAction(
  { role: "member", schema: connectionIdSchema },
  async ({ connectionId }, user) => {
    await disconnectConnection({ actor: user, connectionId });
    revalidatePath("/calendars");
    return { ok: true, data: null, message: "Disconnected." };
  },
);

export const acceptCertificateAction = authedAction(
  { role: "member", schema: connectionIdSchema },
  async ({ connectionId }, user) => {
    const result = await acceptPresentedCertificate({ actor: user, connectionId });
    if (!result.ok) return { ok: false, code: "invalid_input", message: result.message };
    revalidatePath("/calendars");
    return { ok: true, data: null, message: "New certificate accepted." };
  },
);

export const designateLookupAction = authedAction(
  { role: "admin", schema: designateLookupSchema },
  async ({ connectionId }, user) => {
    await designateAvailabilityConnection({ actor: user, connectionId });
    revalidatePath("/calendars");
    revalidatePath("/team");
    return {
      ok: true,
      data: null,
      message: connectionId ? "Used for team availability lookups." : "No longer used for lookups.",
    };
  },
);
