export type { CalendarChangeOutcome } from "./calendar-change";
export {
  applyCalendarChangeNow,
  createCalendarChangeQueues,
  enqueuePendingChanges,
  registerCalendarChanges,
  runCalendarChangeJob,
} from "./calendar-change-job";
export { writeBookingToCalendar } from "./calendar-write";
export { enqueueCalendarWrite, registerCalendarWrites } from "./calendar-write-job";
