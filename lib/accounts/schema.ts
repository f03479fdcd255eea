import { z } from "zod";
import { emailSchema, passwordSchema } from "@/lib/auth/schemas";
import { signUpSchema } from "@/lib/organisations/schema";
import { isValidDomain, normaliseDomain } from "./email-domain";

export const forgotPasswordSchema = z.object({ email: emailSchema });

export const resetPasswordSchema = z.object({
  token: z.string().min(20).max(100),
  password: passwordSchema,
});

/** SIGNUP=domains: people join an existing organisation, so there is no organisation to name. */
export const joinByDomainSchema = signUpSchema.omit({ organisationName: true });

export const resendVerificationSchema = z.object({ email: emailSchema });

export const verifyEmailSchema = z.object({ token: z.string().min(20).max(100) });

export const domainSchema = z.object({
  domain: z
    .string()
    .max(260, "That domain is too long.")
    .transform(normaliseDomain)
    .refine(isValidDomain, "Enter a domain such as example.com."),
});
