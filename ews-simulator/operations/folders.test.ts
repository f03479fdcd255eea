import type { Element } from "@xmldom/xmldom";
import { afterAll, describe, expect, it } from "vitest";
import { createCoreHarness, expectSchemaValid, parseResponse, readFaultCode } from "../core-test-harness";
import { FOLDER_NAMES } from "../data/folder-tree";
import { findChild, findChildren, listChildElements, readAttribute, readChildText } from "../soap/dom";
import { NS } from "../soap/namespaces";
import { buildImpersonationHeader, buildRequestEnvelope } from "../soap/request-builder";

const harness = createCoreHarness({ now: new Date("2025-03-05T12:00:00Z") });
const ALICE = "alice@contoso.test";
const BOB = "bob@contoso.test";
const SVC = "svc-slotbridge@contoso.test";

function shape(input: { base?: string; fields?: string[] } = {}): string {
  const extra = input.fields?.length
    ? `<t:AdditionalProperties>${input.fields.map((f) => `<t:FieldURI FieldURI="folder:${f}"/>`).join("")}</t:AdditionalProperties>`
    : "";
  return `<m:FolderShape><t:BaseShape>${input.base ?? "Default"}</t:BaseShape>${extra}</m:FolderShape>`;
}

function distinguished(id: string, mailbox?: string): string {
  const owner = mailbox ? `<t:Mailbox><t:EmailAddress>${mailbox}</t:EmailAddress></t:Mailbox>` : "";
  return `<t:DistinguishedFolderId Id="${id}">${owner}</t:DistinguishedFolderId>`;
}

function messagesOf(response: ReturnType<typeof harness.execute>): Element[] {
  const messages = findChild(parseResponse(response), "ResponseMessages", NS.m);
  return messages ? listChildElements(messages) : [];
}

function getFolder(input: { as: string; ids: string; shape?: string; header?: string; version?: string }) {
  return messagesOf(
    harness.execute({
      as: input.as,
      xml: buildRequestEnvelope({
        header: input.header,
        version: input.version,
        body: `<m:GetFolder>${input.shape ?? shape()}<m:FolderIds>${input.ids}</m:FolderIds></m:GetFolder>`,
      }),
    }),
  );
}

function findFolder(input: { as: string; parent: string; traversal?: string; view?: string; shape?: string }) {
  return messagesOf(
    harness.execute({
      as: input.as,
      xml: buildRequestEnvelope({
        body: `<m:FindFolder Traversal="${input.traversal ?? "Shallow"}">${input.shape ?? shape()}${input.view ?? ""}<m:ParentFolderIds>${input.parent}</m:ParentFolderIds></m:FindFolder>`,
      }),
    }),
  );
}

function onlyFolder(message: Element | undefined): Element {
  const folders = message ? findChild(message, "Folders", NS.m) : undefined;
  const folder = folders ? listChildElements(folders)[0] : undefined;
  if (!folder) throw new Error(`no folder in ${message?.toString()}`);
  return folder;
}

function foundFolders(message: Element | undefined): Element[] {
  const root = message ? findChild(message, "RootFolder", NS.m) : undefined;
  const folders = root ? findChild(root, "Folders") : undefined;
  return folders ? listChildElements(folders) : [];
}

