import type { BusyBlock, BusyStatus } from "@/lib/exchange";

const STATUS: Record<BusyStatus, { label: string; className: string }> = {
  busy: { label: "Busy", className: "bg-red-500" },
  tentative: { label: "Tentative", className: "bg-amber-400" },
  oof: { label: "Out of office", className: "bg-purple-500" },
  "working-elsewhere": { label: "Working elsewhere", className: "bg-sky-400" },
};

const DAY_MS = 86_400_000;

function time(date: Date) {
  return date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
}

/** Seven days of free/busy, one bar per day in the viewer's time zone: when, and how busy; nothing else exists. */
export function FreeBusyWeek({ slots, windowStart }: { slots: readonly BusyBlock[]; windowStart: string }) {
  const first = new Date(windowStart);
  first.setHours(0, 0, 0, 0);
  const days = Array.from({ length: 7 }, (_, index) => {
    const start = new Date(first);
    start.setDate(first.getDate() + index);
    const end = new Date(start);
    end.setDate(start.getDate() + 1);
    const length = end.getTime() - start.getTime() || DAY_MS;
    const blocks = slots
      .map((slot) => ({ status: slot.status, from: new Date(slot.start), to: new Date(slot.end) }))
      .filter((slot) => slot.to > start && slot.from < end)
      .map((slot) => {
        const from = Math.max(slot.from.getTime(), start.getTime());
        const to = Math.min(slot.to.getTime(), end.getTime());
        return {
          ...slot,
          left: ((from - start.getTime()) / length) * 100,
          width: Math.max(((to - from) / length) * 100, 0.5),
          text: `${STATUS[slot.status].label} ${time(new Date(from))}–${time(new Date(to))}`,
        };
      });
    return { start, blocks };
  });
  return (
    <div className="space-y-3" data-testid="free-busy-week">
      <ul className="flex flex-wrap gap-3 text-xs text-slate-600">
        {(["busy", "tentative", "oof", "working-elsewhere"] as const).map((status) => (
          <li key={status} className="flex items-center gap-1">
            <span className={`inline-block size-3 rounded-sm ${STATUS[status].className}`} aria-hidden />
            {STATUS[status].label}
          </li>
        ))}
      </ul>
      <ol className="space-y-2">
        {days.map((day) => (
          <li key={day.start.toISOString()} className="grid gap-1 sm:grid-cols-[7rem_1fr]" data-testid="free-busy-day">
            <span className="text-sm font-medium text-slate-700">
              {day.start.toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short" })}
            </span>
            <div>
              <div className="relative h-4 overflow-hidden rounded bg-slate-100">
                {day.blocks.map((block) => (
                  <span
                    key={`${block.from.toISOString()}-${block.status}`}
                    title={block.text}
                    className={`absolute inset-y-0 ${STATUS[block.status].className}`}
                    style={{ left: `${block.left}%`, width: `${block.width}%` }}
                  />
                ))}
              </div>
              <p className="mt-0.5 text-xs text-slate-500">
                {day.blocks.length === 0 ? "Free all day" : day.blocks.map((block) => block.text).join(" · ")}
              </p>
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
