import {
  AffectedTaskOccurrence,
  Appointment,
  BasePropertySet,
  CalendarView,
  type CancelMeetingMessage,
  ConflictResolutionMode,
  DateTime,
  DateTimeKind,
  DeleteMode,
  type ExchangeService,
  ItemId,
  MessageBody,
  MessageDisposition,
  PropertySet,
  SendCancellationsMode,
  SendInvitationsMode,
  SendInvitationsOrCancellationsMode,
  ServiceError,
  TimeZoneInfo,
  WellKnownFolderName,
} from "ews-javascript-api";
import type { EwsAccess } from "@/lib/exchange/connection/access";
import { isTransientFailure } from "@/lib/exchange/connection/failures";
import { runEws } from "@/lib/exchange/connection/run-ews";
import { toEwsText } from "../soap/ews-text";
import { bookingIdProperty } from "./booking-fields";
import { readItemId, readOptionalProperty } from "./item-properties";
import { findWindowsZoneId } from "./windows-zone";

export interface BookingItem {
  bookingId: string;
  subject: string;
  location: string;
  /** Plain text; its contents come from the customer, not from Exchange. */
  body: string;
  start: Date;
  end: Date;
  /** The organising host's IANA zone. */
  timeZone: string;
  attendees: string[];
  sendInvitations: boolean;
}

export type CalendarItemResult =
  | { ok: true; itemId: string }
  | { ok: false; transient: boolean; backOffMs?: number; message: string };

const toEwsDateTime = (date: Date) => DateTime.Parse(date.toISOString(), DateTimeKind.Utc);

/**
 * The pause an ErrorServerBusy fault asks for. ews-javascript-api rejects with its SoapFaultDetails, whose
 * ErrorDetails holds MessageXml's named values; only that number is read.
 */
export function readBackOffMs(error: unknown): number | undefined {
  const details = (error as { ErrorDetails?: { containsKey?(k: string): boolean; get?(k: string): unknown } })
    ?.ErrorDetails;
  if (!details?.containsKey?.("BackOffMilliseconds")) return undefined;
  const millis = Number(details.get?.("BackOffMilliseconds"));
  return Number.isFinite(millis) && millis >= 0 ? millis : undefined;
}

/** runEws with the throttling pause kept: the failure classification alone drops it. */
async function runBookingEws<T>(input: {
  access: EwsAccess;
  call: (service: ExchangeService) => Promise<T>;
}): Promise<{ ok: true; value: T } | { ok: false; transient: boolean; backOffMs?: number; message: string }> {
  let backOffMs: number | undefined;
  const run = await runEws({
    ...input.access,
    call: async (service) => {
      try {
        return await input.call(service);
      } catch (error) {
        backOffMs = readBackOffMs(error) ?? backOffMs;
        throw error;
      }
    },
  });
  if (run.ok) return { ok: true, value: run.value };
  const { reason, message } = run.failure;
  return {
    ok: false,
    // Worth another try later only for the server's state or the path to it, never for a refusal.
    transient: isTransientFailure(run.failure),
    ...(reason === "server-busy" && backOffMs !== undefined ? { backOffMs } : {}),
    message,
  };
}

function toTimeZoneInfo(iana: string): TimeZoneInfo {
  const windows = findWindowsZoneId(iana);
  if (!windows) return TimeZoneInfo.Utc;
  try {
    return TimeZoneInfo.FindSystemTimeZoneById(windows);
  } catch {
    // The library's bundled table lacks a few zones; the instants are absolute, so only the zone shown
    // in Outlook differs.
    return TimeZoneInfo.Utc;
  }
}

/**
 * Writes one booking to the calendar of the mailbox `access` opens (the account's own, or the impersonated
 * one), tagged with the booking id. Invitations go to `attendees` only when `sendInvitations`.
 */
