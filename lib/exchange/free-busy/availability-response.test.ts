import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DOMParser } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { createCoreHarness } from "@/ews-simulator/core-test-harness";
import { buildAvailabilityBody, buildRequestEnvelope } from "@/ews-simulator/soap/request-builder";
import { EWS_NS } from "../soap/ews-namespaces";
import { buildAvailabilityEnvelope } from "./availability-request";
import { parseAvailabilityResponse, parseAvailabilityWithWorkingHours } from "./availability-response";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const documented = readFileSync(path.join(HERE, "testdata/two-mailboxes-with-offsets.response.xml"), "utf8");

const harness = createCoreHarness({ now: new Date("2026-10-21T12:00:00Z") });
const week = { start: new Date("2026-10-19T00:00:00Z"), end: new Date("2026-10-26T00:00:00Z") };
const SERVICE = "svc-slotbridge@contoso.test";

const event = (start: string, end: string, busyType: string) => ({
  start: Date.parse(start),
  end: Date.parse(end),
  busyType,
});

/** An independent reading of the same answer (DOM, not our parser): every CalendarEvent's three values. */
function readEventsWithDom(xml: string) {
  const doc = new DOMParser().parseFromString(xml, "text/xml");
  const events = doc.getElementsByTagNameNS(EWS_NS.t, "CalendarEvent");
  return Array.from({ length: events.length }, (_, i) => {
    const text = (local: string) => events.item(i)?.getElementsByTagNameNS(EWS_NS.t, local).item(0)?.textContent ?? "";
    return event(`${text("StartTime")}Z`, `${text("EndTime")}Z`, text("BusyType"));
  });
}

describe("parseAvailabilityResponse", () => {
  it("reads an answer with prefixes and offsets: codes, views, and each event's times (offsets applied) and BusyType", () => {
    expect(parseAvailabilityResponse(documented)).toEqual([
      {
        responseClass: "Success",
        responseCode: "NoError",
        viewType: "Detailed",
        events: [
          event("2027-03-15T13:15:00Z", "2027-03-15T14:00:00Z", "Busy"),
          event("2027-03-15T17:30:00Z", "2027-03-15T18:45:00Z", "OOF"),
        ],
      },
      {
        responseClass: "Success",
        responseCode: "NoError",
        viewType: "FreeBusy",
        events: [event("2027-03-15T09:30:00Z", "2027-03-15T10:30:00Z", "Tentative")],
      },
    ]);
  });

  it("never reads CalendarEventDetails, even when a server sends them", () => {
    // Jonas grants the service account subjects and locations; ask the simulator for them outright.
    const detailed = buildAvailabilityBody({
      mailboxes: ["jonas@contoso.test"],
      start: "2026-10-19T00:00:00",
      end: "2026-10-26T00:00:00",
      view: "Detailed",
    });
    const answer = harness.execute({ as: SERVICE, xml: buildRequestEnvelope({ body: detailed }) });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain("<t:CalendarEventDetails>");
    expect(answer.body).toMatch(/CANARY-/);
    const parsed = parseAvailabilityResponse(answer.body);
    expect(JSON.stringify(parsed)).not.toMatch(/CANARY-|Subject|Location|CalendarEventDetails/);
    expect(parsed[0]?.viewType).toBe("Detailed");
    expect(parsed[0]?.events).toEqual(readEventsWithDom(answer.body));

    const documentedText = JSON.stringify(parseAvailabilityResponse(documented));
    for (const detail of ["harbour board", "referral letter", "Elm Street", "ABCDEF0123"]) {
      expect(documented).toContain(detail);
      expect(documentedText).not.toContain(detail);
    }
  });

  it("reads the simulator's answer to our own request, a per-mailbox error and a mailbox sharing nothing", () => {
    const mailboxes = ["bob@contoso.test", "nobody@contoso.test", "kiri@contoso.test", "dev@contoso.test"];
    const answer = harness.execute({ as: SERVICE, xml: buildAvailabilityEnvelope({ mailboxes, days: week }) });
    expect(answer.status).toBe(200);
    const parsed = parseAvailabilityResponse(answer.body);
    expect(parsed.map(({ events, ...rest }) => rest)).toEqual([
      { responseClass: "Success", responseCode: "NoError", viewType: "FreeBusy" },
      { responseClass: "Error", responseCode: "ErrorMailRecipientNotFound", viewType: "None" },
      { responseClass: "Success", responseCode: "NoError", viewType: "None" },
      { responseClass: "Success", responseCode: "NoError", viewType: "FreeBusy" },
    ]);
    expect(parsed[1]?.events).toEqual([]);
    expect(parsed[2]?.events).toEqual([]);
    expect(parsed[0]?.events.length).toBeGreaterThan(3);
    expect(parsed.flatMap((response) => response.events)).toEqual(readEventsWithDom(answer.body));
  });

  it("goes by namespace, not prefix or local name alone", () => {
    const xml = `<e:Envelope xmlns:e="${EWS_NS.soap}"><e:Body><r:GetUserAvailabilityResponse xmlns:r="${EWS_NS.m}">
      <r:FreeBusyResponseArray><r:FreeBusyResponse><r:ResponseMessage ResponseClass="Success"><r:ResponseCode>NoError</r:ResponseCode></r:ResponseMessage>
      <r:FreeBusyView><FreeBusyViewType xmlns="${EWS_NS.t}">FreeBusy</FreeBusyViewType>
      <x:CalendarEventArray xmlns:x="${EWS_NS.t}"><x:CalendarEvent><x:StartTime>2026-10-19T09:00:00</x:StartTime>
      <x:EndTime>2026-10-19T10:00:00</x:EndTime><x:BusyType>Busy</x:BusyType><o:BusyType xmlns:o="urn:other">OOF</o:BusyType></x:CalendarEvent>
      <o:CalendarEvent xmlns:o="urn:other"><o:StartTime>2026-10-19T11:00:00</o:StartTime></o:CalendarEvent>
      </x:CalendarEventArray></r:FreeBusyView></r:FreeBusyResponse></r:FreeBusyResponseArray></r:GetUserAvailabilityResponse></e:Body></e:Envelope>`;
    expect(parseAvailabilityResponse(xml)).toEqual([
      {
        responseClass: "Success",
        responseCode: "NoError",
        viewType: "FreeBusy",
        events: [event("2026-10-19T09:00:00Z", "2026-10-19T10:00:00Z", "Busy")],
      },
    ]);
  });

  it("refuses XML that is not well-formed, an event without its end, and a time it cannot read", () => {
    expect(() => parseAvailabilityResponse(documented.slice(0, documented.length / 2))).toThrow();
    const withoutEnd = documented.replace("<t:EndTime>2027-03-15T09:00:00-05:00</t:EndTime>", "");
    expect(() => parseAvailabilityResponse(withoutEnd)).toThrow(/StartTime or EndTime/);
    const badTime = documented.replace("2027-03-15T09:00:00-05:00", "15/03/2027 09:00");
    expect(() => parseAvailabilityResponse(badTime)).toThrow(RangeError);
  });

  it("leaves WorkingHours unread on the free/busy path, though every view of the simulator carries them", () => {
    const answer = harness.execute({
      as: SERVICE,
      xml: buildAvailabilityEnvelope({ mailboxes: ["alice@contoso.test"], days: week }),
    });
    expect(answer.body).toContain("<t:WorkingHours>");
    const [alice] = parseAvailabilityResponse(answer.body);
    expect(alice && "workingHours" in alice).toBe(false);
  });
});

