// A message as the mail capture server (testing/mail-capture.ts) keeps it and serves it as JSON at
// GET /messages: what the demo's /demo/mail page reads (lib/mail/demo-capture.ts), and what tests check.

export interface CapturedAttachment {
  filename: string | null;
  contentType: string;
  /** text/calendar's METHOD parameter, when the part has one. */
  method: string | null;
  /** Text parts as UTF-8, anything else base64. */
  content: string;
  encoding: "utf8" | "base64";
}

/**
 * Set on the demo's outgoing mail only (lib/notifications/send-job.ts): whose mail it is, so the demo's
 * mail page shows an organisation's admins their own organisation's mail and nothing else.
 */
export const DEMO_ORGANISATION_HEADER = "x-slotbridge-demo-organisation";

export interface CapturedMail {
  id: number;
  /** The DEMO_ORGANISATION_HEADER of the message; null when it carried none. */
  organisationId: string | null;
  receivedAt: string;
  envelope: { from: string | null; to: string[] };
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  attachments: CapturedAttachment[];
}
