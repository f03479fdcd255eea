import "server-only";
import { loadBookablePage } from "@/lib/bookings/slots";
import type { BookingQuestion } from "@/lib/db/schema";

/**
 * What a customer may know about a page. Built field by field from the stored page: hours, buffers,
 * notice, limits and calendars have no field here, and a round-robin page names none of its hosts.
 */
export interface PublicBookingPage {
  slug: string;
  title: string;
  description: string;
  durationMinutes: number;
  /** null: "A meeting link will follow". */
  location: string | null;
  questions: BookingQuestion[];
  organisationName: string;
  /** Empty for round robin: who takes the meeting is decided when it is booked. */
  hostNames: string[];
}

export async function loadPublicBookingPage(slug: string): Promise<PublicBookingPage | null> {
  const found = await loadBookablePage(slug);
  if (!found) return null;
  const { page } = found;
  return {
    slug: page.slug,
    title: page.title,
    description: page.description,
    durationMinutes: page.durationMinutes,
    location: page.location,
    questions: page.questions.map((q) => ({ id: q.id, label: q.label, required: q.required })),
    organisationName: found.organisationName,
    hostNames: page.schedulingType === "round_robin" ? [] : found.hosts.map((host) => host.name),
  };
}
