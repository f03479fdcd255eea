import { z } from "zod";
import { emailSchema } from "@/lib/auth/schemas";
import { multiLineText, nameText, singleLineText } from "@/lib/validation/text";

// Inputs of the calendar server actions. Every field arrives as FormData text; booleans as "true"/"false".

const flag = z
  .enum(["true", "false"])
  .optional()
  .transform((value) => value === "true");

/** Empty text means "not given": the wizard always sends every field. */
const optionalText = (max: number) =>
  singleLineText()
    .max(max, `Use at most ${max} characters.`)
    .optional()
    .transform((value) => (value ? value : undefined));

export const connectionIdSchema = z.object({ connectionId: z.uuid("Unknown connection.") });

/** The lookup connection to designate, or "" for none. */
export const designateLookupSchema = z.object({
  connectionId: z.union([z.uuid("Unknown connection."), z.literal("")]).transform((value) => value || null),
});

const accountFields = {
  mailboxEmail: emailSchema,
  username: singleLineText()
    .min(1, "Enter the account's user name (alice@contoso.com or CONTOSO\\alice).")
    .max(256, "Use at most 256 characters."),
  password: z.string().min(1, "Enter the account's password.").max(256, "Use at most 256 characters."),
  authMethod: z.enum(["auto", "ntlm", "basic"], "Choose an authentication method."),
  impersonate: flag,
};

/** Step 1: find the EWS URL. `autodiscoverServer` is an admin-given autodiscover host (or URL). */
export const resolveServerSchema = z.object({
  ...accountFields,
  manualUrl: optionalText(2_000),
  autodiscoverServer: optionalText(300),
});

export const testAccountSchema = z.object({ ...accountFields, ewsUrl: singleLineText().min(1).max(2_000) });

export const saveConnectionSchema = testAccountSchema.extend({
  /** "" = nobody (a shared mailbox); ignored for members, who always own what they connect. */
  ownerUserId: z.union([z.literal(""), z.uuid("Unknown member.")]).optional(),
});

export const updatePasswordSchema = connectionIdSchema.extend({
  password: z.string().min(1, "Enter the new password.").max(256, "Use at most 256 characters."),
});

export const addCaSchema = z.object({
  pem: multiLineText().min(1, "Paste or choose a PEM certificate.").max(20_000, "That file is too large."),
});

export const caIdSchema = z.object({ caId: z.uuid("Unknown certificate authority.") });

/**
 * The autodiscover URL for an admin-given server: a host name (mail.contoso.com) or an https URL; the path is
 * always SOAP autodiscover's. Null when it is not a usable https address.
 */
export function autodiscoverUrlFor(server: string): string | null {
  const value = /^[a-z]+:\/\//i.test(server) ? server : `https://${server}`;
  try {
    const url = new URL(value);
    if (url.protocol !== "https:" || url.username || url.password) return null;
    return `${url.origin}/autodiscover/autodiscover.svc`;
  } catch {
    return null;
  }
}

export const connectorIdSchema = z.object({ connectorId: z.uuid("Unknown connector.") });

export const createConnectorSchema = z.object({
  name: nameText()
    .min(1, "Give the connector a name, such as the machine it runs on.")
    .max(80, "Keep the name under 80 characters."),
});

/** A mailbox a connector serves, attached to a member (or to nobody: a shared mailbox). */
export const attachConnectorMailboxSchema = z.object({
  connectorId: z.uuid("Unknown connector."),
  mailboxEmail: emailSchema,
  ownerUserId: z.union([z.uuid("Unknown member."), z.literal("")]).transform((value) => value || null),
});
