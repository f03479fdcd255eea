export {
  directRouteHeaders,
  limitCaller,
  PAGE_NOT_FOUND,
  publicError,
  publicJson,
  SLUG_PATTERN,
  unexpected,
} from "./public-http";
export { loadPublicBookingPage, type PublicBookingPage } from "./public-page";
export {
  type BookingRequest,
  bookingRequestSchema,
  fieldErrorsOf,
  type SlotsQuery,
  slotsQuerySchema,
} from "./public-schema";
