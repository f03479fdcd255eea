// What the public booking page's HTML hands to the booking flow in the browser: an element with this id,
// carrying the page's slug and its questions as data attributes. Shared by the server's document
// (lib/public-page/document.ts) and the browser's entry (components/booking/island.tsx).

export const MOUNT_ID = "booking-flow";

export interface MountProps {
  slug: string;
  questions: Array<{ id: string; label: string; required: boolean }>;
}

export function mountAttributes(props: MountProps): { "data-slug": string; "data-questions": string } {
  return { "data-slug": props.slug, "data-questions": JSON.stringify(props.questions) };
}

/** The props back from the element's data attributes; null when they are missing or malformed. */
export function readMountProps(element: HTMLElement): MountProps | null {
  const slug = element.dataset.slug;
  if (!slug) return null;
  try {
    const questions = JSON.parse(element.dataset.questions ?? "[]") as MountProps["questions"];
    return Array.isArray(questions) ? { slug, questions } : null;
  } catch {
    return null;
  }
}
