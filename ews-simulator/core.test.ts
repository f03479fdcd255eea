import type { Element } from "@xmldom/xmldom";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ACCEPTED_REQUEST_VERSIONS } from "./contract";
import { createCoreHarness, expectSchemaValid, parseResponse, readFaultCode } from "./core-test-harness";
import { eventCanaries } from "./data/seed";
import { findChild, findChildren, listChildElements, readAttribute, readChildText } from "./soap/dom";
import { NS } from "./soap/namespaces";
import {
  buildAvailabilityBody,
  buildImpersonationHeader,
  buildRequestEnvelope,
  buildTimeZoneContextHeader,
} from "./soap/request-builder";

// Wednesday 5 March 2025, noon UTC: London is on GMT, New York on EST until the 9th.
const harness = createCoreHarness({ now: new Date("2025-03-05T12:00:00Z") });
const ALICE = "alice@contoso.test";
const BOB = "bob@contoso.test";
const CHLOE = "chloe@contoso.test";
const SVC = "svc-slotbridge@contoso.test";

function availability(input: {
  as: string;
  mailboxes: string[];
  view: string;
  start?: string;
  end?: string;
  header?: string;
  interval?: number;
}) {
  return harness.execute({
    as: input.as,
    xml: buildRequestEnvelope({
      header: input.header,
      body: buildAvailabilityBody({
        mailboxes: input.mailboxes,
        start: input.start ?? "2025-03-03T00:00:00",
        end: input.end ?? "2025-03-08T00:00:00",
        view: input.view,
        interval: input.interval,
      }),
    }),
  });
}

function listFreeBusyResponses(body: Element): Element[] {
  const array = findChild(body, "FreeBusyResponseArray", NS.m);
  return array ? findChildren(array, "FreeBusyResponse", NS.m) : [];
}

function readView(response: Element) {
  const view = findChild(response, "FreeBusyView", NS.m);
  if (!view) throw new Error("no FreeBusyView");
  const events = findChild(view, "CalendarEventArray");
  return {
    type: readChildText(view, "FreeBusyViewType"),
    merged: readChildText(view, "MergedFreeBusy"),
    events: (events ? findChildren(events, "CalendarEvent") : []).map((event) => {
      const details = findChild(event, "CalendarEventDetails");
      return {
        start: readChildText(event, "StartTime"),
        end: readChildText(event, "EndTime"),
        busyType: readChildText(event, "BusyType"),
        subject: details ? readChildText(details, "Subject") : undefined,
        location: details ? readChildText(details, "Location") : undefined,
        isPrivate: details ? readChildText(details, "IsPrivate") : undefined,
        hasDetails: details !== undefined,
      };
    }),
    hasWorkingHours: findChild(view, "WorkingHours") !== undefined,
  };
}

function readResponseCode(message: Element | undefined): string | undefined {
  return message ? readChildText(message, "ResponseCode", NS.m) : undefined;
}

function listResponseMessages(body: Element): Element[] {
  const messages = findChild(body, "ResponseMessages", NS.m);
  return messages ? listChildElements(messages) : [];
}

function findItemXml(input: { start: string; end: string; shape?: string; mailbox?: string; extra?: string }) {
  const mailbox = input.mailbox ? `<t:Mailbox><t:EmailAddress>${input.mailbox}</t:EmailAddress></t:Mailbox>` : "";
  return buildRequestEnvelope({
    body: `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>${input.shape ?? "Default"}</t:BaseShape>${input.extra ?? ""}</m:ItemShape>
<m:CalendarView StartDate="${input.start}" EndDate="${input.end}"/><m:ParentFolderIds><t:DistinguishedFolderId Id="calendar">${mailbox}</t:DistinguishedFolderId></m:ParentFolderIds></m:FindItem>`,
  });
}

function listCalendarItems(body: Element): Element[] {
  const message = listResponseMessages(body)[0];
  const root = message ? findChild(message, "RootFolder", NS.m) : undefined;
  const items = root ? findChild(root, "Items") : undefined;
  return items ? findChildren(items, "CalendarItem") : [];
}

