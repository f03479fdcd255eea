import { z } from "zod";
import { emailSchema, passwordSchema } from "@/lib/auth/schemas";

export const forgotPasswordSchema = z.object({ email: emailSchema });

export const resetPasswordSchema = z.object({
  token: z.string().min(20).max(100),
  password: passwordSchema,
});
