export { createBooking } from "./create-booking";
export { finishBooking } from "./finish-booking";
export { withHoldRetry } from "./hold-transaction";
export { type Reservation, reserveBooking, SlotTakenError } from "./reserve";
