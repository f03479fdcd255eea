import { eq } from "drizzle-orm";
import {
  createBookingPage,
  setBookingPageHosts,
  setBookingPagePublished,
  updateBookingPageRules,
} from "@/lib/booking-pages/mutations";
import { basicsSchema, type HostInput, rulesSchema } from "@/lib/booking-pages/schema";
import { db } from "@/lib/db";
import { bookingPages, type SchedulingType, users } from "@/lib/db/schema";
import { loadDemoOwner } from "./owner";

/** The demo's public pages, one of each kind, on the people whose calendars calendars.ts connects. */
const DEMO_PAGES: Array<{
  slug: string;
  title: string;
  description: string;
  durationMinutes: number;
  schedulingType: SchedulingType;
  hosts: Array<{ email: string; timeZone: string }>;
  questions: string;
}> = [
  {
    slug: "check-up",
    title: "Dental check-up",
    description: "A 30-minute check-up with Olivia.",
    durationMinutes: 30,
    schedulingType: "single",
    hosts: [{ email: "owner@demo.slotbridge.test", timeZone: "Europe/London" }],
    questions: "Anything we should know beforehand?",
  },
  {
    slug: "first-visit",
    title: "First visit",
    description: "Meet whichever of our dentists is free first.",
    durationMinutes: 45,
    schedulingType: "round_robin",
    hosts: [
      { email: "owner@demo.slotbridge.test", timeZone: "Europe/London" },
      { email: "admin@demo.slotbridge.test", timeZone: "America/New_York" },
      { email: "maya@demo.slotbridge.test", timeZone: "Europe/Paris" },
    ],
    questions: "How did you hear about us?",
  },
  {
    slug: "treatment-plan",
    title: "Treatment plan review",
    description: "One hour with Olivia and Maya together.",
    durationMinutes: 60,
    schedulingType: "collective",
    hosts: [
      { email: "owner@demo.slotbridge.test", timeZone: "Europe/London" },
      { email: "maya@demo.slotbridge.test", timeZone: "Europe/Paris" },
    ],
    questions: "",
  },
];

const WEEKDAYS_NINE_TO_FIVE = [1, 2, 3, 4, 5].map((day) => ({ day, start: 540, end: 1020 }));

/**
 * Creates and publishes the demo's booking pages through the same service calls (and checks) as the
 * editor, as the demo owner. Runs once: a database that has any booking page is left alone.
 */
export async function seedDemoBookingPages(): Promise<"created" | "exists"> {
  const actor = await loadDemoOwner();
  const [existing] = await db()
    .select({ id: bookingPages.id })
    .from(bookingPages)
    .where(eq(bookingPages.organisationId, actor.organisationId))
    .limit(1);
  if (existing) return "exists";

  const people = await db().select().from(users).where(eq(users.organisationId, actor.organisationId));
  const idOf = (email: string) => people.find((person) => person.email === email)?.id ?? "";
  for (const demo of DEMO_PAGES) {
    const basics = basicsSchema.parse({
      title: demo.title,
      slug: demo.slug,
      description: demo.description,
      durationMinutes: String(demo.durationMinutes),
      slotIntervalMinutes: "",
      locationKind: "text",
      location: "Northwind Dental, 12 Harbour Street",
      questions: demo.questions,
    });
    const first = demo.hosts[0];
    if (!first) continue;
    const { pageId } = await createBookingPage({
      actor,
      page: { ...basics, hostUserId: idOf(first.email), hostTimeZone: first.timeZone },
    });
    const hosts: HostInput[] = demo.hosts.map((host) => ({
      userId: idOf(host.email),
      timeZone: host.timeZone,
      priority: 0,
      useExchangeWorkingHours: false,
      weekly: WEEKDAYS_NINE_TO_FIVE,
    }));
    await setBookingPageHosts({ actor, pageId, schedulingType: demo.schedulingType, hosts });
    const rules = rulesSchema.parse({
      bufferBeforeMinutes: "0",
      bufferAfterMinutes: "10",
      minimumNoticeMinutes: "60",
      horizonDays: "60",
      dailyLimit: "",
      blockTentative: "on",
      blockWorkingElsewhere: "on",
      sendInvitations: "on",
      cancellationMethod: "cancel_item",
      notifyCustomerOfCalendarChanges: "on",
      language: "en",
      reminderMinutes: "1440, 60",
    });
    await updateBookingPageRules({ actor, pageId, rules });
    await setBookingPagePublished({ actor, pageId, published: true });
  }
  return "created";
}