export async function createBookingItem(input: { access: EwsAccess; item: BookingItem }): Promise<CalendarItemResult> {
  const { item } = input;
  const zone = toTimeZoneInfo(item.timeZone);
  const run = await runBookingEws({
    access: input.access,
    call: async (service) => {
      const appointment = new Appointment(service);
      appointment.Subject = toEwsText(item.subject);
      appointment.Location = toEwsText(item.location);
      appointment.Body = new MessageBody(toEwsText(item.body));
      appointment.StartTimeZone = zone;
      appointment.EndTimeZone = zone;
      // With a StartTimeZone the library wants wall-clock times in that zone (a UTC time is refused), so the
      // instant goes through the library's own conversion, which it reverses exactly when writing.
      appointment.Start = TimeZoneInfo.ConvertTime(toEwsDateTime(item.start), TimeZoneInfo.Utc, zone);
      appointment.End = TimeZoneInfo.ConvertTime(toEwsDateTime(item.end), TimeZoneInfo.Utc, zone);
      for (const email of item.attendees) appointment.RequiredAttendees.Add(toEwsText(email));
      appointment.SetExtendedProperty(bookingIdProperty(), toEwsText(item.bookingId));
      await appointment.Save(
        WellKnownFolderName.Calendar,
        item.sendInvitations ? SendInvitationsMode.SendToAllAndSaveCopy : SendInvitationsMode.SendToNone,
      );
      // The schema lets CreateItem's answer leave the new item out; it was written all the same.
      const itemId = readItemId(appointment) ?? (await searchItemId({ service, ...item }));
      if (!itemId) throw new Error("CreateItem succeeded, but the new item is neither in its answer nor found");
      return itemId;
    },
  });
  return run.ok ? { ok: true, itemId: run.value } : run;
}

/**
 * The id of the item carrying this booking id around [start, end], if any (a minute either side: the item is
 * found even if Exchange rounded its times). An item the answer names without its id cannot be told apart
 * from another write, so it counts as an answer Slotbridge cannot use.
 */
async function searchItemId(input: {
  service: ExchangeService;
  bookingId: string;
  start: Date;
  end: Date;
}): Promise<string | null> {
  const property = bookingIdProperty();
  const view = new CalendarView(
    toEwsDateTime(new Date(input.start.getTime() - 60_000)),
    toEwsDateTime(new Date(input.end.getTime() + 60_000)),
  );
  view.PropertySet = new PropertySet(BasePropertySet.IdOnly, [property]);
  const found = await input.service.FindAppointments(WellKnownFolderName.Calendar, view);
  for (const item of found.Items) {
    if (readOptionalProperty({ item, property }) !== input.bookingId) continue;
    const itemId = readItemId(item);
    if (!itemId) throw new Error("FindItem listed the booking's item without its id");
    return itemId;
  }
  return null;
}

/**
 * The item an earlier attempt wrote for this booking, if any: a write that timed out may still have
 * reached Exchange, and retrying it blindly would put the meeting in the calendar twice.
 */
export async function findBookingItem(input: {
  access: EwsAccess;
  bookingId: string;
  start: Date;
  end: Date;
}): Promise<
  { ok: true; itemId: string | null } | { ok: false; transient: boolean; backOffMs?: number; message: string }
> {
  const run = await runBookingEws({
    access: input.access,
    call: (service) => searchItemId({ service, bookingId: input.bookingId, start: input.start, end: input.end }),
  });
  return run.ok ? { ok: true, itemId: run.value } : run;
}

export type CalendarChangeResult =
  | { ok: true }
  /** `missing`: the item is no longer in the calendar (deleted in Outlook, or never written). */
  | { ok: false; transient: boolean; backOffMs?: number; message: string; missing?: true };

const ITEM_GONE = "The booking's item is no longer in the Exchange calendar.";

/** ErrorItemNotFound, thrown by Bind or carried by a per-item response: a fact about the item, not a failure. */
function isItemNotFound(error: unknown): boolean {
  const record = (error ?? {}) as { ErrorCode?: unknown; Response?: { ErrorCode?: unknown } };
  return (
    record.ErrorCode === ServiceError.ErrorItemNotFound || record.Response?.ErrorCode === ServiceError.ErrorItemNotFound
  );
}

/** Sentinel a call returns instead of throwing, so runEws does not file "not found" as an unexpected failure. */
const GONE = Symbol("item gone");

