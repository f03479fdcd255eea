import { z } from "zod";
import { emailSchema, passwordSchema } from "@/lib/auth/schemas";
import { nameText } from "@/lib/validation/text";

const personName = nameText().min(1, "Enter a name.").max(120, "Use at most 120 characters.");

export const signUpSchema = z.object({
  name: personName,
  organisationName: nameText().min(2, "Enter your organisation's name.").max(120, "Use at most 120 characters."),
  email: emailSchema,
  password: passwordSchema,
});

export const inviteSchema = z.object({
  email: emailSchema,
  role: z.enum(["member", "admin", "owner"], "Choose a role."),
});

export const acceptInviteSchema = z.object({
  token: z.string().min(20).max(100),
  name: personName,
  password: passwordSchema,
});

export const memberIdSchema = z.object({ memberId: z.uuid("Unknown member.") });
export const inviteIdSchema = z.object({ inviteId: z.uuid("Unknown invite.") });

export const changeRoleSchema = memberIdSchema.extend({
  role: z.enum(["member", "admin", "owner"], "Choose a role."),
});

export const renameOrganisationSchema = z.object({
  name: nameText().min(2, "Enter your organisation's name.").max(120, "Use at most 120 characters."),
});

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password.").max(200),
  newPassword: passwordSchema,
});