/** A FreeBusyView's WorkingHours as Microsoft documents them (Pacific time, weekdays 08:00–17:00). */
const pacificWorkingHours = (p: string) =>
  `<${p}:WorkingHours><${p}:TimeZone><${p}:Bias>480</${p}:Bias>` +
  `<${p}:StandardTime><${p}:Bias>0</${p}:Bias><${p}:Time>02:00:00</${p}:Time><${p}:DayOrder>1</${p}:DayOrder><${p}:Month>11</${p}:Month><${p}:DayOfWeek>Sunday</${p}:DayOfWeek></${p}:StandardTime>` +
  `<${p}:DaylightTime><${p}:Bias>-60</${p}:Bias><${p}:Time>02:00:00</${p}:Time><${p}:DayOrder>2</${p}:DayOrder><${p}:Month>3</${p}:Month><${p}:DayOfWeek>Sunday</${p}:DayOfWeek><${p}:Year>2026</${p}:Year></${p}:DaylightTime>` +
  `</${p}:TimeZone><${p}:WorkingPeriodArray><${p}:WorkingPeriod><${p}:DayOfWeek>Monday Tuesday Wednesday Thursday Friday</${p}:DayOfWeek>` +
  `<${p}:StartTimeInMinutes>480</${p}:StartTimeInMinutes><${p}:EndTimeInMinutes>1020</${p}:EndTimeInMinutes></${p}:WorkingPeriod>` +
  `<${p}:WorkingPeriod><${p}:DayOfWeek>Saturday</${p}:DayOfWeek><${p}:StartTimeInMinutes>600</${p}:StartTimeInMinutes><${p}:EndTimeInMinutes>720</${p}:EndTimeInMinutes></${p}:WorkingPeriod>` +
  `</${p}:WorkingPeriodArray></${p}:WorkingHours>`;

