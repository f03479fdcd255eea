"use client";

import { useSyncExternalStore } from "react";
import { formatMeetingTime } from "./format-time";

const subscribe = () => () => {};
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
// The server cannot know the viewer's zone: it renders UTC, labelled, and the browser then shows its own.
const serverZone = () => "UTC";

/** A meeting's time in the viewer's own zone (UTC until the browser has said which zone that is). */
export function MeetingTime({ start, end }: { start: string; end: string }) {
  const timeZone = useSyncExternalStore(subscribe, browserZone, serverZone);
  return (
    <time dateTime={start} data-time-zone={timeZone}>
      {formatMeetingTime({ start: new Date(start), end: new Date(end), timeZone })}
    </time>
  );
}
