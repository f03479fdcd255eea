import { AttendeeInfo, AvailabilityData, DateTime, type ExchangeService, TimeWindow } from "ews-javascript-api";

/** One GetUserAvailability through the real client: a whole UTC day, as the library sends whole dates. */
export async function callAvailability(input: { service: ExchangeService; mailboxes: string[]; day?: string }) {
  const start = DateTime.Parse(`${input.day ?? "2030-01-07"}T00:00:00Z`);
  return input.service.GetUserAvailability(
    input.mailboxes.map((m) => new AttendeeInfo(m)),
    new TimeWindow(start, start.AddDays(1)),
    AvailabilityData.FreeBusy,
  );
}

/** Runs `action`, returning what it threw (ews-javascript-api rejects with SoapFaultDetails, not always an Error). */
export async function captureRejection(action: () => Promise<unknown>): Promise<{
  message?: string;
  /** Set on SoapFaultDetails; `status` instead when the library passes the raw response on. */
  HttpStatusCode?: number;
  status?: number;
  ResponseCode?: number;
  ErrorDetails?: { get?: (key: string) => unknown; containsKey?: (key: string) => boolean };
}> {
  try {
    await action();
  } catch (error) {
    return error as never;
  }
  throw new Error("expected the call to fail");
}
