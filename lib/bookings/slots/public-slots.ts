import type { Slot } from "@/lib/scheduling/rules";

/** Slots as customers see them: two UTC instants each, copied field by field (never which host is free). */
export function toPublicSlots(slots: readonly Slot[]): Array<{ start: string; end: string }> {
  return slots.map((slot) => ({ start: new Date(slot.start).toISOString(), end: new Date(slot.end).toISOString() }));
}
