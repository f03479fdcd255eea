export { createBooking } from "./create-booking";
export { type DailyLimitCheck, dailyLimitCheck, firstFullDay } from "./daily-limit-guard";
export { finishBooking } from "./finish-booking";
export { withHoldRetry } from "./hold-transaction";
export { DayFullError, type Reservation, reserveBooking, SlotTakenError } from "./reserve";
