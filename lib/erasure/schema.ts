import { z } from "zod";
import { emailSchema } from "@/lib/auth/schemas";

export const deleteAccountSchema = z.object({
  password: z.string().min(1, "Enter your password to confirm.").max(200),
});

export const deleteOrganisationSchema = z.object({
  confirmName: z.string().min(1, "Type the organisation's name to confirm.").max(200),
});

export const customerEmailSchema = z.object({ email: emailSchema });

export const retentionSchema = z.object({
  days: z.coerce
    .number("Enter a number of days.")
    .int("Enter whole days.")
    .min(0, "Use 0 to keep customer details, or a number of days.")
    .max(3650, "Use at most 3650 days (ten years)."),
});