async function bindAppointment(input: {
  service: ExchangeService;
  itemId: string;
}): Promise<Appointment | typeof GONE> {
  try {
    return await Appointment.Bind(
      input.service,
      new ItemId(toEwsText(input.itemId)),
      new PropertySet(BasePropertySet.IdOnly),
    );
  } catch (error) {
    if (isItemNotFound(error)) return GONE;
    throw error;
  }
}

/**
 * CancelMeeting/SendAndSaveCopy read the created items from the answer and crash with "items is not
 * iterable" when Exchange lists none (as it does for SendAndSaveCopy), after the cancellation went out:
 * the library's own request step, which throws on every EWS error, is called without that read.
 */
async function sendAndSaveCopy(message: CancelMeetingMessage): Promise<void> {
  const internal = message as unknown as {
    InternalCreate(folder: null, disposition: MessageDisposition): Promise<unknown>;
  };
  await internal.InternalCreate(null, MessageDisposition.SendAndSaveCopy);
}

/**
 * Moves the booking's item to the booking's (new) time, keeping its id: UpdateItem with the start and end
 * in the organiser's zone. Attendees hear of the change only when the page sends invitations.
 */
export async function updateBookingItem(input: {
  access: EwsAccess;
  itemId: string;
  item: BookingItem;
}): Promise<CalendarChangeResult> {
  const { item } = input;
  const zone = toTimeZoneInfo(item.timeZone);
  const run = await runBookingEws({
    access: input.access,
    call: async (service) => {
      const appointment = await bindAppointment({ service, itemId: input.itemId });
      if (appointment === GONE) return GONE;
      appointment.StartTimeZone = zone;
      appointment.EndTimeZone = zone;
      appointment.Start = TimeZoneInfo.ConvertTime(toEwsDateTime(item.start), TimeZoneInfo.Utc, zone);
      appointment.End = TimeZoneInfo.ConvertTime(toEwsDateTime(item.end), TimeZoneInfo.Utc, zone);
      try {
        await appointment.Update(
          ConflictResolutionMode.AutoResolve,
          item.sendInvitations
            ? SendInvitationsOrCancellationsMode.SendToAllAndSaveCopy
            : SendInvitationsOrCancellationsMode.SendToNone,
        );
      } catch (error) {
        if (isItemNotFound(error)) return GONE;
        throw error;
      }
      return true;
    },
  });
  if (!run.ok) return run;
  return run.value === GONE ? { ok: false, transient: false, message: ITEM_GONE, missing: true } : { ok: true };
}

/**
 * Takes the booking's item off the calendar. "cancel_item" sends a meeting cancellation (CancelCalendarItem,
 * saved to Sent Items) with the reason as its text; without cancellations to send, or with "delete_item",
 * the item is deleted (DeleteItem to Deleted Items, cancellations to all or none). An item already gone
 * counts as cancelled.
 */
export async function cancelBookingItem(input: {
  access: EwsAccess;
  itemId: string;
  method: "cancel_item" | "delete_item";
  sendCancellations: boolean;
  reason?: string;
}): Promise<CalendarChangeResult> {
  const run = await runBookingEws({
    access: input.access,
    call: async (service) => {
      if (input.method === "cancel_item" && input.sendCancellations) {
        const appointment = await bindAppointment({ service, itemId: input.itemId });
        if (appointment === GONE) return GONE;
        const message = appointment.CreateCancelMeetingMessage();
        message.Body = new MessageBody(toEwsText(input.reason?.trim() || "This meeting has been cancelled."));
        try {
          await sendAndSaveCopy(message);
        } catch (error) {
          if (isItemNotFound(error)) return GONE;
          throw error;
        }
        return true;
      }
      // DeleteItems answers per item instead of throwing: the code is read from the response.
      const responses = await service.DeleteItems(
        [new ItemId(toEwsText(input.itemId))],
        DeleteMode.MoveToDeletedItems,
        input.sendCancellations ? SendCancellationsMode.SendToAllAndSaveCopy : SendCancellationsMode.SendToNone,
        AffectedTaskOccurrence.AllOccurrences,
      );
      const response = responses.Responses[0];
      if (!response || response.ErrorCode === ServiceError.NoError) return true;
      if (response.ErrorCode === ServiceError.ErrorItemNotFound) return GONE;
      throw response;
    },
  });
  return run.ok ? { ok: true } : run;
}
