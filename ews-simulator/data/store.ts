import type { SimAccount } from "../contract";
import type { CalendarEvent, MailboxProfile } from "./model";
import { buildSeed } from "./seed";

/** The simulator's mutable state: one calendar per mailbox, restorable to the seed. */
export interface MailboxStore {
  reset(): void;
  findProfile(email: string): MailboxProfile | undefined;
  listProfiles(): MailboxProfile[];
  listEvents(email: string): CalendarEvent[];
  findEvent(input: { mailbox: string; uid: string }): CalendarEvent | undefined;
  /** Stores a new event under a fresh uid and returns it. */
  addEvent(event: Omit<CalendarEvent, "uid" | "version">): CalendarEvent;
  removeEvent(input: { mailbox: string; uid: string }): boolean;
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
    listEvents: (email) => [...(calendars.get(email.toLowerCase())?.values() ?? [])],
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
    touchEvent({ event, now }) {
      event.version += 1;
      event.modified = now;
    },
    listCanaries: () => [...canaries],
  };
}
