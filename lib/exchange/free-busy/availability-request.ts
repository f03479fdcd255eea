import { formatEwsDateTime } from "../soap/ews-date-time";
import { EWS_NS } from "../soap/ews-namespaces";
import type { UtcDayRange } from "./request-plan";

/** The schema's ConnectingSID choices, named as ews-javascript-api's ConnectingIdType names them. */
export interface Impersonation {
  idType: "SmtpAddress" | "PrincipalName" | "SID";
  id: string;
}

/**
 * What createEwsService asks for (Slotbridge supports Exchange 2013 and later). 2010 or later is needed
 * anyway: the TimeZoneContext header below does not exist in Exchange 2007's schema.
 */
const REQUEST_SERVER_VERSION = "Exchange2013_SP1";

/** ews-javascript-api's default, kept: it sizes a merged string we never ask for, but must lie in 5–1440. */
const MERGED_INTERVAL_MINUTES = 30;

/** XML 1.0 forbids these characters even escaped; an address holding one is refused rather than sent broken. */
const NOT_XML_CHARACTERS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Text for element content or a quoted attribute. ews-javascript-api sent `&` raw (an invalid request). */
export function escapeXml(text: string): string {
  if (NOT_XML_CHARACTERS.test(text)) throw new RangeError("The value holds a character XML cannot carry.");
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

function mailboxData(address: string): string {
  return (
    `<t:MailboxData><t:Email><t:Address>${escapeXml(address)}</t:Address></t:Email>` +
    "<t:AttendeeType>Required</t:AttendeeType><t:ExcludeConflicts>false</t:ExcludeConflicts></t:MailboxData>"
  );
}

/**
 * The SOAP header. TimeZoneContext UTC makes Exchange read the window's times as UTC and write every
 * StartTime/EndTime of the answer in UTC, as ews-javascript-api did with our UTC service. The legacy
 * t:TimeZone body element (one pair of DST rules, the Exchange 2007 way) is left out: 2010+ servers read
 * the header, and two statements of the zone could disagree.
 */
function header(impersonation: Impersonation | undefined): string {
  const actAs = impersonation
    ? `<t:ExchangeImpersonation><t:ConnectingSID><t:${impersonation.idType}>${escapeXml(impersonation.id)}` +
      `</t:${impersonation.idType}></t:ConnectingSID></t:ExchangeImpersonation>`
    : "";
  return (
    `<t:RequestServerVersion Version="${REQUEST_SERVER_VERSION}"/>` +
    `<t:TimeZoneContext><t:TimeZoneDefinition Id="UTC"/></t:TimeZoneContext>${actAs}`
  );
}

/**
 * A GetUserAvailabilityRequest envelope for `mailboxes` (at most 100) over whole UTC `days`, asking for the
 * FreeBusy view only: Detailed would bring subjects and locations into this process, and data never
 * fetched cannot leak. `impersonation` is the ExchangeImpersonation header (runEws's actAs).
 */
export function buildAvailabilityEnvelope(input: {
  mailboxes: readonly string[];
  days: UtcDayRange;
  impersonation?: Impersonation;
}): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?>` +
    `<soap:Envelope xmlns:soap="${EWS_NS.soap}" xmlns:m="${EWS_NS.m}" xmlns:t="${EWS_NS.t}">` +
    `<soap:Header>${header(input.impersonation)}</soap:Header>` +
    "<soap:Body><m:GetUserAvailabilityRequest>" +
    `<m:MailboxDataArray>${input.mailboxes.map(mailboxData).join("")}</m:MailboxDataArray>` +
    "<t:FreeBusyViewOptions><t:TimeWindow>" +
    `<t:StartTime>${formatEwsDateTime(input.days.start)}</t:StartTime>` +
    `<t:EndTime>${formatEwsDateTime(input.days.end)}</t:EndTime>` +
    `</t:TimeWindow><t:MergedFreeBusyIntervalInMinutes>${MERGED_INTERVAL_MINUTES}</t:MergedFreeBusyIntervalInMinutes>` +
    "<t:RequestedView>FreeBusy</t:RequestedView></t:FreeBusyViewOptions>" +
    "</m:GetUserAvailabilityRequest></soap:Body></soap:Envelope>"
  );
}
