import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  Appointment,
  AppointmentSchema,
  AttendeeInfo,
  AvailabilityData,
  AvailabilityOptions,
  BasePropertySet,
  CalendarView,
  ConflictResolutionMode,
  ConnectingIdType,
  DateTime,
  DeleteMode,
  ExchangeService,
  ExchangeVersion,
  ExtendedPropertyDefinition,
  Folder,
  FreeBusyViewType,
  Guid,
  ImpersonatedUserId,
  ItemId,
  LegacyFreeBusyStatus,
  MapiPropertyType,
  MessageBody,
  PropertySet,
  ResolveNameSearchLocation,
  SendCancellationsMode,
  SendInvitationsMode,
  SendInvitationsOrCancellationsMode,
  TimeWindow,
  TimeZoneInfo,
  Uri,
  WebCredentials,
  WellKnownFolderName,
} from "ews-javascript-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { EwsResponse } from "./contract";
import { createCoreHarness, expectSchemaValid } from "./core-test-harness";

/**
 * The real client (ews-javascript-api 0.15.3) against the core through a plain HTTP stub:
 * the stub ignores credentials (authentication is the server half's job) and reads the
 * caller from a test-only header.
 */
const harness = createCoreHarness({ now: new Date("2025-03-05T12:00:00Z") });
const ALICE = "alice@contoso.test";
const BOB = "bob@contoso.test";
const SVC = "svc-slotbridge@contoso.test";
const BOOKING_PROPERTY = new ExtendedPropertyDefinition(
  new Guid("c11ff724-aa03-4555-9952-8fa248a11c3e"),
  "SlotbridgeBookingId",
  MapiPropertyType.String,
);

