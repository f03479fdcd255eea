import type { Element } from "@xmldom/xmldom";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createCoreHarness, expectSchemaValid, parseResponse } from "./core-test-harness";
import { findChild, findChildren, listChildElements, readAttribute, readChildText } from "./soap/dom";
import { NS } from "./soap/namespaces";
import { buildRequestEnvelope } from "./soap/request-builder";

/** FindItem's Restriction, SortOrder and paging, through the schema check as the server runs them. */
const harness = createCoreHarness({ now: new Date("2025-03-05T12:00:00Z") });
const ALICE = "alice@contoso.test";
const BOOKING_PROPERTY = `<t:ExtendedFieldURI PropertySetId="6f1d7a52-3c1e-4b8e-9a57-2d4f0b8c9e13" PropertyName="SlotbridgeBookingId" PropertyType="String"/>`;

beforeEach(() => harness.core.reset());
afterAll(async () => {
  await expectSchemaValid(harness.responses);
});

async function run(body: string) {
  const response = await harness.executeChecked({ as: ALICE, xml: buildRequestEnvelope({ body }) });
  expect(response.status, response.body).toBe(200);
  const message = listChildElements(findChild(parseResponse(response), "ResponseMessages", NS.m) as Element)[0];
  if (!message) throw new Error("no response message");
  return message;
}

/** A FindItem on Alice's calendar: `view` (paging element), then Restriction/SortOrder, as the schema orders them. */
function findItem(input: { view?: string; restriction?: string; sort?: string; folder?: string; traversal?: string }) {
  return run(
    `<m:FindItem Traversal="${input.traversal ?? "Shallow"}"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>` +
      `<t:FieldURI FieldURI="item:Subject"/><t:FieldURI FieldURI="calendar:Start"/>${BOOKING_PROPERTY}</t:AdditionalProperties></m:ItemShape>` +
      (input.view ?? "") +
      (input.restriction ? `<m:Restriction>${input.restriction}</m:Restriction>` : "") +
      (input.sort ? `<m:SortOrder>${input.sort}</m:SortOrder>` : "") +
      `<m:ParentFolderIds><t:DistinguishedFolderId Id="${input.folder ?? "calendar"}"/></m:ParentFolderIds></m:FindItem>`,
  );
}

function readPage(message: Element) {
  const root = findChild(message, "RootFolder", NS.m);
  const items = root ? findChildren(findChild(root, "Items") as Element, "CalendarItem") : [];
  return {
    code: readChildText(message, "ResponseCode", NS.m),
    text: readChildText(message, "MessageText", NS.m),
    subjects: items.map((item) => (readChildText(item, "Subject") ?? "").replace(/ CANARY-\w+/g, "")),
    starts: items.map((item) => readChildText(item, "Start") ?? ""),
    root: root
      ? Object.fromEntries(
          [
            "TotalItemsInView",
            "IncludesLastItemInRange",
            "IndexedPagingOffset",
            "NumeratorOffset",
            "AbsoluteDenominator",
          ]
            .map((name) => [name, readAttribute(root, name)])
            .filter(([, value]) => value !== undefined),
        )
      : undefined,
  };
}

async function createBooking(input: { subject: string; start: string; bookingId: string; categories?: string[] }) {
  const categories = input.categories
    ? `<t:Categories>${input.categories.map((c) => `<t:String>${c}</t:String>`).join("")}</t:Categories>`
    : "";
  const message = await run(
    `<m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem><t:Subject>${input.subject}</t:Subject>${categories}` +
      `<t:ExtendedProperty>${BOOKING_PROPERTY}<t:Value>${input.bookingId}</t:Value></t:ExtendedProperty>` +
      `<t:Start>${input.start}</t:Start><t:End>${input.start.replace("T10:", "T11:")}</t:End></t:CalendarItem></m:Items></m:CreateItem>`,
  );
  expect(readChildText(message, "ResponseCode", NS.m)).toBe("NoError");
}

const start = (relation: string, value: string) =>
  `<t:${relation}><t:FieldURI FieldURI="calendar:Start"/><t:FieldURIOrConstant><t:Constant Value="${value}"/></t:FieldURIOrConstant></t:${relation}>`;

