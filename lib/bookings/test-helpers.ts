import type { RunningSimulator } from "@/ews-simulator/simulator";
import type { CurrentUser } from "@/lib/auth/session";
import { relinkBookingsAfterConnect } from "@/lib/bookings/reconcile";
import { type Reservation, reserveBooking } from "@/lib/bookings/reserve";
import { addOrganisationCa } from "@/lib/calendars/certificate-authorities";
import { setMailboxConnectedListener } from "@/lib/calendars/connection-events";
import { saveConnection } from "@/lib/calendars/connections";
import { SIM_PASSWORD } from "@/lib/calendars/test-helpers";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { db } from "@/lib/db";
import { bookingPageHosts, bookingPages, type SchedulingType, type WeeklyWindow } from "@/lib/db/schema";
import type { ExchangeOutboundConfig } from "@/lib/exchange";
import { addMember, newOrganisation } from "@/lib/organisations/test-helpers";

// As start-up does in the app: a reconnected mailbox's bookings relink their Exchange items.
setMailboxConnectedListener(relinkBookingsAfterConnect);

let counter = 0;

/** Monday to Friday, 09:00–17:00 in the host's zone. */
export const OFFICE_HOURS: WeeklyWindow[] = [1, 2, 3, 4, 5].map((day) => ({ day, startMinute: 540, endMinute: 1020 }));

/** Every day, all day: slots at any hour, for tests about rules rather than hours. */
export const ALL_WEEK: WeeklyWindow[] = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, startMinute: 0, endMinute: 1440 }));

/** Connects a simulator mailbox as `owner`'s own calendar (the user signs in as themselves). */
export async function connectSimulatorMailbox(input: {
  actor: CurrentUser;
  owner: CurrentUser;
  mailbox: string;
  ewsUrl: string;
  config: ExchangeOutboundConfig;
  keys: CredentialKeyRing;
}) {
  const result = await saveConnection({
    actor: input.actor,
    mailboxEmail: input.mailbox,
    ewsUrl: input.ewsUrl,
    username: `CONTOSO\\${input.mailbox.split("@")[0]}`,
    password: SIM_PASSWORD,
    authMethod: "auto",
    impersonate: false,
    ownerUserId: input.owner.userId,
    config: input.config,
    keys: input.keys,
  });
  if (!result.ok) throw new Error(`connecting ${input.mailbox} failed: ${JSON.stringify(result)}`);
  return result.connectionId;
}

/** A published page written straight to the tables, for tests of what happens once pages exist. */
export async function insertBookingPage(input: {
  owner: CurrentUser;
  hosts: Array<{
    user: CurrentUser;
    timeZone: string;
    weeklyHours?: WeeklyWindow[];
    priority?: number;
    useExchangeWorkingHours?: boolean;
  }>;
  schedulingType?: SchedulingType;
  page?: Partial<typeof bookingPages.$inferInsert>;
}) {
  const [page] = await db()
    .insert(bookingPages)
    .values({
      organisationId: input.owner.organisationId,
      slug: `test-page-${Date.now().toString(36)}-${(counter++).toString(36)}`,
      title: "Consultation",
      durationMinutes: 30,
      schedulingType: input.schedulingType ?? "single",
      minimumNoticeMinutes: 0,
      published: true,
      createdById: input.owner.userId,
      ...input.page,
    })
    .returning();
  if (!page) throw new Error("page insert returned nothing");
  await db()
    .insert(bookingPageHosts)
    .values(
      input.hosts.map((host) => ({
        pageId: page.id,
        userId: host.user.userId,
        timeZone: host.timeZone,
        weeklyHours: host.weeklyHours ?? OFFICE_HOURS,
        priority: host.priority ?? 0,
        useExchangeWorkingHours: host.useExchangeWorkingHours ?? false,
      })),
    );
  return page;
}

/**
 * An organisation whose members Alice and Bob have the simulator's alice@ and bob@contoso.test as their own
 * calendars, the simulator's CA trusted: the common ground of the booking tests.
 */
export async function setUpBookingOrganisation(input: {
  simulator: RunningSimulator;
  config: ExchangeOutboundConfig;
  keys: CredentialKeyRing;
}) {
  const owner = await newOrganisation();
  await addOrganisationCa({ actor: owner, pem: input.simulator.caPem });
  const alice = await addMember(owner, "member", "alice@contoso.test");
  const bob = await addMember(owner, "member", "bob@contoso.test");
  const ewsUrl = input.simulator.listeners.valid.url;
  const { config, keys } = input;
  await connectSimulatorMailbox({ actor: owner, owner: alice, mailbox: "alice@contoso.test", ewsUrl, config, keys });
  await connectSimulatorMailbox({ actor: owner, owner: bob, mailbox: "bob@contoso.test", ewsUrl, config, keys });
  return { owner, alice, bob };
}

const TEST_CUSTOMER: Reservation["customer"] = { name: "Cara Customer", email: "cara@example.com", timeZone: "UTC" };

/**
 * Reserves a booking on `page` (status write_pending, holds taken) for `hosts`, the first of them the
 * organiser: 30 minutes from `start` unless `end` says otherwise, no buffers unless given, and Cara
 * Customer in UTC for whatever of the customer is not given.
 */
export async function reserveTestBooking(input: {
  page: { id: string; title: string; organisationId: string };
  hosts: Array<{ userId: string }>;
  start: Date;
  end?: Date;
  customer?: Partial<Reservation["customer"]>;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  answers?: Record<string, string>;
}) {
  const [organiser] = input.hosts;
  if (!organiser) throw new Error("a booking needs a host");
  return reserveBooking({
    organisationId: input.page.organisationId,
    pageId: input.page.id,
    pageTitle: input.page.title,
    start: input.start,
    end: input.end ?? new Date(input.start.getTime() + 30 * 60_000),
    hostUserIds: input.hosts.map((host) => host.userId),
    organiserUserId: organiser.userId,
    bufferBeforeMinutes: input.bufferBeforeMinutes ?? 0,
    bufferAfterMinutes: input.bufferAfterMinutes ?? 0,
    customer: { ...TEST_CUSTOMER, ...input.customer },
    ...(input.answers ? { answers: input.answers } : {}),
  });
}
