"use server";

import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/actions/define";
import type { ActionResult, ActionState } from "@/lib/actions/result";
import { signOut } from "@/lib/auth/config";
import { countCustomerBookings, eraseCustomerAsAdmin } from "@/lib/erasure/customers";
import { deleteOwnAccount } from "@/lib/erasure/delete-account";
import { deleteOrganisation } from "@/lib/erasure/delete-organisation";
import { updateCustomerRetention } from "@/lib/erasure/retention";
import {
  customerEmailSchema,
  deleteAccountSchema,
  deleteOrganisationSchema,
  retentionSchema,
} from "@/lib/erasure/schema";

const deleteAccount = authedAction({ role: "member", schema: deleteAccountSchema }, async ({ password }, user) => {
  await deleteOwnAccount({ actor: user, password });
  return { ok: true, data: null };
});

/** Deletes the account, then clears the (already dead) session cookie and shows the confirmation. */
export async function deleteAccountAction(previous: ActionState, formData: FormData): Promise<ActionResult> {
  const result = await deleteAccount(previous, formData);
  if (result.ok) await signOut({ redirectTo: "/goodbye?deleted=account" });
  return result;
}

const removeOrganisation = authedAction(
  { role: "owner", schema: deleteOrganisationSchema },
  async ({ confirmName }, user) => {
    await deleteOrganisation({ actor: user, confirmName });
    return { ok: true, data: null };
  },
);

export async function deleteOrganisationAction(previous: ActionState, formData: FormData): Promise<ActionResult> {
  const result = await removeOrganisation(previous, formData);
  if (result.ok) await signOut({ redirectTo: "/goodbye?deleted=organisation" });
  return result;
}

export interface CustomerFound {
  email: string;
  total: number;
  coming: number;
}

export const findCustomerAction = authedAction(
  { role: "admin", schema: customerEmailSchema },
  async ({ email }, user): Promise<ActionResult<CustomerFound>> => {
    const found = await countCustomerBookings({ actor: user, email });
    return { ok: true, data: { email, ...found } };
  },
);

export const eraseCustomerAction = authedAction(
  { role: "admin", schema: customerEmailSchema },
  async ({ email }, user) => {
    const { erased, cancelled } = await eraseCustomerAsAdmin({ actor: user, email });
    revalidatePath("/bookings");
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
    return {
      ok: true,
      data: null,
      message:
        erased === 0
          ? "No booking with that address was left to erase."
          : `Erased the customer's details on ${plural(erased, "booking")}${cancelled > 0 ? `; ${plural(cancelled, "coming booking")} cancelled` : ""}.`,
    };
  },
);

export const updateRetentionAction = authedAction(
  { role: "owner", schema: retentionSchema },
  async ({ days }, user) => {
    await updateCustomerRetention({ actor: user, days });
    revalidatePath("/settings");
    return {
      ok: true,
      data: null,
      message:
        days === 0 ? "Customer details are kept." : `Customer details are erased ${days} days after the appointment.`,
    };
  },
);
