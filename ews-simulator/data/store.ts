import type { SimAccount } from "../contract";
import type { CalendarEvent, ItemFolder, MailboxProfile } from "./model";
import { buildSeed } from "./seed";

/** The simulator's mutable state: one calendar per mailbox, restorable to the seed. */
export interface MailboxStore {
  reset(): void;
  findProfile(email: string): MailboxProfile | undefined;
  listProfiles(): MailboxProfile[];
  /** The items in a mailbox's calendar (the default), or in another of its folders. */
  listEvents(email: string, folder?: ItemFolder): CalendarEvent[];
  /** An item by its uid, in whichever folder it is. */
  findEvent(input: { mailbox: string; uid: string }): CalendarEvent | undefined;
  /** Stores a new event under a fresh uid and returns it. */
  addEvent(event: Omit<CalendarEvent, "uid" | "version">): CalendarEvent;
  removeEvent(input: { mailbox: string; uid: string }): boolean;
  /**
   * Moves an item to another folder. Like Exchange, which gives a moved item a new id, it gets a fresh uid:
   * the old id no longer finds it. Returns the moved item.
   */
  moveEvent(input: { event: CalendarEvent; to: ItemFolder; now: number }): CalendarEvent;
  /** Records a change: new ChangeKey, new LastModifiedTime. */
  touchEvent(input: { event: CalendarEvent; now: number }): void;
  listCanaries(): string[];
}

export function createMailboxStore(input: { accounts: SimAccount[]; now: () => Date }): MailboxStore {
  let profiles = new Map<string, MailboxProfile>();
  let calendars = new Map<string, Map<string, CalendarEvent>>();
  let canaries: string[] = [];
  let counter = 0;

  const reset = (): void => {
    const seed = buildSeed({ accounts: input.accounts, now: input.now() });
    profiles = new Map(seed.profiles.map((p) => [p.email, p]));
    calendars = new Map(seed.profiles.map((p) => [p.email, new Map<string, CalendarEvent>()]));
    for (const event of seed.events) calendars.get(event.mailbox)?.set(event.uid, event);
    canaries = seed.canaries;
    counter = 0;
  };
  reset();

  return {
    reset,
    findProfile: (email) => profiles.get(email.toLowerCase()),
    listProfiles: () => [...profiles.values()],
    listEvents: (email, folder = "calendar") =>
      [...(calendars.get(email.toLowerCase())?.values() ?? [])].filter((event) => event.folder === folder),
    findEvent: ({ mailbox, uid }) => calendars.get(mailbox.toLowerCase())?.get(uid),
    addEvent(event) {
      counter += 1;
      const stored: CalendarEvent = { ...event, uid: `item-${counter}-${event.created.toString(36)}`, version: 1 };
      const calendar = calendars.get(event.mailbox.toLowerCase());
      if (!calendar) throw new Error(`no mailbox ${event.mailbox}`);
      calendar.set(stored.uid, stored);
      return stored;
    },
    removeEvent: ({ mailbox, uid }) => calendars.get(mailbox.toLowerCase())?.delete(uid) ?? false,
    moveEvent({ event, to, now }) {
      calendars.get(event.mailbox.toLowerCase())?.delete(event.uid);
      counter += 1;
      const moved: CalendarEvent = {
        ...event,
        uid: `${event.uid}-m${counter}`,
        folder: to,
        version: event.version + 1,
        modified: now,
      };
      calendars.get(event.mailbox.toLowerCase())?.set(moved.uid, moved);
      return moved;
    },
    touchEvent({ event, now }) {
      event.version += 1;
      event.modified = now;
    },
    listCanaries: () => [...canaries],
  };
}
