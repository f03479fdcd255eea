/**
 * Errors the core raises. A fault stops the whole request (HTTP 500 soap:Fault, as Exchange
 * answers schema, version, impersonation and request-level availability errors); an item
 * error becomes one ResponseMessage with ResponseClass="Error" and the request carries on.
 */

/** Exchange's own wording where it is documented or commonly seen; ours where it is not. */
const MESSAGE_TEXT: Record<string, string> = {
  ErrorAccessDenied: "Access is denied. Check credentials and try again.",
  ErrorCalendarEndDateIsEarlierThanStartDate: "EndDate is earlier than StartDate",
  ErrorCalendarInvalidTimeZone: "The time zone is invalid.",
  ErrorFolderNotFound: "The specified folder could not be found in the store.",
  ErrorImpersonateUserDenied: "The account does not have permission to impersonate the requested user.",
  ErrorInvalidFreeBusyViewType: "The FreeBusyViewType 'None' is not valid in a request.",
  ErrorInvalidIdMalformed: "Id is malformed.",
  ErrorInvalidMergedFreeBusyInterval: "The MergedFreeBusyIntervalInMinutes must be between 5 and 1440.",
  ErrorInvalidOperation: "The operation is not valid for this item.",
  ErrorInvalidPropertySet: "The property set is invalid.",
  ErrorInvalidRequest: "The request is invalid.",
  ErrorInvalidServerVersion: "The specified server version is invalid.",
  ErrorInvalidTimeInterval: "The specified time interval is invalid: the end time is not after the start time.",
  ErrorIrresolvableConflict:
    "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.",
  ErrorItemNotFound: "The specified object was not found in the store.",
  ErrorMailboxDataArrayEmpty: "The MailboxDataArray is empty.",
  ErrorMessageDispositionRequired: "MessageDisposition attribute is required.",
  ErrorNameResolutionMultipleResults: "Multiple results were found.",
  ErrorNameResolutionNoResults: "No results were found.",
  ErrorNonExistentMailbox: "The SMTP address has no mailbox associated with it.",
  ErrorSchemaValidation: "The request failed schema validation.",
  ErrorSendMeetingCancellationsRequired: "SendMeetingCancellations attribute is required for Calendar items.",
  ErrorSendMeetingInvitationsOrCancellationsRequired:
    "SendMeetingInvitationsOrCancellations attribute is required for Calendar items.",
  ErrorSendMeetingInvitationsRequired: "SendMeetingInvitations attribute is required for Calendar items.",
  ErrorServerBusy: "The server cannot service this request right now. Try again later.",
  ErrorTimeZone: "The time zone is not valid.",
};

export function describeResponseCode(code: string): string {
  return MESSAGE_TEXT[code] ?? code;
}

export interface FaultDetail {
  /** ErrorSchemaValidation: where in the request, and what broke the schema (t:MessageXml's LineNumber, LinePosition, Violation). */
  line?: number;
  position?: number;
  violation?: string;
  /** detail/e:Message when it differs from the faultstring (ErrorSchemaValidation's is the bare sentence). */
  message?: string;
  /** Name/value pairs for t:MessageXml, e.g. BackOffMilliseconds. */
  values?: Record<string, string>;
}

export class EwsFault extends Error {
  readonly code: string;
  readonly detail: FaultDetail;
  constructor(code: string, message?: string, detail: FaultDetail = {}) {
    super(message ?? describeResponseCode(code));
    this.code = code;
    this.detail = detail;
  }
}

export class EwsItemError extends Error {
  readonly code: string;
  constructor(code: string, message?: string) {
    super(message ?? describeResponseCode(code));
    this.code = code;
  }
}

/**
 * ErrorSchemaValidation as Exchange 2010 and later send it: the faultstring says what broke the schema,
 * detail/e:Message is the bare sentence, and t:MessageXml carries LineNumber, LinePosition and Violation.
 */
export function createSchemaFault(input: { message: string; line?: number; position?: number }): EwsFault {
  const sentence = describeResponseCode("ErrorSchemaValidation");
  return new EwsFault("ErrorSchemaValidation", `${sentence.replace(/\.$/, "")}: ${input.message}`, {
    line: input.line,
    position: input.position,
    violation: input.message,
    message: sentence,
  });
}
