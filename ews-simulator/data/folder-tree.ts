/**
 * The folders every simulated mailbox has: the distinguished folders an ordinary client asks for,
 * laid out as Exchange lays them out (the root holds "Top of Information Store", which holds the
 * mail, calendar, contacts and tasks folders, and "Recoverable Items", the dumpster a soft delete
 * moves items to). Only the calendar holds items here; the other folders exist so that GetFolder,
 * FindFolder and clients walking the hierarchy (exchangelib's `account.root`, its soft_delete)
 * see a real mailbox's shape. Exchange's other system folders under the root (Common Views,
 * Finder, …) and the less common distinguished folders (junkemail, notes, journal, …) are not
 * modelled.
 */
export const FOLDER_NAMES = [
  "root",
  "msgfolderroot",
  "calendar",
  "contacts",
  "deleteditems",
  "drafts",
  "inbox",
  "outbox",
  "sentitems",
  "tasks",
  "recoverableitemsroot",
  "recoverableitemsdeletions",
  "recoverableitemspurges",
  "recoverableitemsversions",
] as const;

export type FolderName = (typeof FOLDER_NAMES)[number];

/** The t:* element a folder is rendered as (types.xsd's ArrayOfFoldersType choice). */
export type FolderElement = "Folder" | "CalendarFolder" | "ContactsFolder" | "TasksFolder";

export interface FolderDefinition {
  name: FolderName;
  /** The root's display name is empty on Exchange (clients name it "root" themselves). */
  displayName: string;
  /** PR_CONTAINER_CLASS; the root and the top of the information store have none. */
  folderClass?: string;
  element: FolderElement;
  parent?: FolderName;
}

const FOLDERS: readonly FolderDefinition[] = [
  { name: "root", displayName: "", element: "Folder" },
  { name: "msgfolderroot", displayName: "Top of Information Store", element: "Folder", parent: "root" },
  {
    name: "calendar",
    displayName: "Calendar",
    folderClass: "IPF.Appointment",
    element: "CalendarFolder",
    parent: "msgfolderroot",
  },
  {
    name: "contacts",
    displayName: "Contacts",
    folderClass: "IPF.Contact",
    element: "ContactsFolder",
    parent: "msgfolderroot",
  },
  {
    name: "deleteditems",
    displayName: "Deleted Items",
    folderClass: "IPF.Note",
    element: "Folder",
    parent: "msgfolderroot",
  },
  { name: "drafts", displayName: "Drafts", folderClass: "IPF.Note", element: "Folder", parent: "msgfolderroot" },
  { name: "inbox", displayName: "Inbox", folderClass: "IPF.Note", element: "Folder", parent: "msgfolderroot" },
  { name: "outbox", displayName: "Outbox", folderClass: "IPF.Note", element: "Folder", parent: "msgfolderroot" },
  {
    name: "sentitems",
    displayName: "Sent Items",
    folderClass: "IPF.Note",
    element: "Folder",
    parent: "msgfolderroot",
  },
  { name: "tasks", displayName: "Tasks", folderClass: "IPF.Task", element: "TasksFolder", parent: "msgfolderroot" },
  { name: "recoverableitemsroot", displayName: "Recoverable Items", element: "Folder", parent: "root" },
  { name: "recoverableitemsdeletions", displayName: "Deletions", element: "Folder", parent: "recoverableitemsroot" },
  { name: "recoverableitemspurges", displayName: "Purges", element: "Folder", parent: "recoverableitemsroot" },
  { name: "recoverableitemsversions", displayName: "Versions", element: "Folder", parent: "recoverableitemsroot" },
];

export function findFolderDefinition(name: string): FolderDefinition | undefined {
  return FOLDERS.find((folder) => folder.name === name);
}

function byDisplayName(a: FolderDefinition, b: FolderDefinition): number {
  return a.displayName.localeCompare(b.displayName, "en", { sensitivity: "base" });
}

/** Direct children, by display name (the order Exchange's FindFolder answers in without a sort). */
export function listChildFolders(parent: FolderName): FolderDefinition[] {
  return FOLDERS.filter((folder) => folder.parent === parent).sort(byDisplayName);
}

/** Every folder below `parent`, depth first, each level by display name. */
export function listDescendantFolders(parent: FolderName): FolderDefinition[] {
  return listChildFolders(parent).flatMap((child) => [child, ...listDescendantFolders(child.name)]);
}
