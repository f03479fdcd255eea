/** "5 Mar 2030, 09:00–09:30 (Asia/Kolkata)": used on the server (customer's zone) and in the browser (viewer's). */
export function formatMeetingTime(input: { start: Date; end: Date; timeZone: string }): string {
  const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: input.timeZone }).format(input.start);
  const time = new Intl.DateTimeFormat("en-GB", { timeStyle: "short", timeZone: input.timeZone });
  return `${day}, ${time.format(input.start)}–${time.format(input.end)} (${input.timeZone})`;
}
