"use client";

import { useEffect, useId, useMemo, useRef, useState } from "react";
import { timeZoneOptions } from "@/components/booking/calendar-dates";

function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/**
 * A time-zone select. Without a stored zone it starts on the browser's, which is only known after
 * hydration: the server renders UTC and the effect swaps it in, once.
 */
export function ZoneSelect({
  name,
  label,
  defaultZone,
  onChange,
}: {
  name?: string;
  label: string;
  defaultZone?: string | null;
  onChange?: (zone: string) => void;
}) {
  const id = `zone-${useId().replaceAll(":", "")}`;
  const [zone, setZone] = useState(defaultZone ?? "UTC");
  const detected = useRef(Boolean(defaultZone));
  useEffect(() => {
    if (detected.current) return;
    detected.current = true;
    const browser = browserZone();
    setZone(browser);
    onChange?.(browser);
  }, [onChange]);
  const options = useMemo(() => timeZoneOptions(zone), [zone]);
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={id}
        name={name}
        value={zone}
        onChange={(event) => {
          setZone(event.target.value);
          onChange?.(event.target.value);
        }}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-xs focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100"
      >
        {options.map((option) => (
          <option key={option} value={option}>
            {option.replaceAll("_", " ")}
          </option>
        ))}
      </select>
    </div>
  );
}
