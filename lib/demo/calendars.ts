import { eq } from "drizzle-orm";
import { designateAvailabilityConnection } from "@/lib/calendars/availability-designation";
import { saveConnection } from "@/lib/calendars/connections";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { db } from "@/lib/db";
import { exchangeConnections, users } from "@/lib/db/schema";
import type { ExchangeOutboundConfig } from "@/lib/exchange";
import { loadDemoOwner } from "./owner";

/**
 * Which simulator mailbox each demo person's calendar is. Noah's (Kiri's) shares nothing, so the team grid
 * shows "no data" for him; Lena gets none, so it shows "no calendar connected".
 */
export const DEMO_MAILBOXES: Record<string, string> = {
  "owner@demo.slotbridge.test": "alice@contoso.test",
  "admin@demo.slotbridge.test": "bob@contoso.test",
  "maya@demo.slotbridge.test": "chloe@contoso.test",
  "noah@demo.slotbridge.test": "kiri@contoso.test",
};

/**
 * Connects the demo people's mailboxes through the simulator's service account, with the same service
 * calls (and checks: certificate, live account test, sealed password) as the wizard, and makes the admin's
 * the lookup connection for members without their own. Runs once, on a database without connections.
 */
export async function connectDemoCalendars(input: {
  ewsUrl: string;
  servicePassword: string;
  config: ExchangeOutboundConfig;
  keys: CredentialKeyRing;
}): Promise<"connected" | "exists"> {
  const actor = await loadDemoOwner();
  const [existing] = await db()
    .select({ id: exchangeConnections.id })
    .from(exchangeConnections)
    .where(eq(exchangeConnections.organisationId, actor.organisationId))
    .limit(1);
  if (existing) return "exists";

  const people = await db().select().from(users).where(eq(users.organisationId, actor.organisationId));
  let lookupConnection: string | null = null;
  for (const person of people) {
    const mailbox = DEMO_MAILBOXES[person.email];
    if (!mailbox) continue;
    const saved = await saveConnection({
      actor,
      mailboxEmail: mailbox,
      ewsUrl: input.ewsUrl,
      username: "CONTOSO\\svc-slotbridge",
      password: input.servicePassword,
      authMethod: "auto",
      impersonate: true,
      ownerUserId: person.id,
      config: input.config,
      keys: input.keys,
    });
    if (!saved.ok) throw new Error(`connecting ${mailbox} failed: ${JSON.stringify(saved)}`);
    if (person.role === "admin") lookupConnection = saved.connectionId;
  }
  await designateAvailabilityConnection({ actor, connectionId: lookupConnection });
  return "connected";
}
