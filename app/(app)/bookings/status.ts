import type { BookingStatus } from "@/lib/db/schema";

export const STATUS: Record<BookingStatus, { label: string; tone: "neutral" | "brand" | "amber" | "red" }> = {
  confirmed: { label: "Confirmed", tone: "brand" },
  write_pending: { label: "Calendar write pending", tone: "amber" },
  write_failed: { label: "Calendar write failed", tone: "red" },
  cancelled: { label: "Cancelled", tone: "neutral" },
};
