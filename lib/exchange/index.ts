// The one gateway to Exchange: every feature (and the on-premises connector) imports this face and
// nothing deeper; the import rules in .dependency-cruiser.cjs keep it so. Nothing here touches the
// database or the app's env: callers pass in the connection's access (URL, account, trust, config).

// Autodiscover: finding a mailbox's EWS endpoint.
export { type DiscoverEwsUrlResult, discoverEwsUrl } from "./autodiscover/autodiscover";
export { AUTODISCOVER_POX_PATH, discoverEwsUrlPox } from "./autodiscover/autodiscover-pox";
// Running an EWS operation for a connection, direct or through an on-premises connector.
export type {
  AuthMethod,
  ConcreteAuthMethod,
  ConnectorEwsAccess,
  DirectEwsAccess,
  EwsAccess,
  EwsAccount,
} from "./connection/access";
export { type ConnectorRelay, type RelayOutcome, setConnectorRelay } from "./connection/connector-transport";
export { parseEwsUrl } from "./connection/ews-url";
export { type EwsFailure, type EwsFailureReason, ewsFailure, mailboxFailure } from "./connection/failures";
export { type ExchangeOutboundConfig, pinOutboundHost, readCaFile } from "./connection/outbound";
export { type EwsRun, runEws, toEwsAuth } from "./connection/run-ews";
// The wire and transport pieces the on-premises connector shares: it relays the app's SOAP requests to
// Exchange with the same TLS, NTLM and pooling, and checks them against its policy.
export { buildAvailabilityEnvelope } from "./free-busy/availability-request";
export { parseAvailabilityResponse } from "./free-busy/availability-response";
// Free/busy: the one reader (FreeBusy view only) and the one busy-block type.
export { probeMailbox } from "./free-busy/probe-mailbox";
export { readFreeBusy } from "./free-busy/read-free-busy";
export { assertValidWindow, normaliseMailboxes } from "./free-busy/request-plan";
export type {
  AvailabilityWindow,
  BusyBlock,
  BusyStatus,
  FreeBusyResult,
  MailboxFreeBusy,
} from "./free-busy/types";
// What an item of the app's own looks like on the wire: the connector lets item requests through only for these.
export { BOOKING_ID_PROPERTY, BOOKING_ITEM_FIELD_URIS } from "./items/booking-fields";
// Booking calendar items: create, find, update, cancel, delete, search.
export {
  type BookingItem,
  type CalendarChangeResult,
  type CalendarItemResult,
  cancelBookingItem,
  createBookingItem,
  findBookingItem,
  updateBookingItem,
} from "./items/calendar-item";
export { type BookingItemFacts, readBookingItems, searchBookingItems } from "./items/search-items";
export { EWS_NS } from "./soap/ews-namespaces";
export { readSoapFault } from "./soap/soap-fault";
export { connectionPoolKey, EwsConnectionPool } from "./transport/connection-pool";
export { createEwsService, TransportManagedCredentials } from "./transport/create-ews-service";
export { type EwsAuth, EwsTransport, type PooledConnections } from "./transport/ews-transport";
export { sendHttpRequest } from "./transport/http-exchange";
export { secureContextKey } from "./transport/secure-context";
export { createEwsAgent } from "./transport/tls-agent";
export { getEwsTransportErrorCode, toEwsTransportError } from "./transport/transport-errors";
// Working hours, as each mailbox's owner set them in Exchange.
export {
  fetchWorkingHours,
  type IsoWeekday,
  type MailboxWorkingHours,
  type WeeklyWorkingHours,
  type WorkingWindow,
} from "./working-hours/working-hours";
