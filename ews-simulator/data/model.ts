/** The in-memory shape of a mailbox's calendar. Times are UTC epoch milliseconds. */

export const FREE_BUSY_STATUSES = ["Free", "Tentative", "Busy", "OOF", "WorkingElsewhere", "NoData"] as const;
export type FreeBusyStatus = (typeof FREE_BUSY_STATUSES)[number];

export const SENSITIVITIES = ["Normal", "Personal", "Private", "Confidential"] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

export const IMPORTANCES = ["Low", "Normal", "High"] as const;
export type Importance = (typeof IMPORTANCES)[number];

/**
 * The folders a calendar item can be in: the calendar; Deleted Items (DeleteItem MoveToDeletedItems); the
 * Recoverable Items folder a SoftDelete moves it to, out of every ordinary view.
 */
export const ITEM_FOLDERS = ["calendar", "deleteditems", "recoverableitemsdeletions"] as const;
export type ItemFolder = (typeof ITEM_FOLDERS)[number];

/** What another account may see of a mailbox's calendar through GetUserAvailability. */
export type PermissionLevel = "None" | "FreeBusyTimeOnly" | "FreeBusyTimeAndSubjectAndLocation";

export interface Person {
  email: string;
  name: string;
}

export interface ExtendedPropertyValue {
  /** ExtendedFieldURI attributes as sent (PropertySetId/PropertyName/PropertyType, PropertyTag, …). */
  uri: Record<string, string>;
  value?: string;
  values?: string[];
}

/** The fields an occurrence can override. */
export interface EventFields {
  subject: string;
  body: string;
  bodyType: "Text" | "HTML";
  location: string;
  start: number;
  end: number;
  isAllDay: boolean;
  freeBusy: FreeBusyStatus;
  sensitivity: Sensitivity;
  reminderIsSet: boolean;
  reminderMinutes: number;
}

export type RecurrencePattern =
  | { kind: "daily"; interval: number }
  | { kind: "weekly"; interval: number; days: number[] };

export interface Recurrence {
  pattern: RecurrencePattern;
  /** Local dates (YYYY-MM-DD) in the event's zone; endDate inclusive. */
  startDate: string;
  endDate?: string;
  numberOfOccurrences?: number;
}

export type OccurrenceException = { deleted: true } | { deleted: false; fields: Partial<EventFields> };

export interface CalendarEvent extends EventFields {
  uid: string;
  mailbox: string;
  /** Bumped on every change; the ChangeKey encodes it. */
  version: number;
  /** IANA zone the item was created in (StartTimeZone); recurrences expand in it. */
  timeZone: string;
  endTimeZone: string;
  organizer: Person;
  requiredAttendees: Person[];
  optionalAttendees: Person[];
  extendedProperties: ExtendedPropertyValue[];
  /** item:Categories, in the order given. */
  categories: string[];
  importance: Importance;
  /** Where the item is; only the calendar's items are in calendar views and free/busy. */
  folder: ItemFolder;
  /** CreateItem's SendMeetingInvitations (absent for seeded items); invitations themselves are not delivered. */
  sendMeetingInvitations?: "SendToNone" | "SendOnlyToAll" | "SendToAllAndSaveCopy";
  recurrence?: Recurrence;
  /** Keyed by the occurrence's original start (UTC ms). */
  exceptions: Map<number, OccurrenceException>;
  created: number;
  modified: number;
}

/** One entry of a calendar view: a single item, or an occurrence/exception of a series. */
export interface CalendarEntry {
  event: CalendarEvent;
  fields: EventFields;
  kind: "Single" | "Occurrence" | "Exception";
  originalStart?: number;
}

export interface MailboxProfile {
  email: string;
  displayName: string;
  timeZone: string;
  /** 0 = Sunday … 6 = Saturday. */
  workingDays: number[];
  workStartMinutes: number;
  workEndMinutes: number;
  /** Grants to specific accounts; everyone else in the organisation gets `defaultPermission`. */
  permissions: Record<string, PermissionLevel>;
  defaultPermission: PermissionLevel;
}

export function isMeeting(event: CalendarEvent): boolean {
  return event.requiredAttendees.length + event.optionalAttendees.length > 0;
}
