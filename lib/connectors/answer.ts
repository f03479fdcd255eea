import { z } from "zod";

/** Largest Exchange answer a connector may hand back (a month of free/busy for 100 mailboxes is far less). */
export const MAX_ANSWER_BODY_CHARS = 8 * 1024 * 1024;

export const CONNECTOR_ERROR_REASONS = [
  "unreachable",
  "timeout",
  "tls",
  "wrong-password",
  "refused-by-policy",
  "unknown-mailbox",
  "unexpected",
] as const;

/** A connector's answer to one relay request (connector/PROTOCOL.md, "Answer"). */
export const relayAnswerSchema = z.union([
  z.strictObject({
    status: z.number().int().min(100).max(599),
    contentType: z.string().max(200),
    body: z.string().max(MAX_ANSWER_BODY_CHARS),
  }),
  z.strictObject({
    error: z.strictObject({
      reason: z.enum(CONNECTOR_ERROR_REASONS),
      message: z.string().max(500),
    }),
  }),
]);

export type RelayAnswer = z.infer<typeof relayAnswerSchema>;
