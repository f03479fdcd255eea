"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
// The server cannot know the viewer's zone: it renders UTC, labelled, and the browser then shows its own.
const serverZone = () => "UTC";

export function formatMeetingTime(input: { start: Date; end: Date; timeZone: string }): string {
  const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: input.timeZone }).format(input.start);
  const time = new Intl.DateTimeFormat("en-GB", { timeStyle: "short", timeZone: input.timeZone });
  return `${day}, ${time.format(input.start)}–${time.format(input.end)} (${input.timeZone})`;
}

/** A meeting's time in the viewer's own zone (UTC until the browser has said which zone that is). */
export function MeetingTime({ start, end }: { start: string; end: string }) {
  const timeZone = useSyncExternalStore(subscribe, browserZone, serverZone);
  return (
    <time dateTime={start} data-time-zone={timeZone}>
      {formatMeetingTime({ start: new Date(start), end: new Date(end), timeZone })}
    </time>
  );
}
