import "server-only";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import type { CapturedMail } from "@/lib/mail/captured-mail";

export type LoadedCapturedMail = { ok: true; messages: CapturedMail[] } | { ok: false };

/**
 * The demo's captured mail, newest first, for signed-in users; outside the demo (SLOTBRIDGE_DEMO unset, or
 * no capture server address) the page does not exist.
 */
export async function loadCapturedMail(): Promise<LoadedCapturedMail> {
  await requireUser();
  const { SLOTBRIDGE_DEMO, DEMO_MAIL_CAPTURE_URL } = env();
  if (!SLOTBRIDGE_DEMO || !DEMO_MAIL_CAPTURE_URL) notFound();
  try {
    const response = await fetch(`${DEMO_MAIL_CAPTURE_URL}/messages`, {
      cache: "no-store",
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) return { ok: false };
    const messages = (await response.json()) as CapturedMail[];
    return { ok: true, messages: messages.reverse() };
  } catch {
    return { ok: false };
  }
}
