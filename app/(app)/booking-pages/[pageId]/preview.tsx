import "server-only";
import { Alert } from "@/components/ui/alert";
import type { CurrentUser } from "@/lib/auth/session";
import { previewPageSlots } from "@/lib/bookings/slots";

/** Groups slot starts by local day, in the zone the preview is shown in. */
function byDay(input: { slots: Array<{ start: string }>; timeZone: string }) {
  const day = new Intl.DateTimeFormat("en-GB", {
    timeZone: input.timeZone,
    weekday: "long",
    day: "numeric",
    month: "long",
  });
  const time = new Intl.DateTimeFormat("en-GB", { timeZone: input.timeZone, hour: "2-digit", minute: "2-digit" });
  const days = new Map<string, string[]>();
  for (const slot of input.slots) {
    const at = new Date(slot.start);
    const key = day.format(at);
    days.set(key, [...(days.get(key) ?? []), time.format(at)]);
  }
  return [...days.entries()];
}

/** The slots a customer would see over the next seven days, read live (the caller checked edit rights). */
export async function SlotPreview({ actor, pageId }: { actor: CurrentUser; pageId: string }) {
  const preview = await previewPageSlots({ actor, pageId });
  if (!preview.ok) return <Alert tone="info">{preview.message}</Alert>;
  if (preview.slots.length === 0) {
    return <p className="text-sm text-slate-600">No free slots in the next seven days under these rules.</p>;
  }
  return (
    <div className="space-y-3" data-testid="slot-preview">
      <p className="text-xs text-slate-500">Times in {preview.timeZone.replaceAll("_", " ")}.</p>
      <dl className="space-y-2 text-sm">
        {byDay(preview).map(([day, times]) => (
          <div key={day} className="flex flex-wrap gap-x-3 gap-y-1">
            <dt className="w-48 font-medium text-slate-800">{day}</dt>
            <dd className="flex flex-wrap gap-1.5 text-slate-700">
              {times.map((time) => (
                <span key={time} className="rounded bg-slate-100 px-1.5 py-0.5 tabular-nums">
                  {time}
                </span>
              ))}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