describe("parseAvailabilityWithWorkingHours", () => {
  it("also reads each view's WorkingHours: the zone rule and the working periods, as sent", () => {
    const xml = documented.replace(
      "</t:CalendarEventArray>\n          </m:FreeBusyView>",
      `</t:CalendarEventArray>${pacificWorkingHours("t")}</m:FreeBusyView>`,
    );
    expect(xml).not.toBe(documented);
    const parsed = parseAvailabilityWithWorkingHours(xml);
    expect(parsed.map(({ workingHours, ...rest }) => rest)).toEqual(parseAvailabilityResponse(documented));
    expect(parsed[0]?.workingHours).toEqual({
      bias: "480",
      standard: { Bias: "0", Time: "02:00:00", DayOrder: "1", Month: "11", DayOfWeek: "Sunday" },
      daylight: { Bias: "-60", Time: "02:00:00", DayOrder: "2", Month: "3", DayOfWeek: "Sunday", Year: "2026" },
      periods: [
        { DayOfWeek: "Monday Tuesday Wednesday Thursday Friday", StartTimeInMinutes: "480", EndTimeInMinutes: "1020" },
        { DayOfWeek: "Saturday", StartTimeInMinutes: "600", EndTimeInMinutes: "720" },
      ],
    });
    expect(parsed[1]?.workingHours).toBeUndefined();
    // Event details still never reach the result.
    expect(JSON.stringify(parsed)).not.toMatch(/harbour board|referral letter|Elm Street|ABCDEF0123/);
  });

  it("reads the simulator's WorkingHours for every mailbox that shares a view, and nothing of the others", () => {
    const mailboxes = ["farid@contoso.test", "kiri@contoso.test", "nobody@contoso.test", "jonas@contoso.test"];
    const detailed = buildAvailabilityBody({
      mailboxes,
      start: "2026-10-19T00:00:00",
      end: "2026-10-20T00:00:00",
      view: "Detailed",
    });
    const answer = harness.execute({ as: SERVICE, xml: buildRequestEnvelope({ body: detailed }) });
    const parsed = parseAvailabilityWithWorkingHours(answer.body);
    expect(parsed.map((response) => response.workingHours?.periods)).toEqual([
      [{ DayOfWeek: "Sunday Monday Tuesday Wednesday Thursday", StartTimeInMinutes: "480", EndTimeInMinutes: "1020" }],
      undefined,
      undefined,
      [{ DayOfWeek: "Monday Tuesday Wednesday Thursday Friday", StartTimeInMinutes: "480", EndTimeInMinutes: "990" }],
    ]);
    // Dubai: UTC+4 all year; Berlin: UTC+1, daylight from the last Sunday of March to that of October.
    expect(parsed[0]?.workingHours).toMatchObject({ bias: "-240", daylight: { DayOrder: "0", Month: "0" } });
    expect(parsed[3]?.workingHours).toMatchObject({
      bias: "-60",
      standard: { Bias: "0", Time: "03:00:00", DayOrder: "5", Month: "10", DayOfWeek: "Sunday" },
      daylight: { Bias: "-60", Time: "02:00:00", DayOrder: "5", Month: "3", DayOfWeek: "Sunday" },
    });
    expect(answer.body).toMatch(/CANARY-/);
    expect(JSON.stringify(parsed)).not.toMatch(/CANARY-|Subject|Location/);
  });

  it("goes by place and namespace: WorkingHours elsewhere or in another namespace are not read", () => {
    const frame = (view: string) =>
      `<e:Envelope xmlns:e="${EWS_NS.soap}"><e:Body><r:GetUserAvailabilityResponse xmlns:r="${EWS_NS.m}" xmlns:x="${EWS_NS.t}" xmlns:o="urn:other">` +
      `<r:FreeBusyResponseArray><r:FreeBusyResponse><r:ResponseMessage ResponseClass="Success"><r:ResponseCode>NoError</r:ResponseCode></r:ResponseMessage>` +
      `${view}</r:FreeBusyResponse></r:FreeBusyResponseArray></r:GetUserAvailabilityResponse></e:Body></e:Envelope>`;
    const inView = parseAvailabilityWithWorkingHours(
      frame(
        `<r:FreeBusyView><x:FreeBusyViewType>FreeBusy</x:FreeBusyViewType>${pacificWorkingHours("x")}</r:FreeBusyView>`,
      ),
    );
    expect(inView[0]?.workingHours?.bias).toBe("480");
    const foreign = parseAvailabilityWithWorkingHours(
      frame(
        `<r:FreeBusyView><x:FreeBusyViewType>FreeBusy</x:FreeBusyViewType>${pacificWorkingHours("o")}</r:FreeBusyView>`,
      ),
    );
    expect(foreign[0]?.workingHours).toBeUndefined();
    const outsideView = parseAvailabilityWithWorkingHours(
      frame(
        `<r:FreeBusyView><x:FreeBusyViewType>FreeBusy</x:FreeBusyViewType></r:FreeBusyView>${pacificWorkingHours("x")}`,
      ),
    );
    expect(outsideView[0]?.workingHours).toBeUndefined();
  });
});