describe("GetFolder", () => {
  it("answers every distinguished folder an ordinary client asks for (and the dumpster), with Exchange's fields", () => {
    const messages = getFolder({ as: ALICE, ids: FOLDER_NAMES.map((id) => distinguished(id)).join("") });
    expect(messages.map((m) => readChildText(m, "ResponseCode", NS.m))).toEqual(FOLDER_NAMES.map(() => "NoError"));
    const folders = messages.map(onlyFolder);
    expect(folders.map((f) => [f.localName, readChildText(f, "DisplayName")])).toEqual([
      ["Folder", ""],
      ["Folder", "Top of Information Store"],
      ["CalendarFolder", "Calendar"],
      ["ContactsFolder", "Contacts"],
      ["Folder", "Deleted Items"],
      ["Folder", "Drafts"],
      ["Folder", "Inbox"],
      ["Folder", "Outbox"],
      ["Folder", "Sent Items"],
      ["TasksFolder", "Tasks"],
      ["Folder", "Recoverable Items"],
      ["Folder", "Deletions"],
      ["Folder", "Purges"],
      ["Folder", "Versions"],
    ]);
    for (const folder of folders) {
      const id = findChild(folder, "FolderId") as Element;
      expect(readAttribute(id, "Id")).toMatch(/^[A-Za-z0-9+/]+=*$/);
      expect(readAttribute(id, "ChangeKey")).toBeTruthy();
      expect(readChildText(folder, "TotalCount")).toMatch(/^\d+$/);
      expect(readChildText(folder, "ChildFolderCount")).toMatch(/^\d+$/);
    }
    // Default shape: no FolderClass; the calendar counts the mailbox's items and has no UnreadCount.
    const calendar = folders[2] as Element;
    expect(readChildText(calendar, "TotalCount")).toBe(String(harness.core.listMailboxEvents(ALICE).length));
    expect(findChild(calendar, "UnreadCount")).toBeUndefined();
    expect(readChildText(folders[6] as Element, "UnreadCount")).toBe("0");
    expect(readChildText(folders[0] as Element, "ChildFolderCount")).toBe("2");
    expect(readChildText(folders[1] as Element, "ChildFolderCount")).toBe("8");
  });

  it("gives FolderClass, ParentFolderId and EffectiveRights with AllProperties or when asked", () => {
    const [all] = getFolder({ as: ALICE, ids: distinguished("calendar"), shape: shape({ base: "AllProperties" }) });
    const calendar = onlyFolder(all);
    expect(readChildText(calendar, "FolderClass")).toBe("IPF.Appointment");
    const [top] = getFolder({ as: ALICE, ids: distinguished("msgfolderroot"), shape: shape({ base: "IdOnly" }) });
    expect(readAttribute(findChild(calendar, "ParentFolderId") as Element, "Id")).toBe(
      readAttribute(findChild(onlyFolder(top), "FolderId") as Element, "Id"),
    );
    const rights = findChild(calendar, "EffectiveRights") as Element;
    expect(listChildElements(rights).map((r) => `${r.localName}=${r.textContent}`)).toEqual([
      "CreateAssociated=true",
      "CreateContents=true",
      "CreateHierarchy=true",
      "Delete=true",
      "Modify=true",
      "Read=true",
      "ViewPrivateItems=true",
    ]);
    // IdOnly plus what exchangelib asks for; an Exchange 2010 request gets no 2013-only ViewPrivateItems.
    const [asked] = getFolder({
      as: ALICE,
      ids: distinguished("inbox"),
      version: "Exchange2013",
      shape: shape({ base: "IdOnly", fields: ["FolderClass", "DisplayName", "DistinguishedFolderId"] }),
    });
    expect(listChildElements(onlyFolder(asked)).map((e) => e.localName)).toEqual([
      "FolderId",
      "FolderClass",
      "DisplayName",
      "DistinguishedFolderId",
    ]);
    expect(readChildText(onlyFolder(asked), "DistinguishedFolderId")).toBe("inbox");
  });

  it("reads a folder again by the FolderId it handed out", () => {
    const [first] = getFolder({ as: ALICE, ids: distinguished("sentitems") });
    const id = readAttribute(findChild(onlyFolder(first), "FolderId") as Element, "Id");
    const [again] = getFolder({ as: ALICE, ids: `<t:FolderId Id="${id}"/>` });
    expect(readChildText(onlyFolder(again), "DisplayName")).toBe("Sent Items");
    const [bad] = getFolder({ as: ALICE, ids: `<t:FolderId Id="bm90LW91cnM="/>` });
    expect(readChildText(bad as Element, "ResponseCode", NS.m)).toBe("ErrorInvalidIdMalformed");
  });

  it("honours impersonation and permissions, and says which folders it does not model", () => {
    const [own] = getFolder({ as: SVC, ids: distinguished("inbox"), header: buildImpersonationHeader(ALICE) });
    expect(readChildText(own as Element, "ResponseCode", NS.m)).toBe("NoError");
    const [byMailbox] = getFolder({ as: SVC, ids: distinguished("calendar", BOB) });
    expect(readChildText(byMailbox as Element, "ResponseCode", NS.m)).toBe("NoError");
    const [denied, unknown, unmodelled] = getFolder({
      as: ALICE,
      ids: [distinguished("inbox", BOB), distinguished("inbox", "ghost@contoso.test"), distinguished("junkemail")].join(
        "",
      ),
    });
    expect(readChildText(denied as Element, "ResponseCode", NS.m)).toBe("ErrorAccessDenied");
    expect(readChildText(unknown as Element, "ResponseCode", NS.m)).toBe("ErrorNonExistentMailbox");
    expect(readChildText(unmodelled as Element, "ResponseCode", NS.m)).toBe("ErrorFolderNotFound");
    const refused = harness.execute({
      as: ALICE,
      xml: buildRequestEnvelope({
        header: buildImpersonationHeader(BOB),
        body: `<m:GetFolder>${shape()}<m:FolderIds>${distinguished("inbox")}</m:FolderIds></m:GetFolder>`,
      }),
    });
    expect(readFaultCode(refused)).toBe("ErrorImpersonateUserDenied");
  });
});