describe("FindItem with a CalendarView", () => {
  const view = '<m:CalendarView StartDate="2025-03-03T00:00:00Z" EndDate="2025-03-08T00:00:00Z"/>';

  it.each([
    ["a Restriction", { restriction: start("IsGreaterThan", "2025-03-01T00:00:00Z") }],
    [
      "a SortOrder",
      { sort: '<t:FieldOrder Order="Descending"><t:FieldURI FieldURI="calendar:Start"/></t:FieldOrder>' },
    ],
  ])("refuses %s as Exchange does: ErrorInvalidOperation", async (_, query) => {
    expect(readPage(await findItem({ view, ...query }))).toMatchObject({
      code: "ErrorInvalidOperation",
      text: "Restrictions and sort order may not be specified for a CalendarView.",
    });
  });

  it("honours MaxEntriesReturned and says the view was cut short", async () => {
    const all = readPage(await findItem({ view }));
    const first = readPage(
      await findItem({ view: view.replace("<m:CalendarView ", '<m:CalendarView MaxEntriesReturned="3" ') }),
    );
    expect(first.starts).toEqual(all.starts.slice(0, 3));
    expect(first.root).toEqual({ TotalItemsInView: String(all.starts.length), IncludesLastItemInRange: "false" });
    expect(all.root?.IncludesLastItemInRange).toBe("true");
  });

  it("is refused on a folder that is not a calendar", async () => {
    expect(readPage(await findItem({ view, folder: "deleteditems" })).code).toBe(
      "ErrorCalendarFolderIsInvalidForCalendarView",
    );
  });
});

describe("FindItem Restriction", () => {
  beforeEach(async () => {
    await createBooking({
      subject: "Intro call Zoë",
      start: "2025-03-10T10:00:00Z",
      bookingId: "booking-1",
      categories: ["Slotbridge", "Sales"],
    });
    await createBooking({
      subject: "Follow-up call",
      start: "2025-03-11T10:00:00Z",
      bookingId: "booking-2",
      categories: ["Slotbridge"],
    });
  });

  const property = (relation: string, value: string) =>
    `<t:${relation}>${BOOKING_PROPERTY}<t:FieldURIOrConstant><t:Constant Value="${value}"/></t:FieldURIOrConstant></t:${relation}>`;

  it("finds an item by the app's extended property", async () => {
    expect(readPage(await findItem({ restriction: property("IsEqualTo", "booking-2") })).subjects).toEqual([
      "Follow-up call",
    ]);
    expect(
      readPage(await findItem({ restriction: `<t:Exists>${BOOKING_PROPERTY}</t:Exists>` })).subjects.sort(),
    ).toEqual(["Follow-up call", "Intro call Zoë"]);
  });

  it("combines IsGreaterThan, IsLessThan, And, Or and Not on the start time", async () => {
    const inWindow = `<t:And>${start("IsGreaterThanOrEqualTo", "2025-03-10T00:00:00Z")}${start("IsLessThan", "2025-03-11T00:00:00Z")}</t:And>`;
    expect(readPage(await findItem({ restriction: inWindow })).subjects).toEqual(["Intro call Zoë"]);
    const either = `<t:Or>${property("IsEqualTo", "booking-1")}${property("IsEqualTo", "booking-2")}</t:Or>`;
    expect(readPage(await findItem({ restriction: either })).subjects).toEqual(["Intro call Zoë", "Follow-up call"]);
    const notFirst = `<t:And><t:Exists>${BOOKING_PROPERTY}</t:Exists><t:Not>${property("IsEqualTo", "booking-1")}</t:Not></t:And>`;
    expect(readPage(await findItem({ restriction: notFirst })).subjects).toEqual(["Follow-up call"]);
    // Without a zone the constant is read in the request's zone (UTC here), like any dateTime.
    const later = `<t:And><t:Exists>${BOOKING_PROPERTY}</t:Exists>${start("IsGreaterThan", "2025-03-11T09:59:59")}</t:And>`;
    expect(readPage(await findItem({ restriction: later })).subjects).toEqual(["Follow-up call"]);
  });

  it("matches Contains by its mode and comparison, and any value of Categories", async () => {
    const contains = (value: string, attributes: string) =>
      `<t:Contains ${attributes}><t:FieldURI FieldURI="item:Subject"/><t:Constant Value="${value}"/></t:Contains>`;
    // Only the two bookings: the seeded calendar has calls of its own.
    const subjects = async (restriction: string) =>
      readPage(await findItem({ restriction: `<t:And><t:Exists>${BOOKING_PROPERTY}</t:Exists>${restriction}</t:And>` }))
        .subjects;
    expect(
      await subjects(contains("CALL", 'ContainmentMode="Substring" ContainmentComparison="IgnoreCase"')),
    ).toHaveLength(2);
    expect(await subjects(contains("CALL", 'ContainmentMode="Substring" ContainmentComparison="Exact"'))).toEqual([]);
    expect(await subjects(contains("follow", 'ContainmentMode="Prefixed" ContainmentComparison="IgnoreCase"'))).toEqual(
      ["Follow-up call"],
    );
    expect(
      await subjects(
        contains("zoe", 'ContainmentMode="PrefixOnWords" ContainmentComparison="IgnoreCaseAndNonSpacingCharacters"'),
      ),
    ).toEqual(["Intro call Zoë"]);
    // No mode: the full string, exactly (MAPI's default fuzzy level).
    expect(await subjects(contains("Follow-up call", ""))).toEqual(["Follow-up call"]);
    const category = (value: string) =>
      `<t:IsEqualTo><t:FieldURI FieldURI="item:Categories"/><t:FieldURIOrConstant><t:Constant Value="${value}"/></t:FieldURIOrConstant></t:IsEqualTo>`;
    expect(await subjects(category("Sales"))).toEqual(["Intro call Zoë"]);
    expect(await subjects(category("slotbridge"))).toHaveLength(2);
  });

  it("refuses a field it cannot query, and Contains on a date", async () => {
    const unsupported = `<t:IsEqualTo><t:FieldURI FieldURI="item:Body"/><t:FieldURIOrConstant><t:Constant Value="x"/></t:FieldURIOrConstant></t:IsEqualTo>`;
    expect(readPage(await findItem({ restriction: unsupported })).code).toBe("ErrorUnsupportedPathForQuery");
    const onDate = `<t:Contains ContainmentMode="Substring" ContainmentComparison="Exact"><t:FieldURI FieldURI="calendar:Start"/><t:Constant Value="2025"/></t:Contains>`;
    expect(readPage(await findItem({ restriction: onDate })).code).toBe("ErrorContainsFilterWrongType");
    expect(readPage(await findItem({ restriction: start("IsEqualTo", "soon") })).code).toBe(
      "ErrorInvalidValueForProperty",
    );
  });
});

