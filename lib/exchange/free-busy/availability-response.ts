import { SaxesParser, type SaxesTagNS } from "saxes";
import { createPlaceLookup, type PlaceRule } from "../soap/element-places";
import { parseEwsDateTime } from "../soap/ews-date-time";
import { EWS_NS } from "../soap/ews-namespaces";
import {
  createWorkingHoursCollector,
  type RawWorkingHours,
  WORKING_HOURS_RULES,
  WORKING_HOURS_VALUES,
  type WorkingHoursPlace,
} from "../working-hours/working-hours-response";

/** One CalendarEvent: its times (epoch ms) and BusyType as sent. Nothing else of an event is read. */
export interface RawCalendarEvent {
  start: number;
  end: number;
  busyType: string;
}

/** One FreeBusyResponse, in the order of the answer (Exchange answers in request order). */
export interface RawFreeBusyResponse {
  responseClass: string | undefined;
  responseCode: string | undefined;
  /** FreeBusyView/FreeBusyViewType: the view the server granted; undefined when there was no view. */
  viewType: string | undefined;
  events: RawCalendarEvent[];
  /** Only read when asked for (parseAvailabilityWithWorkingHours); absent when the view carried none. */
  workingHours?: RawWorkingHours;
}

/**
 * Where an element sits in the answer. An element not placed here, and all inside it, is never read:
 * so CalendarEventDetails (subjects, locations), MergedFreeBusy and MessageText cannot reach the result
 * even when a server sends them. WorkingHours is placed only when the caller asks for it.
 */
type Place =
  | "document"
  | "envelope"
  | "body"
  | "answer"
  | "responses"
  | "response"
  | "message"
  | "code"
  | "view"
  | "viewType"
  | "events"
  | "event"
  | "start"
  | "end"
  | "busyType"
  | WorkingHoursPlace;

const { soap, m, t } = EWS_NS;

const RULES: readonly PlaceRule<Place>[] = [
  ["document", soap, "Envelope", "envelope"],
  ["envelope", soap, "Body", "body"],
  ["body", m, "GetUserAvailabilityResponse", "answer"],
  ["answer", m, "FreeBusyResponseArray", "responses"],
  ["responses", m, "FreeBusyResponse", "response"],
  ["response", m, "ResponseMessage", "message"],
  ["message", m, "ResponseCode", "code"],
  ["response", m, "FreeBusyView", "view"],
  ["view", t, "FreeBusyViewType", "viewType"],
  ["view", t, "CalendarEventArray", "events"],
  ["events", t, "CalendarEvent", "event"],
  ["event", t, "StartTime", "start"],
  ["event", t, "EndTime", "end"],
  ["event", t, "BusyType", "busyType"],
];

const placeOf = createPlaceLookup<Place>(RULES);
const placeOfWithWorkingHours = createPlaceLookup<Place>([...RULES, ...WORKING_HOURS_RULES]);

/** Places whose text is a value we keep. */
const VALUES = new Set<Place>(["code", "viewType", "start", "end", "busyType", ...WORKING_HOURS_VALUES]);

interface PartialEvent {
  start?: number;
  end?: number;
  busyType?: string;
}

/**
 * The FreeBusyResponses of a GetUserAvailabilityResponse envelope, read in one streaming pass (saxes,
 * namespace-aware: prefixes are the server's choice). Throws on XML that is not well-formed, on a
 * CalendarEvent without both times, and on a time that is not an EWS date-time.
 */
export function parseAvailabilityResponse(xml: string): RawFreeBusyResponse[] {
  return readResponses({ xml, workingHours: false });
}

/**
 * parseAvailabilityResponse, and also each view's WorkingHours (its legacy zone rule and working periods,
 * as text). A separate entry so the free/busy path never places, or pays for, those elements.
 */
export function parseAvailabilityWithWorkingHours(xml: string): RawFreeBusyResponse[] {
  return readResponses({ xml, workingHours: true });
}

function readResponses(input: { xml: string; workingHours: boolean }): RawFreeBusyResponse[] {
  const lookUpPlace = input.workingHours ? placeOfWithWorkingHours : placeOf;
  const responses: RawFreeBusyResponse[] = [];
  const places: (Place | undefined)[] = ["document"];
  let response: RawFreeBusyResponse | undefined;
  let event: PartialEvent | undefined;
  let text = "";
  const hours = input.workingHours
    ? createWorkingHoursCollector((found) => {
        if (response) response.workingHours = found;
      })
    : undefined;

  const parser = new SaxesParser({ xmlns: true, position: false });
  parser.on("opentag", (tag: SaxesTagNS) => {
    const place = lookUpPlace({ parent: places[places.length - 1], tag });
    places.push(place);
    if (hours && place) hours.open({ place, local: tag.local });
    if (place === "response") {
      response = { responseClass: undefined, responseCode: undefined, viewType: undefined, events: [] };
      responses.push(response);
    } else if (place === "message" && response) {
      response.responseClass = tag.attributes.ResponseClass?.value;
    } else if (place === "event") {
      event = {};
    } else if (place && VALUES.has(place)) {
      text = "";
    }
  });
  const collect = (chunk: string) => {
    const place = places[places.length - 1];
    if (place && VALUES.has(place)) text += chunk;
  };
  parser.on("text", collect);
  parser.on("cdata", collect);
  parser.on("closetag", () => {
    const place = places.pop();
    if (place === "event" && event && response) {
      if (event.start === undefined || event.end === undefined) {
        throw new Error("A CalendarEvent came without its StartTime or EndTime.");
      }
      response.events.push({ start: event.start, end: event.end, busyType: event.busyType ?? "" });
      event = undefined;
    }
    if (hours && place) hours.close({ place, value: text.trim() });
    if (!place || !VALUES.has(place)) return;
    const value = text.trim();
    if (place === "code" && response) response.responseCode = value;
    else if (place === "viewType" && response) response.viewType = value;
    else if (place === "start" && event) event.start = parseEwsDateTime(value);
    else if (place === "end" && event) event.end = parseEwsDateTime(value);
    else if (place === "busyType" && event) event.busyType = value;
  });
  parser.write(input.xml).close();
  return responses;
}
