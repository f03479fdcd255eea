import {
  type Appointment,
  AppointmentSchema,
  CalendarView,
  DateTime,
  DateTimeKind,
  type ExchangeService,
  ItemId,
  ServiceError,
  ServiceResult,
  WellKnownFolderName,
} from "ews-javascript-api";
import type { EwsAccess } from "@/lib/exchange/connection/access";
import { runEws } from "@/lib/exchange/connection/run-ews";
import { bookingIdProperty, bookingItemPropertySet } from "./booking-fields";
import { readItemId, readOptionalDate, readOptionalProperty } from "./item-properties";

/**
 * What reconciliation learns about one of the app's own items, and all it asks Exchange for: the id, its
 * times, whether it is cancelled, and our booking id property. Never a subject, body, location or attendee.
 * Microsoft's schema makes every one of these optional in an answer, and a server may leave any out: a
 * missing part is a fact to read ("not said"), never an unexpected answer.
 */
export interface BookingItemFacts {
  /** The item's id; for GetItem the id asked for when the answer leaves it out, null when a search does. */
  itemId: string | null;
  /** The SlotbridgeBookingId the item carries; null when it carries none (then it is not ours). */
  bookingId: string | null;
  /** null when the answer leaves the time out: the booking keeps its own. */
  start: Date | null;
  end: Date | null;
  /** IsCancelled left out reads as not cancelled: an item is cancelled only when the server says so. */
  isCancelled: boolean;
}

export type ItemLookup<T> = { ok: true; value: T } | { ok: false; message: string };

/** GetItem answers that mean "no such item here", not "Exchange failed". */
const ITEM_ABSENT: ReadonlySet<ServiceError> = new Set([
  ServiceError.ErrorItemNotFound,
  ServiceError.ErrorInvalidIdMalformed,
  ServiceError.ErrorInvalidIdMalformedEwsLegacyIdFormat,
  ServiceError.ErrorInvalidIdNotAnItemAttachmentId,
  ServiceError.ErrorInvalidIdEmpty,
]);

/** GetItem ids per request: well under Exchange's batch limits. */
const GET_BATCH = 100;
/** CalendarView windows for the search by property: a month each keeps every answer far below 1000 items. */
const SEARCH_WINDOW_MS = 31 * 24 * 60 * 60_000;

const toEwsDateTime = (date: Date) => DateTime.Parse(date.toISOString(), DateTimeKind.Utc);

function readFacts(input: { appointment: Appointment; askedId?: string }): BookingItemFacts {
  const item = input.appointment;
  const bookingId = readOptionalProperty({ item, property: bookingIdProperty() });
  return {
    itemId: readItemId(item) ?? input.askedId ?? null,
    bookingId: typeof bookingId === "string" ? bookingId : null,
    start: readOptionalDate({ item, property: AppointmentSchema.Start }),
    end: readOptionalDate({ item, property: AppointmentSchema.End }),
    isCancelled: readOptionalProperty({ item, property: AppointmentSchema.IsCancelled }) === true,
  };
}

class ItemLookupError extends Error {}

async function runLookup<T>(input: {
  access: EwsAccess;
  call: (service: ExchangeService) => Promise<T>;
}): Promise<ItemLookup<T>> {
  const run = await runEws({ ...input.access, call: input.call });
  if (run.ok) return run;
  return { ok: false, message: run.failure.message };
}

/**
 * The items behind these ids, by id (GetItem): a map from id to its facts, without the ids Exchange no
 * longer has. Any other per-item error fails the whole lookup: "gone" must never be a guess.
 */
export async function readBookingItems(input: {
  access: EwsAccess;
  itemIds: readonly string[];
}): Promise<ItemLookup<Map<string, BookingItemFacts>>> {
  const found = new Map<string, BookingItemFacts>();
  if (input.itemIds.length === 0) return { ok: true, value: found };
  const lookup = await runLookup({
    access: input.access,
    call: async (service) => {
      for (let i = 0; i < input.itemIds.length; i += GET_BATCH) {
        const ids = input.itemIds.slice(i, i + GET_BATCH);
        const responses = await service.BindToItems(
          ids.map((id) => new ItemId(id)),
          bookingItemPropertySet(),
        );
        responses.Responses.forEach((response, index) => {
          const asked = ids[index];
          if (response.Result === ServiceResult.Success && response.Item && asked) {
            found.set(asked, readFacts({ appointment: response.Item as Appointment, askedId: asked }));
          } else if (!ITEM_ABSENT.has(response.ErrorCode)) {
            throw new ItemLookupError(`GetItem answered ${ServiceError[response.ErrorCode] ?? response.ErrorCode}`);
          }
        });
      }
      return found;
    },
  });
  return lookup;
}

/**
 * Every item in [from, to) carrying our booking id property, found by CalendarView (items can move and
 * their ids can change across a reconnect; the property stays). Keyed by booking id.
 */
export async function searchBookingItems(input: {
  access: EwsAccess;
  from: Date;
  to: Date;
}): Promise<ItemLookup<Map<string, BookingItemFacts>>> {
  const byBooking = new Map<string, BookingItemFacts>();
  return runLookup({
    access: input.access,
    call: async (service) => {
      for (let start = input.from.getTime(); start < input.to.getTime(); start += SEARCH_WINDOW_MS) {
        const end = Math.min(start + SEARCH_WINDOW_MS, input.to.getTime());
        const view = new CalendarView(toEwsDateTime(new Date(start)), toEwsDateTime(new Date(end)));
        view.PropertySet = bookingItemPropertySet();
        const page = await service.FindAppointments(WellKnownFolderName.Calendar, view);
        for (const appointment of page.Items) {
          const facts = readFacts({ appointment });
          if (facts.bookingId) byBooking.set(facts.bookingId, facts);
        }
      }
      return byBooking;
    },
  });
}
