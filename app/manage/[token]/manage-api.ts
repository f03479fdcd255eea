// The manage link's two public calls, as small unions the page can switch on.

import type { Slot } from "@/components/booking/calendar-dates";

export type ManageFailure =
  | { ok: false; error: "slot_taken"; message: string; slots: Slot[] }
  | { ok: false; error: "gone"; message: string }
  | { ok: false; error: "other"; message: string };

const TRY_AGAIN = "Something went wrong. Please try again shortly.";

async function post<T>(input: { url: string; body: object }): Promise<{ ok: true; value: T } | ManageFailure> {
  let response: Response;
  try {
    response = await fetch(input.url, {
      method: "POST",
      cache: "no-store",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(input.body),
    });
  } catch {
    return { ok: false, error: "other", message: TRY_AGAIN };
  }
  const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string; slots?: Slot[] };
  if (response.ok) return { ok: true, value: body as T };
  const message = body.message ?? TRY_AGAIN;
  if (body.error === "slot_taken") return { ok: false, error: "slot_taken", message, slots: body.slots ?? [] };
  if (response.status === 404 || response.status === 410) return { ok: false, error: "gone", message };
  return { ok: false, error: "other", message };
}

const base = (token: string) => `/api/v1/public/manage/${encodeURIComponent(token)}`;

export function cancelManagedBooking(input: { token: string; reason: string }) {
  return post<{ status: "cancelled" }>({
    url: `${base(input.token)}/cancel`,
    body: input.reason.trim() ? { reason: input.reason.trim() } : {},
  });
}

export function rescheduleManagedBooking(input: { token: string; start: string; timeZone: string }) {
  return post<{ id: string; start: string; end: string }>({
    url: `${base(input.token)}/reschedule`,
    body: { start: input.start, timeZone: input.timeZone },
  });
}

export function eraseManagedDetails(input: { token: string }) {
  return post<{ status: "erased"; bookings: number }>({ url: `${base(input.token)}/erase`, body: {} });
}
