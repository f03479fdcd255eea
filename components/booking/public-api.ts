// The public booking API as the page uses it. Every answer becomes a small union the UI can switch on;
// a network failure is treated like an unavailable calendar (the customer can only try again).

import type { Slot } from "./calendar-dates";

export type ApiFailure =
  | { ok: false; error: "not_found" | "calendar_unavailable" | "network"; message: string }
  | { ok: false; error: "rate_limited"; message: string; retryAfterSeconds: number | null }
  | {
      ok: false;
      error: "invalid_input" | "challenge_expired" | "challenge_invalid";
      message: string;
      fieldErrors: Record<string, string[]>;
    }
  | { ok: false; error: "slot_taken"; message: string; slots: Slot[] };

export interface BookingConfirmation {
  id: string;
  start: string;
  end: string;
  status: "confirmed" | "write_pending";
  manageUrl: string;
  icsUrl: string;
}

export interface BookingInput {
  start: string;
  name: string;
  email: string;
  timeZone: string;
  notes?: string;
  answers?: Record<string, string>;
  challenge: string;
  nonce: string;
  website: string;
}

const UNAVAILABLE = "We can't show times right now, please try again shortly.";

function base(slug: string): string {
  return `/api/v1/public/pages/${encodeURIComponent(slug)}`;
}

async function failureOf(response: Response): Promise<ApiFailure> {
  const body = (await response.json().catch(() => ({}))) as {
    error?: string;
    message?: string;
    fieldErrors?: Record<string, string[]>;
    slots?: Slot[];
  };
  const message = body.message ?? UNAVAILABLE;
  switch (body.error) {
    case "not_found":
      return { ok: false, error: "not_found", message };
    case "rate_limited": {
      const retryAfter = Number(response.headers.get("retry-after"));
      return {
        ok: false,
        error: "rate_limited",
        message,
        retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
      };
    }
    case "invalid_input":
    case "challenge_expired":
    case "challenge_invalid":
      return { ok: false, error: body.error, message, fieldErrors: body.fieldErrors ?? {} };
    case "slot_taken":
      return { ok: false, error: "slot_taken", message, slots: body.slots ?? [] };
    default:
      if (response.status === 404) return { ok: false, error: "not_found", message };
      if (response.status === 429) return { ok: false, error: "rate_limited", message, retryAfterSeconds: null };
      return { ok: false, error: "calendar_unavailable", message: UNAVAILABLE };
  }
}

async function request<T>(input: { url: string; init?: RequestInit }): Promise<{ ok: true; value: T } | ApiFailure> {
  let response: Response;
  try {
    response = await fetch(input.url, { cache: "no-store", ...input.init });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    return { ok: false, error: "network", message: UNAVAILABLE };
  }
  if (!response.ok) return failureOf(response);
  return { ok: true, value: (await response.json()) as T };
}

/** Slots starting on the local dates `start`..`end` (inclusive) in `timeZone`. */
export function fetchSlots(input: {
  slug: string;
  start: string;
  end: string;
  timeZone: string;
  signal?: AbortSignal;
}) {
  const query = new URLSearchParams({ start: input.start, end: input.end, timeZone: input.timeZone });
  return request<{ timeZone: string; slots: Slot[] }>({
    url: `${base(input.slug)}/slots?${query}`,
    init: { signal: input.signal },
  });
}

export function fetchChallenge(input: { slug: string; signal?: AbortSignal }) {
  return request<{ challenge: string; difficulty: number }>({
    url: `${base(input.slug)}/challenge`,
    init: { signal: input.signal },
  });
}

export function submitBooking(input: { slug: string; booking: BookingInput }) {
  return request<BookingConfirmation>({
    url: `${base(input.slug)}/bookings`,
    init: { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input.booking) },
  });
}
