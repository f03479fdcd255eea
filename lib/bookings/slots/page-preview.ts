import "server-only";
import type { CurrentUser } from "@/lib/auth/session";
import { DAY_MS } from "@/lib/scheduling/zone-clock";
import { loadBookablePageById } from "./bookable-page";
import { computePageSlots } from "./page-slots";
import { toPublicSlots } from "./public-slots";

export type PagePreview =
  | { ok: true; timeZone: string; slots: Array<{ start: string; end: string }> }
  | { ok: false; message: string };

/**
 * The slots a customer would be offered over the next seven days, computed exactly as the public page
 * does (live Exchange read, existing bookings), whether or not the page is published. Shown in the first
 * host's zone. Only pages of the actor's organisation; the editor checks edit rights before showing it.
 */
export async function previewPageSlots(input: {
  actor: CurrentUser;
  pageId: string;
  now?: number;
}): Promise<PagePreview> {
  const bookable = await loadBookablePageById({ pageId: input.pageId, organisationId: input.actor.organisationId });
  if (!bookable) return { ok: false, message: "That booking page does not exist." };
  const first = bookable.hosts[0];
  if (!first) return { ok: false, message: "Add a host to see the slots this page would offer." };
  const now = input.now ?? Date.now();
  const result = await computePageSlots({ bookable, window: { start: now, end: now + 7 * DAY_MS }, now });
  if (!result.ok) return { ok: false, message: result.message };
  return { ok: true, timeZone: first.settings.timeZone, slots: toPublicSlots(result.slots) };
}
