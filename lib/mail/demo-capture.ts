import "server-only";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import type { CapturedMail } from "@/lib/mail/captured-mail";

export type LoadedCapturedMail = { ok: true; messages: CapturedMail[] } | { ok: false };

/**
 * The demo's captured mail of the viewer's own organisation, newest first, for its owners and admins (the
 * mails carry customers' names, addresses and working manage links); members get a 404, as does anyone
 * outside the demo (SLOTBRIDGE_DEMO unset, or no capture server address).
 */
export async function loadCapturedMail(): Promise<LoadedCapturedMail> {
  const user = await requireUser({ role: "admin" });
  const { SLOTBRIDGE_DEMO, DEMO_MAIL_CAPTURE_URL } = env();
  if (!SLOTBRIDGE_DEMO || !DEMO_MAIL_CAPTURE_URL) notFound();
  try {
    const response = await fetch(`${DEMO_MAIL_CAPTURE_URL}/messages`, {
      cache: "no-store",
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) return { ok: false };
    const messages = (await response.json()) as CapturedMail[];
    return { ok: true, messages: messages.filter((mail) => mail.organisationId === user.organisationId).reverse() };
  } catch {
    return { ok: false };
  }
}
