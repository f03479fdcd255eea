import type { Element } from "@xmldom/xmldom";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createCoreHarness, expectSchemaValid, parseResponse } from "./core-test-harness";
import { encodeItemId } from "./data/ids";
import { findChild, findChildren, listChildElements, readAttribute, readChildText } from "./soap/dom";
import { NS } from "./soap/namespaces";
import { buildRequestEnvelope } from "./soap/request-builder";

/** What GetItem/FindItem return for the shapes clients ask, what CreateItem/UpdateItem keep, where DeleteItem puts items. */
const harness = createCoreHarness({ now: new Date("2025-03-05T12:00:00Z") });
const ALICE = "alice@contoso.test";

beforeEach(() => harness.core.reset());
afterAll(async () => {
  await expectSchemaValid(harness.responses);
});

async function run(body: string): Promise<Element> {
  const response = await harness.executeChecked({ as: ALICE, xml: buildRequestEnvelope({ body }) });
  expect(response.status, response.body).toBe(200);
  const message = listChildElements(findChild(parseResponse(response), "ResponseMessages", NS.m) as Element)[0];
  if (!message) throw new Error("no response message");
  return message;
}

const code = (message: Element) => readChildText(message, "ResponseCode", NS.m);

function firstItem(message: Element): Element {
  const items =
    findChild(message, "Items", NS.m) ?? findChild(findChild(message, "RootFolder", NS.m) as Element, "Items");
  const item = items ? findChild(items, "CalendarItem") : undefined;
  if (!item) throw new Error(`no item (${code(message)})`);
  return item;
}

const idOf = (item: Element) => readAttribute(findChild(item, "ItemId") as Element, "Id") ?? "";

function getItem(input: { id: string; shape?: string; fields?: string[] }) {
  const additional = input.fields
    ? `<t:AdditionalProperties>${input.fields.map((f) => `<t:FieldURI FieldURI="${f}"/>`).join("")}</t:AdditionalProperties>`
    : "";
  return run(
    `<m:GetItem><m:ItemShape><t:BaseShape>${input.shape ?? "AllProperties"}</t:BaseShape>${additional}</m:ItemShape>` +
      `<m:ItemIds><t:ItemId Id="${input.id}"/></m:ItemIds></m:GetItem>`,
  );
}

async function createItem(extra: string): Promise<string> {
  const message = await run(
    `<m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem><t:Subject>Intro call</t:Subject>${extra}` +
      "</t:CalendarItem></m:Items></m:CreateItem>",
  );
  expect(code(message)).toBe("NoError");
  return idOf(firstItem(message));
}

const TIMES = "<t:Start>2025-03-10T10:00:00Z</t:Start><t:End>2025-03-10T11:30:00Z</t:End>";

describe("properties Exchange always returns", () => {
  it("gives a single item its folder, size, received time, importance, duration, sequence, state, rights", async () => {
    const id = await createItem(`<t:Importance>High</t:Importance>${TIMES}`);
    const item = firstItem(await getItem({ id }));
    const names = listChildElements(item).map((child) => child.localName);
    for (const name of [
      "ParentFolderId",
      "Size",
      "DateTimeReceived",
      "Importance",
      "EffectiveRights",
      "IsCancelled",
      "Duration",
      "AppointmentSequenceNumber",
      "AppointmentState",
    ]) {
      expect(names, name).toContain(name);
    }
    expect(readChildText(item, "Importance")).toBe("High");
    expect(readChildText(item, "Duration")).toBe("PT1H30M");
    expect(readChildText(item, "AppointmentState")).toBe("0");
    expect(readChildText(item, "IsCancelled")).toBe("false");
    expect(Number(readChildText(item, "Size"))).toBeGreaterThan(0);
    expect(readChildText(findChild(item, "EffectiveRights") as Element, "Modify")).toBe("true");
  });

  it("gives a series its first, last, modified and deleted occurrences, and occurrences their RecurrenceId", async () => {
    const master = firstItem(await getItem({ id: encodeItemId({ mailbox: ALICE, uid: "seed-alice-1" }) }));
    expect(readChildText(master, "CalendarItemType")).toBe("RecurringMaster");
    const first = findChild(master, "FirstOccurrence") as Element;
    const last = findChild(master, "LastOccurrence") as Element;
    expect(readChildText(first, "Start")).toMatch(/^2025-02-1\dT/);
    expect(Date.parse(readChildText(last, "OriginalStart") ?? "")).toBeGreaterThan(
      Date.parse(readChildText(first, "OriginalStart") ?? ""),
    );
    const modified = findChildren(findChild(master, "ModifiedOccurrences") as Element, "Occurrence");
    expect(modified).toHaveLength(1);
    expect(readChildText(modified[0] as Element, "Start")).not.toBe(
      readChildText(modified[0] as Element, "OriginalStart"),
    );
    expect(findChildren(findChild(master, "DeletedOccurrences") as Element, "DeletedOccurrence")).toHaveLength(1);
    expect(findChild(master, "RecurrenceId")).toBeUndefined();

    const occurrence = firstItem(await getItem({ id: idOf(modified[0] as Element) }));
    expect(readChildText(occurrence, "CalendarItemType")).toBe("Exception");
    expect(readChildText(occurrence, "RecurrenceId")).toBe(readChildText(modified[0] as Element, "OriginalStart"));
    expect(findChild(occurrence, "FirstOccurrence")).toBeUndefined();
  });

  it("returns the fields named in an IdOnly shape, as exchangelib asks for them", async () => {
    const id = await createItem(TIMES);
    const fields = [
      "item:Size",
      "item:DateTimeReceived",
      "calendar:Duration",
      "calendar:AppointmentState",
      "calendar:IsCancelled",
    ];
    const item = firstItem(await getItem({ id, shape: "IdOnly", fields }));
    expect(listChildElements(item).map((child) => child.localName)).toEqual([
      "ItemId",
      "DateTimeReceived",
      "Size",
      "IsCancelled",
      "Duration",
      "AppointmentState",
    ]);
  });
});