const PROPERTY_SET = "c11ff724-aa03-4555-9952-8fa248a11c3e";
function createItemXml(input: {
  subject: string;
  start: string;
  end: string;
  attrs?: string;
  beforeStart?: string;
  afterStart?: string;
  header?: string;
}) {
  return buildRequestEnvelope({
    header: input.header,
    body: `<m:CreateItem ${input.attrs ?? 'SendMeetingInvitations="SendToAllAndSaveCopy"'}><m:SavedItemFolderId><t:DistinguishedFolderId Id="calendar"/></m:SavedItemFolderId><m:Items><t:CalendarItem>
<t:Subject>${input.subject}</t:Subject><t:Body BodyType="Text">Booked by Slotbridge</t:Body>
${input.beforeStart ?? `<t:ExtendedProperty><t:ExtendedFieldURI PropertySetId="${PROPERTY_SET}" PropertyName="SlotbridgeBookingId" PropertyType="String"/><t:Value>booking-42</t:Value></t:ExtendedProperty>`}
<t:Start>${input.start}</t:Start><t:End>${input.end}</t:End>${input.afterStart ?? ""}<t:IsAllDayEvent>false</t:IsAllDayEvent><t:LegacyFreeBusyStatus>Busy</t:LegacyFreeBusyStatus><t:Location>Video call</t:Location>
<t:RequiredAttendees><t:Attendee><t:Mailbox><t:EmailAddress>${BOB}</t:EmailAddress></t:Mailbox></t:Attendee></t:RequiredAttendees>
<t:StartTimeZone Id="GMT Standard Time"/><t:EndTimeZone Id="GMT Standard Time"/>
</t:CalendarItem></m:Items></m:CreateItem>`,
  });
}

function readCreatedId(body: Element): { id: string; changeKey: string } {
  const message = listResponseMessages(body)[0];
  const items = message ? findChild(message, "Items", NS.m) : undefined;
  const item = items ? findChild(items, "CalendarItem") : undefined;
  const itemId = item ? findChild(item, "ItemId") : undefined;
  if (!itemId) throw new Error(`no item id in ${readResponseCode(message)}`);
  return { id: readAttribute(itemId, "Id") ?? "", changeKey: readAttribute(itemId, "ChangeKey") ?? "" };
}

beforeEach(() => harness.core.reset());

