// The relay's wire protocol (connector/PROTOCOL.md), declared once for both ends: the app (lib/connectors,
// app/api/connector) and the on-premises connector program (connector/). Nothing here may import the
// app's database, env or server-only code: the connector runs without them.
import { z } from "zod";

/** Largest Exchange answer a connector may hand back (a month of free/busy for 100 mailboxes is far less). */
export const MAX_ANSWER_BODY_CHARS = 8 * 1024 * 1024;

/** What a connector receives for one relayed EWS call ("Relay request"). */
export const relayRequestSchema = z.object({
  id: z.string().min(1).max(200),
  mailbox: z.string().min(1),
  soapAction: z.string().min(1),
  body: z.string().min(1),
  deadline: z.string().refine((value) => !Number.isNaN(Date.parse(value)), "not a date"),
});
export type RelayRequest = z.infer<typeof relayRequestSchema>;

/** Why a connector could not get Exchange's answer ("Answer", error form). */
export const CONNECTOR_ERROR_REASONS = [
  "unreachable",
  "timeout",
  "tls",
  // The server offers only TLS 1.1 or older (the connector requires 1.2). Upgrade the app before its
  // connectors: an app older than this reason refuses an answer carrying it.
  "tls-version",
  "wrong-password",
  "refused-by-policy",
  "unknown-mailbox",
  "unexpected",
] as const;
export type RelayErrorReason = (typeof CONNECTOR_ERROR_REASONS)[number];

/** A connector's answer to one relay request ("Answer"): Exchange's answer as is, or why there is none. */
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