describe("what CreateItem and UpdateItem keep", () => {
  it("keeps Categories and Importance, and changes or clears them on update", async () => {
    const id = await createItem(
      `<t:Categories><t:String>Slotbridge</t:String><t:String>Sales</t:String></t:Categories><t:Importance>Low</t:Importance>${TIMES}`,
    );
    const read = async () => {
      const item = firstItem(await getItem({ id }));
      const categories = findChild(item, "Categories");
      return {
        categories: categories ? findChildren(categories, "String").map((s) => s.textContent) : [],
        importance: readChildText(item, "Importance"),
      };
    };
    expect(await read()).toEqual({ categories: ["Slotbridge", "Sales"], importance: "Low" });
    const update = (change: string) =>
      run(
        `<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange>` +
          `<t:ItemId Id="${id}"/><t:Updates>${change}</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`,
      );
    expect(
      code(
        await update(
          '<t:SetItemField><t:FieldURI FieldURI="item:Categories"/><t:CalendarItem><t:Categories><t:String>Won</t:String></t:Categories></t:CalendarItem></t:SetItemField>' +
            '<t:SetItemField><t:FieldURI FieldURI="item:Importance"/><t:CalendarItem><t:Importance>High</t:Importance></t:CalendarItem></t:SetItemField>',
        ),
      ),
    ).toBe("NoError");
    expect(await read()).toEqual({ categories: ["Won"], importance: "High" });
    await update('<t:DeleteItemField><t:FieldURI FieldURI="item:Categories"/></t:DeleteItemField>');
    expect((await read()).categories).toEqual([]);
  });

  it("names attendees of the organisation as the directory does, and outsiders as given", async () => {
    const attendee = (email: string, name: string) =>
      `<t:Attendee><t:Mailbox><t:Name>${name}</t:Name><t:EmailAddress>${email}</t:EmailAddress></t:Mailbox></t:Attendee>`;
    const id = await createItem(
      `${TIMES}<t:RequiredAttendees>${attendee("BOB@contoso.test", "bob")}${attendee("zoe@example.net", "Zoë Customer")}</t:RequiredAttendees>`,
    );
    const attendees = findChildren(
      findChild(firstItem(await getItem({ id })), "RequiredAttendees") as Element,
      "Attendee",
    );
    const people = attendees.map((a) => {
      const mailbox = findChild(a, "Mailbox") as Element;
      return [readChildText(mailbox, "EmailAddress"), readChildText(mailbox, "Name")];
    });
    const bob = harness.accounts.find((a) => a.email === "bob@contoso.test");
    expect(people).toEqual([
      ["bob@contoso.test", bob?.displayName],
      ["zoe@example.net", "Zoë Customer"],
    ]);
  });
});

