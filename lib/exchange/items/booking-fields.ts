import {
  AppointmentSchema,
  BasePropertySet,
  ExtendedPropertyDefinition,
  Guid,
  MapiPropertyType,
  PropertySet,
} from "ews-javascript-api";

/**
 * Slotbridge's own named property, as it goes on the wire (`t:ExtendedFieldURI`): its set id was generated
 * once and must never change, so items written by any version of the app can be found again. A fixed
 * PropertyTag would be wrong (0x8000+ tags are per database). The on-premises connector checks requests
 * against this same definition: an item carrying it is one of the app's bookings.
 */
export const BOOKING_ID_PROPERTY = {
  propertySetId: "6f1d7a52-3c1e-4b8e-9a57-2d4f0b8c9e13",
  propertyName: "SlotbridgeBookingId",
  propertyType: "String",
} as const;

/**
 * Everything the app reads of its own items besides their id and the booking id property, keyed by the
 * field URI the library writes for it: times and the cancelled flag, never a subject, body, location or
 * attendee. The connector lets item reads ask for these and nothing else (BOOKING_ITEM_FIELD_URIS).
 */
const BOOKING_ITEM_FIELDS = {
  "calendar:Start": AppointmentSchema.Start,
  "calendar:End": AppointmentSchema.End,
  "calendar:IsCancelled": AppointmentSchema.IsCancelled,
} as const;

export const BOOKING_ITEM_FIELD_URIS = Object.keys(BOOKING_ITEM_FIELDS) as readonly string[];

export function bookingIdProperty(): ExtendedPropertyDefinition {
  return new ExtendedPropertyDefinition(
    new Guid(BOOKING_ID_PROPERTY.propertySetId),
    BOOKING_ID_PROPERTY.propertyName,
    MapiPropertyType[BOOKING_ID_PROPERTY.propertyType],
  );
}

/** IdOnly plus the booking fields and the booking id property: the whole of what reconciliation reads. */
export function bookingItemPropertySet(): PropertySet {
  return new PropertySet(BasePropertySet.IdOnly, [...Object.values(BOOKING_ITEM_FIELDS), bookingIdProperty()]);
}