describe("GetUserAvailability", () => {
  it("gives the owner every detail, private items included, and the merged string", () => {
    const body = parseResponse(availability({ as: ALICE, mailboxes: [ALICE], view: "DetailedMerged" }));
    const view = readView(listFreeBusyResponses(body)[0] as Element);
    expect(view.type).toBe("DetailedMerged");
    expect(view.merged).toHaveLength(5 * 48);
    const privateOne = view.events.find((e) => e.isPrivate === "true");
    expect(privateOne?.subject).toMatch(/^Private appointment CANARY-/);
    // Tuesday's check-in was deleted from the series, Wednesday's sync moved to 14:00.
    expect(view.events.some((e) => e.start === "2025-03-04T09:00:00")).toBe(false);
    expect(
      view.events.find((e) => e.start === "2025-03-05T14:00:00" && e.subject?.startsWith("Team sync (moved)")),
    ).toBeDefined();
    // Free items are not part of free/busy.
    expect(view.events.some((e) => e.subject?.startsWith("Focus reminder"))).toBe(false);
    expect(view.events.some((e) => e.busyType === "OOF")).toBe(true);
  });

  it("shows subjects to a granted colleague but hides private items' subject and location", () => {
    const body = parseResponse(availability({ as: BOB, mailboxes: [ALICE], view: "Detailed" }));
    const view = readView(listFreeBusyResponses(body)[0] as Element);
    expect(view.type).toBe("Detailed");
    const privateOne = view.events.find((e) => e.isPrivate === "true");
    expect(privateOne?.hasDetails).toBe(true);
    expect(privateOne?.subject).toBeUndefined();
    expect(privateOne?.location).toBeUndefined();
    expect(view.events.filter((e) => e.subject?.includes("CANARY-")).length).toBeGreaterThan(3);
  });

  it("downgrades Detailed to FreeBusy without the permission, and leaks no canary", () => {
    const response = availability({ as: CHLOE, mailboxes: [ALICE], view: "DetailedMerged" });
    const view = readView(listFreeBusyResponses(parseResponse(response))[0] as Element);
    expect(view.type).toBe("FreeBusyMerged");
    expect(view.events.length).toBeGreaterThan(3);
    expect(view.events.every((e) => !e.hasDetails)).toBe(true);
    expect(view.hasWorkingHours).toBe(true);
    for (const canary of harness.core.listCanaries()) expect(response.body).not.toContain(canary);
  });

  it("answers MergedOnly with the merged string alone", () => {
    const view = readView(
      listFreeBusyResponses(
        parseResponse(availability({ as: BOB, mailboxes: [ALICE], view: "MergedOnly", interval: 60 })),
      )[0] as Element,
    );
    expect(view).toMatchObject({ type: "MergedOnly", events: [], hasWorkingHours: false });
    // Monday 3 March, London = UTC: check-in 09:00 (busy), team sync 10:00–11:00 (busy).
    expect(view.merged?.slice(0, 24)).toBe("000000000220000000000000");
  });

  it("gives no data for a mailbox that shares nothing, in request order with unknown mailboxes", () => {
    const body = parseResponse(
      availability({
        as: SVC,
        mailboxes: ["kiri@contoso.test", "nobody@contoso.test", "jonas@contoso.test"],
        view: "Detailed",
      }),
    );
    const [kiri, nobody, jonas] = listFreeBusyResponses(body);
    expect(readView(kiri as Element)).toMatchObject({ type: "None", events: [] });
    expect(readResponseCode(findChild(nobody as Element, "ResponseMessage", NS.m))).toBe("ErrorMailRecipientNotFound");
    expect(readView(jonas as Element).type).toBe("Detailed");
  });

  it("reads the window in the TimeZoneContext zone and answers in it", () => {
    const body = parseResponse(
      availability({
        as: BOB,
        mailboxes: [BOB],
        view: "FreeBusy",
        start: "2025-03-03T00:00:00",
        end: "2025-03-04T00:00:00",
        header: buildTimeZoneContextHeader("Eastern Standard Time"),
      }),
    );
    const view = readView(listFreeBusyResponses(body)[0] as Element);
    // Bob's daily check-in is at 08:00 New York time.
    expect(view.events[0]).toMatchObject({ start: "2025-03-03T08:00:00", end: "2025-03-03T08:15:00" });
  });

  it("rejects windows too long or backwards, bad intervals, the None view and more than 100 mailboxes", () => {
    expect(
      readFaultCode(
        availability({
          as: BOB,
          mailboxes: [ALICE],
          view: "FreeBusy",
          start: "2025-03-01T00:00:00",
          end: "2025-04-13T00:00:00",
        }),
      ),
    ).toBe("ErrorTimeIntervalTooBig");
    expect(
      availability({
        as: BOB,
        mailboxes: [ALICE],
        view: "FreeBusy",
        start: "2025-03-01T00:00:00",
        end: "2025-04-12T00:00:00",
      }).status,
    ).toBe(200);
    expect(
      readFaultCode(
        availability({
          as: BOB,
          mailboxes: [ALICE],
          view: "FreeBusy",
          start: "2025-03-05T00:00:00",
          end: "2025-03-04T00:00:00",
        }),
      ),
    ).toBe("ErrorInvalidTimeInterval");
    expect(readFaultCode(availability({ as: BOB, mailboxes: [ALICE], view: "FreeBusy", interval: 4 }))).toBe(
      "ErrorInvalidMergedFreeBusyInterval",
    );
    expect(readFaultCode(availability({ as: BOB, mailboxes: [ALICE], view: "None" }))).toBe(
      "ErrorInvalidFreeBusyViewType",
    );
    const many = Array.from({ length: 101 }, (_, i) => `user${i}@contoso.test`);
    expect(readFaultCode(availability({ as: BOB, mailboxes: many, view: "FreeBusy" }))).toBe(
      "ErrorMailboxDataArrayTooBig",
    );
    expect(availability({ as: BOB, mailboxes: many.slice(0, 100), view: "FreeBusy" }).status).toBe(200);
  });
});