describe("where DeleteItem and CancelCalendarItem take an item", () => {
  const remove = (input: { id: string; type: string }) =>
    run(
      `<m:DeleteItem DeleteType="${input.type}" SendMeetingCancellations="SendToAllAndSaveCopy"><m:ItemIds><t:ItemId Id="${input.id}"/></m:ItemIds></m:DeleteItem>`,
    );
  const listFolder = async (input: { folder: string; traversal?: string }) => {
    const message = await run(
      `<m:FindItem Traversal="${input.traversal ?? "Shallow"}"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>` +
        `<t:FieldURI FieldURI="item:Subject"/><t:FieldURI FieldURI="folder:ParentFolderId"/></t:AdditionalProperties></m:ItemShape>` +
        `<m:ParentFolderIds><t:DistinguishedFolderId Id="${input.folder}"/></m:ParentFolderIds></m:FindItem>`,
    );
    const items = findChild(findChild(message, "RootFolder", NS.m) as Element, "Items") as Element;
    return findChildren(items, "CalendarItem").map((item) => ({
      id: idOf(item),
      subject: readChildText(item, "Subject"),
    }));
  };
  const inCalendar = async (subject: string) =>
    (await listFolder({ folder: "calendar" })).some((item) => item.subject === subject);

  it("MoveToDeletedItems: into Deleted Items under a new id; deleted again from there, it is soft-deleted", async () => {
    const id = await createItem(TIMES);
    expect(code(await remove({ id, type: "MoveToDeletedItems" }))).toBe("NoError");
    expect(await inCalendar("Intro call")).toBe(false);
    expect(code(await getItem({ id }))).toBe("ErrorItemNotFound");
    const [moved] = await listFolder({ folder: "deleteditems" });
    expect(moved?.subject).toBe("Intro call");
    const parent = findChild(firstItem(await getItem({ id: moved?.id ?? "" })), "ParentFolderId") as Element;
    expect(readAttribute(parent, "Id")).not.toBe(
      readAttribute(
        findChild(
          firstItem(await getItem({ id: encodeItemId({ mailbox: ALICE, uid: "seed-alice-3" }) })),
          "ParentFolderId",
        ) as Element,
        "Id",
      ),
    );
    await remove({ id: moved?.id ?? "", type: "MoveToDeletedItems" });
    expect(await listFolder({ folder: "deleteditems" })).toEqual([]);
    expect((await listFolder({ folder: "recoverableitemsdeletions" })).map((i) => i.subject)).toEqual(["Intro call"]);
  });

  it("SoftDelete: out of every ordinary view, listed by a SoftDeleted traversal; HardDelete: gone", async () => {
    const soft = await createItem(TIMES);
    const hard = await createItem(TIMES.replaceAll("2025-03-10", "2025-03-11"));
    await remove({ id: soft, type: "SoftDelete" });
    await remove({ id: hard, type: "HardDelete" });
    expect(await inCalendar("Intro call")).toBe(false);
    expect(await listFolder({ folder: "deleteditems" })).toEqual([]);
    expect((await listFolder({ folder: "calendar", traversal: "SoftDeleted" })).map((i) => i.subject)).toEqual([
      "Intro call",
    ]);
  });

  it("still requires SendMeetingCancellations for calendar items", async () => {
    const id = await createItem(TIMES);
    const message = await run(
      `<m:DeleteItem DeleteType="SoftDelete"><m:ItemIds><t:ItemId Id="${id}"/></m:ItemIds></m:DeleteItem>`,
    );
    expect(code(message)).toBe("ErrorSendMeetingCancellationsRequired");
  });

  it("CancelCalendarItem as exchangelib sends it: SendAndSaveCopy to Sent Items, a body, the ChangeKey", async () => {
    const created = await run(
      `<m:CreateItem SendMeetingInvitations="SendToAllAndSaveCopy"><m:Items><t:CalendarItem><t:Subject>Intro call</t:Subject>${TIMES}` +
        "<t:RequiredAttendees><t:Attendee><t:Mailbox><t:EmailAddress>zoe@example.net</t:EmailAddress></t:Mailbox></t:Attendee></t:RequiredAttendees>" +
        "</t:CalendarItem></m:Items></m:CreateItem>",
    );
    const itemId = findChild(firstItem(created), "ItemId") as Element;
    const cancelled = await run(
      `<m:CreateItem MessageDisposition="SendAndSaveCopy" SendMeetingInvitations="SendToAllAndSaveCopy">` +
        `<m:SavedItemFolderId><t:DistinguishedFolderId Id="sentitems"/></m:SavedItemFolderId><m:Items><t:CancelCalendarItem>` +
        `<t:ReferenceItemId Id="${readAttribute(itemId, "Id")}" ChangeKey="${readAttribute(itemId, "ChangeKey")}"/>` +
        `<t:NewBodyContent BodyType="Text">Sorry, we have to cancel.</t:NewBodyContent></t:CancelCalendarItem></m:Items></m:CreateItem>`,
    );
    expect(code(cancelled)).toBe("NoError");
    expect(listChildElements(findChild(cancelled, "Items", NS.m) as Element)).toEqual([]);
    expect(await inCalendar("Intro call")).toBe(false);
    expect((await listFolder({ folder: "deleteditems" })).map((i) => i.subject)).toEqual(["Intro call"]);
  });
});
