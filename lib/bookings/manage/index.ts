export { bookingIcs, type IcsMethod } from "./booking-ics";
export { cancelBookingAsCustomer, loadManagedBooking, type ManageRefusal, rescheduleBooking } from "./manage";
export { cancelBooking } from "./manage-cancel";
export { cancelRequestSchema, readBody, refusedLink, rescheduleRequestSchema } from "./manage-http";
export { findBookingByManageToken } from "./manage-token";