describe("FindItem SortOrder and paging", () => {
  const descending = '<t:FieldOrder Order="Descending"><t:FieldURI FieldURI="calendar:Start"/></t:FieldOrder>';

  it("sorts by the fields given, first one first", async () => {
    const ascending = readPage(await findItem({}));
    const sorted = readPage(await findItem({ sort: descending }));
    expect(sorted.starts).toEqual([...ascending.starts].reverse());
    const bySubject = readPage(
      await findItem({
        sort: `<t:FieldOrder Order="Ascending"><t:FieldURI FieldURI="item:Subject"/></t:FieldOrder>${descending}`,
      }),
    );
    expect(bySubject.subjects).toEqual(
      [...bySubject.subjects].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "accent" })),
    );
    expect(
      readPage(
        await findItem({ sort: '<t:FieldOrder Order="Ascending"><t:FieldURI FieldURI="item:Body"/></t:FieldOrder>' }),
      ).code,
    ).toBe("ErrorUnsupportedPathForSortGroup");
  });

  it("pages with IndexedPageItemView from the beginning until IncludesLastItemInRange", async () => {
    const all = readPage(await findItem({ sort: descending })).starts;
    const seen: string[] = [];
    let offset = 0;
    for (;;) {
      const page = readPage(
        await findItem({
          view: `<m:IndexedPageItemView MaxEntriesReturned="3" Offset="${offset}" BasePoint="Beginning"/>`,
          sort: descending,
        }),
      );
      seen.push(...page.starts);
      expect(page.root?.TotalItemsInView).toBe(String(all.length));
      offset = Number(page.root?.IndexedPagingOffset);
      if (page.root?.IncludesLastItemInRange === "true") break;
      expect(page.starts).toHaveLength(3);
    }
    expect(seen).toEqual(all);
    expect(offset).toBe(all.length);
    const beyond = readPage(
      await findItem({ view: `<m:IndexedPageItemView Offset="${all.length + 5}" BasePoint="Beginning"/>` }),
    );
    expect(beyond).toMatchObject({ starts: [], root: { IncludesLastItemInRange: "true" } });
  });

  it("pages from the end, and by fraction", async () => {
    const all = readPage(await findItem({})).starts;
    const last = readPage(
      await findItem({ view: '<m:IndexedPageItemView MaxEntriesReturned="2" Offset="0" BasePoint="End"/>' }),
    );
    expect(last.starts).toEqual(all.slice(-2));
    expect(last.root).toMatchObject({ IndexedPagingOffset: "2", IncludesLastItemInRange: "false" });
    const half = readPage(
      await findItem({ view: '<m:FractionalPageItemView MaxEntriesReturned="100" Numerator="1" Denominator="2"/>' }),
    );
    const from = Math.floor(all.length / 2);
    expect(half.starts).toEqual(all.slice(from));
    expect(half.root).toEqual({
      TotalItemsInView: String(all.length),
      IncludesLastItemInRange: "true",
      NumeratorOffset: String(all.length),
      AbsoluteDenominator: String(all.length),
    });
    expect(readPage(await findItem({ view: '<m:FractionalPageItemView Numerator="3" Denominator="2"/>' })).code).toBe(
      "ErrorInvalidFractionalPagingParameters",
    );
    expect(
      readPage(
        await findItem({ view: '<m:IndexedPageItemView MaxEntriesReturned="0" Offset="0" BasePoint="Beginning"/>' }),
      ).code,
    ).toBe("ErrorInvalidPagingMaxRows");
  });
});