let server: Server;
let url = "";
let caller = ALICE;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const answer: EwsResponse = harness.execute({ as: caller, xml: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(answer.status, { "content-type": answer.contentType });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/EWS/Exchange.asmx`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await expectSchemaValid(harness.responses);
});

beforeEach(() => {
  harness.core.reset();
  caller = ALICE;
});

function createService(input: { as: string; zone?: string }): ExchangeService {
  caller = input.as;
  // An explicit zone: the client's guess of the machine zone is wrong in containers (see EWS-NOTES).
  const service = new ExchangeService(
    ExchangeVersion.Exchange2013_SP1,
    TimeZoneInfo.FindSystemTimeZoneById(input.zone ?? "UTC"),
  );
  service.Credentials = new WebCredentials(input.as, "not-checked-by-the-stub");
  service.Url = new Uri(url);
  return service;
}

function window(start: string, end: string): TimeWindow {
  return new TimeWindow(DateTime.Parse(start), DateTime.Parse(end));
}

async function getAvailability(input: {
  service: ExchangeService;
  mailboxes: string[];
  view: FreeBusyViewType;
  start?: string;
  end?: string;
}) {
  const options = new AvailabilityOptions();
  options.RequestedFreeBusyView = input.view;
  options.MergedFreeBusyInterval = 60;
  return input.service.GetUserAvailability(
    input.mailboxes.map((m) => new AttendeeInfo(m)),
    window(input.start ?? "2025-03-03T00:00:00", input.end ?? "2025-03-08T00:00:00"),
    AvailabilityData.FreeBusy,
    options,
  );
}

describe("GetUserAvailability through ews-javascript-api", () => {
  it("returns free/busy, details where permitted, and errors per mailbox", async () => {
    const service = createService({ as: BOB, zone: "GMT Standard Time" });
    const results = await getAvailability({
      service,
      mailboxes: [ALICE, "chloe@contoso.test", "nobody@contoso.test"],
      view: FreeBusyViewType.DetailedMerged,
    });
    const [alice, chloe, nobody] = results.AttendeesAvailability.Responses;
    expect(alice?.ViewType).toBe(FreeBusyViewType.DetailedMerged);
    expect(alice?.CalendarEvents.some((e) => e.Details?.Subject?.includes("CANARY-"))).toBe(true);
    expect(alice?.MergedFreeBusyStatus.length).toBe(5 * 24);
    expect(alice?.WorkingHours?.StartTime.TotalMinutes).toBe(9 * 60);
    expect(chloe?.ViewType).toBe(FreeBusyViewType.FreeBusyMerged);
    expect(chloe?.CalendarEvents.every((e) => e.Details === null || e.Details === undefined)).toBe(true);
    expect(nobody?.ErrorCode).toBeTruthy();
    expect(String(nobody?.ErrorMessage)).toContain("nobody@contoso.test");
    const checkIn = alice?.CalendarEvents.find((e) => e.Details?.Subject?.startsWith("Daily check-in"));
    expect(checkIn?.StartTime.MomentDate.toISOString()).toBe("2025-03-03T09:00:00.000Z");
  });

  it("reads the TimeZoneContext: New York wall times across the US DST change", async () => {
    const service = createService({ as: BOB, zone: "Eastern Standard Time" });
    const results = await getAvailability({
      service,
      mailboxes: [BOB],
      view: FreeBusyViewType.FreeBusy,
      start: "2025-03-07T00:00:00",
      end: "2025-03-11T00:00:00",
    });
    const starts = results.AttendeesAvailability.Responses[0]?.CalendarEvents.map((e) =>
      e.StartTime.MomentDate.toISOString(),
    );
    // Bob's 08:00 check-in is 13:00Z before 9 March and 12:00Z after.
    expect(starts).toContain("2025-03-07T13:00:00.000Z");
    expect(starts).toContain("2025-03-10T12:00:00.000Z");
  });

  it("raises the request-level fault for a window beyond 42 days", async () => {
    const service = createService({ as: BOB });
    await expect(
      getAvailability({
        service,
        mailboxes: [ALICE],
        view: FreeBusyViewType.FreeBusy,
        start: "2025-03-01T00:00:00",
        end: "2025-04-20T00:00:00",
      }),
    ).rejects.toMatchObject({
      message: expect.stringContaining("42 days"),
    });
  });

  it("acts as the impersonated mailbox, and is refused where not granted", async () => {
    const service = createService({ as: SVC });
    service.ImpersonatedUserId = new ImpersonatedUserId(ConnectingIdType.SmtpAddress, BOB);
    const results = await getAvailability({ service, mailboxes: [ALICE], view: FreeBusyViewType.Detailed });
    expect(results.AttendeesAvailability.Responses[0]?.ViewType).toBe(FreeBusyViewType.Detailed);
    const denied = createService({ as: ALICE });
    denied.ImpersonatedUserId = new ImpersonatedUserId(ConnectingIdType.SmtpAddress, BOB);
    await expect(
      getAvailability({ service: denied, mailboxes: [ALICE], view: FreeBusyViewType.FreeBusy }),
    ).rejects.toMatchObject({
      message: expect.stringContaining("impersonate"),
    });
  });
});

describe("calendar items through ews-javascript-api", () => {
  it("expands a recurring series in a CalendarView", async () => {
    const service = createService({ as: ALICE });
    const found = await service.FindAppointments(
      WellKnownFolderName.Calendar,
      new CalendarView(DateTime.Parse("2025-03-03T00:00:00Z"), DateTime.Parse("2025-03-10T00:00:00Z")),
    );
    const syncs = found.Items.filter((a) => a.Subject.startsWith("Team sync"));
    expect(syncs.map((a) => a.Start.MomentDate.toISOString())).toEqual([
      "2025-03-03T10:00:00.000Z",
      "2025-03-05T14:00:00.000Z",
    ]);
    expect(syncs[1]?.Subject).toContain("(moved)");
  });

  it("creates a tagged meeting in a Windows zone, reads, updates, cancels and deletes it", async () => {
    const service = createService({ as: ALICE, zone: "Pacific Standard Time" });
    const appointment = new Appointment(service);
    appointment.Subject = "Slotbridge booking";
    appointment.Body = new MessageBody("Booked through Slotbridge");
    appointment.StartTimeZone = TimeZoneInfo.FindSystemTimeZoneById("Pacific Standard Time");
    appointment.EndTimeZone = TimeZoneInfo.FindSystemTimeZoneById("Pacific Standard Time");
    // Absolute instants: the client would read a bare "09:00" in the machine's zone (Kathmandu under vitest).
    appointment.Start = DateTime.Parse("2025-03-12T16:00:00Z");
    appointment.End = DateTime.Parse("2025-03-12T16:30:00Z");
    appointment.LegacyFreeBusyStatus = LegacyFreeBusyStatus.Busy;
    appointment.RequiredAttendees.Add(BOB);
    appointment.SetExtendedProperty(BOOKING_PROPERTY, "booking-7");
    await appointment.Save(WellKnownFolderName.Calendar, SendInvitationsMode.SendToAllAndSaveCopy);
    const id = appointment.Id.UniqueId;
    expect(id).toBeTruthy();

    // Stored at the instant sent, with Pacific as its creation zone (09:00 PDT).
    const stored = harness.core.listMailboxEvents(ALICE).find((e) => e.subject === "Slotbridge booking");
    expect(stored && new Date(stored.start).toISOString()).toBe("2025-03-12T16:00:00.000Z");
    expect(stored?.timeZone).toBe("America/Los_Angeles");

    const loaded = await Appointment.Bind(
      service,
      new ItemId(id),
      new PropertySet(BasePropertySet.FirstClassProperties, [BOOKING_PROPERTY]),
    );
    expect(loaded.Subject).toBe("Slotbridge booking");
    expect(loaded.ExtendedProperties._getItem(0).Value).toBe("booking-7");
    expect(loaded.RequiredAttendees.GetEnumerator().map((a) => a.Address)).toEqual([BOB]);

    loaded.End = DateTime.Parse("2025-03-12T17:00:00Z");
    await loaded.Update(ConflictResolutionMode.AutoResolve, SendInvitationsOrCancellationsMode.SendToAllAndSaveCopy);
    const updated = harness.core.listMailboxEvents(ALICE).find((e) => e.subject === "Slotbridge booking");
    expect(updated && new Date(updated.end).toISOString()).toBe("2025-03-12T17:00:00.000Z");

    const view = new CalendarView(DateTime.Parse("2025-03-12T00:00:00Z"), DateTime.Parse("2025-03-13T00:00:00Z"));
    view.PropertySet = new PropertySet(BasePropertySet.IdOnly, [AppointmentSchema.Subject, BOOKING_PROPERTY]);
    const tagged = (await service.FindAppointments(WellKnownFolderName.Calendar, view)).Items.filter(
      (a) => a.ExtendedProperties.Count > 0,
    );
    expect(tagged.map((a) => a.Subject)).toEqual(["Slotbridge booking"]);

    // Exchange answers a sent cancellation with an empty <m:Items/>, which ews-javascript-api 0.15.3 cannot
    // read ("items is not iterable"); the cancellation has gone through all the same.
    await expect(loaded.CancelMeeting("Sorry, cancelled")).rejects.toThrow(/not iterable/);
    expect(harness.core.listMailboxEvents(ALICE).some((e) => e.subject === "Slotbridge booking")).toBe(false);

    const other = new Appointment(service);
    other.Subject = "Short-lived";
    other.Start = DateTime.Parse("2025-03-13T09:00:00Z");
    other.End = DateTime.Parse("2025-03-13T10:00:00Z");
    await other.Save(WellKnownFolderName.Calendar, SendInvitationsMode.SendToNone);
    await other.Delete(DeleteMode.MoveToDeletedItems, SendCancellationsMode.SendToNone);
    expect(harness.core.listMailboxEvents(ALICE).some((e) => e.subject === "Short-lived")).toBe(false);
    await expect(Appointment.Bind(service, new ItemId(other.Id.UniqueId))).rejects.toMatchObject({
      message: expect.stringContaining("not found"),
    });
  });

  it("binds to the calendar folder and resolves names", async () => {
    const service = createService({ as: ALICE });
    const calendar = await Folder.Bind(service, WellKnownFolderName.Calendar);
    expect(calendar.DisplayName).toBe("Calendar");
    expect(calendar.TotalCount).toBeGreaterThan(5);
    const resolved = await service.ResolveName("grace", ResolveNameSearchLocation.DirectoryOnly, true);
    expect(resolved._getItem(0).Mailbox.Address).toBe("grace@contoso.test");
    await expect(service.ResolveName("nobody-by-that-name")).resolves.toMatchObject({ Count: 0 });
  });
});