describe("envelope, versions and faults", () => {
  const resolve = (version?: string | null) =>
    harness.execute({
      as: ALICE,
      xml: buildRequestEnvelope({
        version,
        body: '<m:ResolveNames ReturnFullContactData="true"><m:UnresolvedEntry>alice</m:UnresolvedEntry></m:ResolveNames>',
      }),
    });

  it("accepts Exchange2007_SP1 up to its own V2017_07_11 and a missing header, and refuses the others", () => {
    for (const version of [...ACCEPTED_REQUEST_VERSIONS, null]) expect(resolve(version).status, `${version}`).toBe(200);
    for (const version of ["Exchange2007", "Exchange2009", "Exchange2012", "V2017_10_09", "V2018_01_08"]) {
      expect(readFaultCode(resolve(version)), version).toBe("ErrorInvalidServerVersion");
    }
  });

  it("names the same server build on every answer, whatever version was asked for", () => {
    const headers = new Set(
      ["Exchange2007_SP1", "Exchange2010_SP2", "Exchange2016", "V2017_07_11", "Exchange2007"].map(
        (version) => /<h:ServerVersionInfo [^>]*\/>/.exec(resolve(version).body)?.[0],
      ),
    );
    expect([...headers]).toEqual([
      '<h:ServerVersionInfo MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6" Version="V2017_07_11" xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types"/>',
    ]);
  });

  it("reads ReturnFullContactData as the schema does: true, 1, false, 0", () => {
    const resolveWith = (flag: string) =>
      harness.execute({
        as: ALICE,
        xml: buildRequestEnvelope({
          body: `<m:ResolveNames ReturnFullContactData="${flag}"><m:UnresolvedEntry>alice</m:UnresolvedEntry></m:ResolveNames>`,
        }),
      }).body;
    for (const flag of ["true", "1"]) expect(resolveWith(flag), flag).toContain("<t:Contact>");
    for (const flag of ["false", "0"]) expect(resolveWith(flag), flag).not.toContain("<t:Contact>");
  });

  it("answers a version it does not know with ErrorInvalidServerVersion before the schema check", async () => {
    // Exchange reads RequestServerVersion first: clients such as exchangelib open with the newest version they
    // know (Exchange2019) and step down on this error; a schema fault would stop them.
    for (const version of ["Exchange2019", "Exchange2099", "Banana"]) {
      const xml = buildRequestEnvelope({
        version,
        body: '<m:ResolveNames ReturnFullContactData="true"><m:UnresolvedEntry>alice</m:UnresolvedEntry></m:ResolveNames>',
      });
      const refusal = await harness.core.validate(xml);
      expect(refusal && readFaultCode(refusal), version).toBe("ErrorInvalidServerVersion");
    }
  });

  it("answers junk, non-SOAP and unknown operations with faults, and summarizes good requests", () => {
    const ctx = harness.callContext(ALICE);
    for (const xml of [
      "<oops",
      "<a xmlns='urn:x'/>",
      buildRequestEnvelope({
        body: "<m:GetUserOofSettingsRequest><t:Mailbox><t:Address>alice@contoso.test</t:Address></t:Mailbox></m:GetUserOofSettingsRequest>",
      }),
    ]) {
      const response = harness.core.execute(xml, ctx);
      harness.responses.push({ label: xml.slice(0, 40), request: xml, response });
      expect(["ErrorSchemaValidation", "ErrorInvalidRequest"]).toContain(readFaultCode(response));
      expect(harness.core.summarize(xml)).toHaveProperty("status", 500);
    }
    const summary = harness.core.summarize(
      buildRequestEnvelope({
        header: buildImpersonationHeader(BOB),
        body: buildAvailabilityBody({ mailboxes: [ALICE], start: "2025-03-03", end: "2025-03-04", view: "Detailed" }),
      }),
    );
    expect(summary).toEqual({
      operation: "GetUserAvailability",
      requestedServerVersion: "Exchange2013_SP1",
      requestedView: "Detailed",
      timeWindow: { start: "2025-03-03", end: "2025-03-04" },
      mailboxes: [BOB, ALICE],
      impersonating: BOB,
    });
  });

  it("renders the throttling fault with BackOffMilliseconds", () => {
    const response = harness.core.serverBusyFault(1234);
    harness.responses.push({ label: "server busy", response });
    expect(readFaultCode(response)).toBe("ErrorServerBusy");
    expect(response.body).toContain('<t:Value Name="BackOffMilliseconds">1234</t:Value>');
  });

  it("allows impersonation only where granted", () => {
    const body = buildAvailabilityBody({
      mailboxes: [ALICE],
      start: "2025-03-03T00:00:00",
      end: "2025-03-04T00:00:00",
      view: "Detailed",
    });
    const allowed = harness.execute({
      as: SVC,
      xml: buildRequestEnvelope({ header: buildImpersonationHeader(BOB), body }),
    });
    // Acting as Bob, the service sees what Bob may see.
    expect(readView(listFreeBusyResponses(parseResponse(allowed))[0] as Element).type).toBe("Detailed");
    expect(
      readFaultCode(
        harness.execute({ as: ALICE, xml: buildRequestEnvelope({ header: buildImpersonationHeader(BOB), body }) }),
      ),
    ).toBe("ErrorImpersonateUserDenied");
    expect(
      readFaultCode(
        harness.execute({
          as: SVC,
          xml: buildRequestEnvelope({ header: buildImpersonationHeader("ghost@contoso.test"), body }),
        }),
      ),
    ).toBe("ErrorNonExistentMailbox");
  });
});