describe("FindFolder", () => {
  it("lists children shallow and the whole tree deep, by display name", () => {
    const [shallow] = findFolder({ as: ALICE, parent: distinguished("root") });
    expect(foundFolders(shallow).map((f) => readChildText(f, "DisplayName"))).toEqual([
      "Recoverable Items",
      "Top of Information Store",
    ]);
    const [deep] = findFolder({ as: ALICE, parent: distinguished("root"), traversal: "Deep" });
    expect(foundFolders(deep).map((f) => readChildText(f, "DisplayName"))).toEqual([
      "Recoverable Items",
      "Deletions",
      "Purges",
      "Versions",
      "Top of Information Store",
      "Calendar",
      "Contacts",
      "Deleted Items",
      "Drafts",
      "Inbox",
      "Outbox",
      "Sent Items",
      "Tasks",
    ]);
    const root = findChild(deep as Element, "RootFolder", NS.m) as Element;
    expect(readAttribute(root, "TotalItemsInView")).toBe("13");
    expect(readAttribute(root, "IncludesLastItemInRange")).toBe("true");
    const [leaf] = findFolder({ as: ALICE, parent: distinguished("calendar"), traversal: "Deep" });
    expect(foundFolders(leaf)).toEqual([]);
    const [softDeleted] = findFolder({ as: ALICE, parent: distinguished("root"), traversal: "SoftDeleted" });
    expect(foundFolders(softDeleted)).toEqual([]);
  });

  it("pages with IndexedPageFolderView and FractionalPageFolderView", () => {
    const page = (offset: number) =>
      findFolder({
        as: ALICE,
        parent: distinguished("msgfolderroot"),
        view: `<m:IndexedPageFolderView MaxEntriesReturned="3" Offset="${offset}" BasePoint="Beginning"/>`,
      })[0] as Element;
    const names: string[] = [];
    let offset = 0;
    for (;;) {
      const message = page(offset);
      names.push(...foundFolders(message).map((f) => readChildText(f, "DisplayName") ?? ""));
      const root = findChild(message, "RootFolder", NS.m) as Element;
      offset = Number(readAttribute(root, "IndexedPagingOffset"));
      if (readAttribute(root, "IncludesLastItemInRange") === "true") break;
    }
    expect(names).toEqual([
      "Calendar",
      "Contacts",
      "Deleted Items",
      "Drafts",
      "Inbox",
      "Outbox",
      "Sent Items",
      "Tasks",
    ]);
    const [half] = findFolder({
      as: ALICE,
      parent: distinguished("msgfolderroot"),
      view: `<m:FractionalPageFolderView MaxEntriesReturned="2" Numerator="1" Denominator="2"/>`,
    });
    expect(foundFolders(half).map((f) => readChildText(f, "DisplayName"))).toEqual(["Inbox", "Outbox"]);
    const root = findChild(half as Element, "RootFolder", NS.m) as Element;
    expect([readAttribute(root, "NumeratorOffset"), readAttribute(root, "AbsoluteDenominator")]).toEqual(["6", "8"]);
  });

  it("refuses other mailboxes and restrictions it cannot evaluate", () => {
    const [denied] = findFolder({ as: BOB, parent: distinguished("msgfolderroot", ALICE) });
    expect(readChildText(denied as Element, "ResponseCode", NS.m)).toBe("ErrorAccessDenied");
    const [restricted] = messagesOf(
      harness.execute({
        as: ALICE,
        xml: buildRequestEnvelope({
          body: `<m:FindFolder Traversal="Shallow">${shape()}<m:Restriction><t:Exists><t:FieldURI FieldURI="folder:DisplayName"/></t:Exists></m:Restriction><m:ParentFolderIds>${distinguished("root")}</m:ParentFolderIds></m:FindFolder>`,
        }),
      }),
    );
    expect(readChildText(restricted as Element, "ResponseCode", NS.m)).toBe("ErrorUnsupportedQueryFilter");
    expect(findChildren(restricted as Element, "RootFolder", NS.m)).toEqual([]);
  });
});

afterAll(async () => {
  await expectSchemaValid(harness.responses);
});
