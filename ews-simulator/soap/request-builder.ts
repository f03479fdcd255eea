import { NS } from "./namespaces";

/**
 * Builds SOAP request envelopes for tests and tools (request text is the input under test,
 * so it is written by hand rather than through the response writer).
 */
export function buildRequestEnvelope(input: { body: string; header?: string; version?: string | null }): string {
  const version =
    input.version === null ? "" : `<t:RequestServerVersion Version="${input.version ?? "Exchange2013_SP1"}"/>`;
  return `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="${NS.soap}" xmlns:m="${NS.m}" xmlns:t="${NS.t}">
  <soap:Header>${version}${input.header ?? ""}</soap:Header>
  <soap:Body>${input.body}</soap:Body>
</soap:Envelope>`;
}

export function buildAvailabilityBody(input: {
  mailboxes: string[];
  start: string;
  end: string;
  view: string;
  interval?: number;
  timeZone?: string;
}): string {
  const mailboxes = input.mailboxes
    .map(
      (address) =>
        `<t:MailboxData><t:Email><t:Address>${address}</t:Address></t:Email><t:AttendeeType>Required</t:AttendeeType><t:ExcludeConflicts>false</t:ExcludeConflicts></t:MailboxData>`,
    )
    .join("");
  return `<m:GetUserAvailabilityRequest>${input.timeZone ?? ""}<m:MailboxDataArray>${mailboxes}</m:MailboxDataArray>
<t:FreeBusyViewOptions><t:TimeWindow><t:StartTime>${input.start}</t:StartTime><t:EndTime>${input.end}</t:EndTime></t:TimeWindow>
<t:MergedFreeBusyIntervalInMinutes>${input.interval ?? 30}</t:MergedFreeBusyIntervalInMinutes><t:RequestedView>${input.view}</t:RequestedView></t:FreeBusyViewOptions>
</m:GetUserAvailabilityRequest>`;
}

export function buildImpersonationHeader(email: string): string {
  return `<t:ExchangeImpersonation><t:ConnectingSID><t:PrimarySmtpAddress>${email}</t:PrimarySmtpAddress></t:ConnectingSID></t:ExchangeImpersonation>`;
}

export function buildTimeZoneContextHeader(windowsId: string): string {
  return `<t:TimeZoneContext><t:TimeZoneDefinition Id="${windowsId}"/></t:TimeZoneContext>`;
}