describe("calendar items", () => {
  it("expands series with their exceptions in a CalendarView and honours MaxEntriesReturned", () => {
    const body = parseResponse(
      harness.execute({ as: ALICE, xml: findItemXml({ start: "2025-03-03T00:00:00Z", end: "2025-03-08T00:00:00Z" }) }),
    );
    const items = listCalendarItems(body).map((item) => ({
      subject: readChildText(item, "Subject"),
      start: readChildText(item, "Start"),
      type: readChildText(item, "CalendarItemType"),
    }));
    expect(items.filter((i) => i.subject?.startsWith("Daily check-in")).map((i) => i.start)).toEqual([
      "2025-03-03T09:00:00Z",
      "2025-03-05T09:00:00Z",
      "2025-03-06T09:30:00Z",
      "2025-03-07T09:00:00Z",
    ]);
    expect(items.find((i) => i.start === "2025-03-06T09:30:00Z")?.type).toBe("Exception");
    expect(items.some((i) => i.type === "Single")).toBe(true);
    const limited = parseResponse(
      harness.execute({
        as: ALICE,
        xml: findItemXml({ start: "2025-03-03T00:00:00Z", end: "2025-03-08T00:00:00Z", shape: "IdOnly" }).replace(
          "<m:CalendarView ",
          '<m:CalendarView MaxEntriesReturned="2" ',
        ),
      }),
    );
    expect(listCalendarItems(limited)).toHaveLength(2);
    const root = findChild(listResponseMessages(limited)[0] as Element, "RootFolder", NS.m);
    expect(root && readAttribute(root, "IncludesLastItemInRange")).toBe("false");
  });

  it("creates a booking that shows busy, keeps its extended property, updates, deletes", () => {
    const created = parseResponse(
      harness.execute({
        as: ALICE,
        xml: createItemXml({ subject: "Booked", start: "2025-03-10T15:00:00", end: "2025-03-10T15:30:00" }),
      }),
    );
    const { id, changeKey } = readCreatedId(created);
    const busy = readView(
      listFreeBusyResponses(
        parseResponse(
          availability({
            as: BOB,
            mailboxes: [ALICE],
            view: "FreeBusy",
            start: "2025-03-10T00:00:00",
            end: "2025-03-11T00:00:00",
          }),
        ),
      )[0] as Element,
    );
    expect(busy.events).toContainEqual(
      expect.objectContaining({ start: "2025-03-10T15:00:00", end: "2025-03-10T15:30:00", busyType: "Busy" }),
    );

    const extended = `<t:AdditionalProperties><t:ExtendedFieldURI PropertySetId="${PROPERTY_SET.toUpperCase()}" PropertyName="SlotbridgeBookingId" PropertyType="String"/></t:AdditionalProperties>`;
    const found = listCalendarItems(
      parseResponse(
        harness.execute({
          as: ALICE,
          xml: findItemXml({
            start: "2025-03-10T00:00:00Z",
            end: "2025-03-11T00:00:00Z",
            shape: "IdOnly",
            extra: extended,
          }),
        }),
      ),
    );
    const booking = found.find((item) => findChild(item, "ExtendedProperty"));
    expect(booking && readChildText(findChild(booking, "ExtendedProperty") as Element, "Value")).toBe("booking-42");

    const getItem = (itemId: string) =>
      harness.execute({
        as: ALICE,
        xml: buildRequestEnvelope({
          body: `<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape>${extended}</m:ItemShape><m:ItemIds><t:ItemId Id="${itemId}"/></m:ItemIds></m:GetItem>`,
        }),
      });
    const item = findChild(
      findChild(listResponseMessages(parseResponse(getItem(id)))[0] as Element, "Items", NS.m) as Element,
      "CalendarItem",
    ) as Element;
    expect(readChildText(item, "Subject")).toBe("Booked");
    expect(readAttribute(findChild(item, "StartTimeZone") as Element, "Id")).toBe("GMT Standard Time");
    expect(
      readChildText(findChild(findChild(item, "RequiredAttendees") as Element, "Attendee") as Element, "ResponseType"),
    ).toBe("Unknown");

    const update = (key: string, conflict = "NeverOverwrite") =>
      harness.execute({
        as: ALICE,
        xml: buildRequestEnvelope({
          body: `<m:UpdateItem ConflictResolution="${conflict}" SendMeetingInvitationsOrCancellations="SendToAllAndSaveCopy"><m:ItemChanges><t:ItemChange><t:ItemId Id="${id}" ChangeKey="${key}"/><t:Updates>
<t:SetItemField><t:FieldURI FieldURI="calendar:Start"/><t:CalendarItem><t:Start>2025-03-10T16:00:00Z</t:Start></t:CalendarItem></t:SetItemField>
<t:SetItemField><t:FieldURI FieldURI="calendar:End"/><t:CalendarItem><t:End>2025-03-10T16:45:00Z</t:End></t:CalendarItem></t:SetItemField>
</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`,
        }),
      });
    const updated = readCreatedId(parseResponse(update(changeKey)));
    expect(updated.id).toBe(id);
    expect(updated.changeKey).not.toBe(changeKey);
    expect(readResponseCode(listResponseMessages(parseResponse(update(changeKey)))[0])).toBe(
      "ErrorIrresolvableConflict",
    );
    const moved = readChildText(
      findChild(
        findChild(listResponseMessages(parseResponse(getItem(id)))[0] as Element, "Items", NS.m) as Element,
        "CalendarItem",
      ) as Element,
      "End",
    );
    expect(moved).toBe("2025-03-10T16:45:00Z");

    const remove = (attrs: string) =>
      harness.execute({
        as: ALICE,
        xml: buildRequestEnvelope({
          body: `<m:DeleteItem ${attrs}><m:ItemIds><t:ItemId Id="${id}"/></m:ItemIds></m:DeleteItem>`,
        }),
      });
    expect(readResponseCode(listResponseMessages(parseResponse(remove('DeleteType="MoveToDeletedItems"')))[0])).toBe(
      "ErrorSendMeetingCancellationsRequired",
    );
    expect(
      readResponseCode(
        listResponseMessages(parseResponse(remove('DeleteType="HardDelete" SendMeetingCancellations="SendToNone"')))[0],
      ),
    ).toBe("NoError");
    expect(readResponseCode(listResponseMessages(parseResponse(getItem(id)))[0])).toBe("ErrorItemNotFound");
    expect(readResponseCode(listResponseMessages(parseResponse(getItem("AAMkA")))[0])).toBe("ErrorInvalidIdMalformed");
  });

  it("requires SendMeetingInvitations and schema order, and cancels meetings", () => {
    const missing = parseResponse(
      harness.execute({
        as: ALICE,
        xml: createItemXml({ subject: "x", start: "2025-03-10T15:00:00Z", end: "2025-03-10T16:00:00Z", attrs: "" }),
      }),
    );
    expect(readResponseCode(listResponseMessages(missing)[0])).toBe("ErrorSendMeetingInvitationsRequired");
    const late = `<t:ExtendedProperty><t:ExtendedFieldURI PropertySetId="${PROPERTY_SET}" PropertyName="SlotbridgeBookingId" PropertyType="String"/><t:Value>v</t:Value></t:ExtendedProperty>`;
    const disordered = harness.execute({
      as: ALICE,
      xml: createItemXml({
        subject: "x",
        start: "2025-03-10T15:00:00Z",
        end: "2025-03-10T16:00:00Z",
        beforeStart: "",
        afterStart: late,
      }),
    });
    expect(readFaultCode(disordered)).toBe("ErrorSchemaValidation");

    const { id } = readCreatedId(
      parseResponse(
        harness.execute({
          as: ALICE,
          xml: createItemXml({ subject: "To cancel", start: "2025-03-12T15:00:00Z", end: "2025-03-12T16:00:00Z" }),
        }),
      ),
    );
    const cancel = harness.execute({
      as: ALICE,
      xml: buildRequestEnvelope({
        body: `<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:Items><t:CancelCalendarItem><t:ReferenceItemId Id="${id}"/><t:NewBodyContent BodyType="Text">Sorry</t:NewBodyContent></t:CancelCalendarItem></m:Items></m:CreateItem>`,
      }),
    });
    expect(readResponseCode(listResponseMessages(parseResponse(cancel))[0])).toBe("NoError");
    expect(harness.core.listMailboxEvents(ALICE).some((e) => e.subject === "To cancel")).toBe(false);
  });

  it("lets a service account read a calendar it may impersonate, not others", () => {
    const own = parseResponse(
      harness.execute({
        as: SVC,
        xml: findItemXml({ start: "2025-03-03T00:00:00Z", end: "2025-03-04T00:00:00Z", mailbox: ALICE }),
      }),
    );
    expect(listCalendarItems(own).length).toBeGreaterThan(0);
    const denied = parseResponse(
      harness.execute({
        as: BOB,
        xml: findItemXml({ start: "2025-03-03T00:00:00Z", end: "2025-03-04T00:00:00Z", mailbox: ALICE }),
      }),
    );
    expect(readResponseCode(listResponseMessages(denied)[0])).toBe("ErrorAccessDenied");
  });

  it("answers GetFolder and ResolveNames", () => {
    const folder = parseResponse(
      harness.execute({
        as: ALICE,
        xml: buildRequestEnvelope({
          body: `<m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="calendar"/></m:FolderIds></m:GetFolder>`,
        }),
      }),
    );
    const calendar = findChild(
      findChild(listResponseMessages(folder)[0] as Element, "Folders", NS.m) as Element,
      "CalendarFolder",
    ) as Element;
    expect(readChildText(calendar, "DisplayName")).toBe("Calendar");
    const resolve = (entry: string) =>
      listResponseMessages(
        parseResponse(
          harness.execute({
            as: ALICE,
            xml: buildRequestEnvelope({
              body: `<m:ResolveNames ReturnFullContactData="true"><m:UnresolvedEntry>${entry}</m:UnresolvedEntry></m:ResolveNames>`,
            }),
          }),
        ),
      )[0] as Element;
    expect(readResponseCode(resolve("nobody-here"))).toBe("ErrorNameResolutionNoResults");
    const one = resolve("grace");
    expect(readResponseCode(one)).toBe("NoError");
    expect(one.toString()).toContain("grace@contoso.test");
  });
});

describe("seed", () => {
  it("puts a unique canary in every subject, location and body", () => {
    const canaries = eventCanaries();
    expect(new Set(canaries).size).toBe(canaries.length);
    for (const canary of canaries) expect(canary).toMatch(/^CANARY-[0-9a-f]{12}$/);
    expect(harness.core.listCanaries()).toEqual(canaries);
    for (const account of harness.accounts.filter((a) => a.email !== SVC)) {
      const events = harness.core.listMailboxEvents(account.email);
      expect(events.length).toBeGreaterThan(10);
      for (const event of events) {
        for (const text of [event.subject, event.location, event.body]) expect(text).toMatch(/CANARY-[0-9a-f]{12}/);
      }
      const statuses = new Set(events.map((e) => e.freeBusy));
      for (const status of ["Busy", "Tentative", "OOF", "WorkingElsewhere", "Free"]) expect(statuses).toContain(status);
      expect(events.some((e) => e.isAllDay)).toBe(true);
      expect(events.some((e) => e.recurrence?.pattern.kind === "daily" && e.exceptions.size >= 2)).toBe(true);
    }
  });
});

afterAll(async () => {
  await expectSchemaValid(harness.responses);
});
