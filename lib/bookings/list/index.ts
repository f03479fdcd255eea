export { formatBookingsCsv, neutraliseFormula } from "./csv";
export { type BookingsExport, exportBookings } from "./export";
export { type BookingListItem, loadBookings, loadBookingsForExport } from "./list";
export { cancelBookingFromList, cancelFromListSchema } from "./list-cancel";
export { type BookingFilterOptions, loadBookingFilterOptions } from "./list-options";
export { type BookingListQuery, bookingListSearch, parseBookingListQuery, toBookingListFilters } from "./list-query";
