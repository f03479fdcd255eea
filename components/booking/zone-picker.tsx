"use client";

import { useMemo } from "react";
import { SelectField } from "@/components/ui/field";
import { timeZoneOptions } from "./calendar-dates";

/** Every zone the browser knows, as the browser spells them. */
export function ZonePicker(props: { timeZone: string; onChange: (zone: string) => void }) {
  const options = useMemo(
    () => timeZoneOptions(props.timeZone).map((zone) => ({ value: zone, label: zone.replaceAll("_", " ") })),
    [props.timeZone],
  );
  return (
    <SelectField
      name="timeZone"
      label="Time zone"
      value={props.timeZone}
      onChange={(event) => props.onChange(event.target.value)}
      options={options}
    />
  );
}
