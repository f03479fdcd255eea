import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { credentialsSchema } from "@/lib/auth/schemas";
import { basicsSchema, overrideSchema } from "@/lib/booking-pages/schema";
import { cancelFromListSchema } from "@/lib/bookings/list";
import { cancelRequestSchema } from "@/lib/bookings/manage";
import { bookingRequestSchema } from "@/lib/bookings/public";
import { addCaSchema, createConnectorSchema, resolveServerSchema, saveConnectionSchema } from "@/lib/calendars/schema";
import { acceptInviteSchema, renameOrganisationSchema, signUpSchema } from "@/lib/organisations/schema";
import { groupSchema } from "@/lib/team/schema";

// Every form and API body that takes text refuses a NUL in each text field with a message on that field,
// where it once reached Postgres (which refuses NUL in text) and failed as "Something went wrong".

const ID = "019a0000-0000-7000-8000-000000000001";
const account = {
  mailboxEmail: "alice@contoso.com",
  username: "CONTOSO\\alice",
  password: "Secret-pass-1",
  authMethod: "auto",
};

const CASES: Array<{ schema: z.ZodType; valid: Record<string, unknown>; fields: string[] }> = [
  {
    schema: signUpSchema,
    valid: { name: "Ann", organisationName: "Contoso", email: "ann@contoso.com", password: "long-enough-1" },
    fields: ["name", "organisationName", "email"],
  },
  {
    schema: acceptInviteSchema,
    valid: { token: "t".repeat(40), name: "Ann", password: "long-enough-1" },
    fields: ["name"],
  },
  { schema: renameOrganisationSchema, valid: { name: "Contoso" }, fields: ["name"] },
  { schema: credentialsSchema, valid: { email: "ann@contoso.com", password: "x" }, fields: ["email"] },
  { schema: groupSchema, valid: { name: "Sales", memberIds: [] }, fields: ["name"] },
  {
    schema: basicsSchema,
    valid: {
      title: "Intro",
      slug: "intro",
      description: "Hello",
      durationMinutes: "30",
      locationKind: "text",
      location: "Room 1",
      questions: "Topic?",
    },
    fields: ["title", "slug", "description", "location", "questions"],
  },
  { schema: overrideSchema, valid: { pageId: ID, userId: ID, date: "2030-01-07" }, fields: ["date"] },
  { schema: cancelFromListSchema, valid: { bookingId: ID, reason: "Ill" }, fields: ["reason"] },
  { schema: cancelRequestSchema, valid: { reason: "Ill" }, fields: ["reason"] },
  {
    schema: bookingRequestSchema,
    valid: {
      start: "2030-03-04T09:00:00Z",
      name: "Cara",
      email: "cara@example.com",
      timeZone: "UTC",
      notes: "Hi",
      challenge: "x",
      nonce: "1",
    },
    fields: ["name", "email", "timeZone", "notes", "start"],
  },
  {
    schema: resolveServerSchema,
    valid: { ...account, manualUrl: "https://mail.contoso.com/EWS/Exchange.asmx", autodiscoverServer: "contoso.com" },
    fields: ["mailboxEmail", "username", "manualUrl", "autodiscoverServer"],
  },
  {
    schema: saveConnectionSchema,
    valid: { ...account, ewsUrl: "https://mail.contoso.com/EWS/Exchange.asmx" },
    fields: ["ewsUrl"],
  },
  { schema: createConnectorSchema, valid: { name: "Server room" }, fields: ["name"] },
  {
    schema: addCaSchema,
    valid: { pem: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----" },
    fields: ["pem"],
  },
];

describe("form and API schemas", () => {
  it.each(CASES.map((c) => [Object.keys(c.valid).join(", "), c] as const))("take valid input (%s)", (_, c) => {
    expect(c.schema.safeParse(c.valid).error).toBeUndefined();
  });

  it.each(CASES.flatMap((c) => c.fields.map((field) => [field, c] as const)))(
    "refuse a NUL in %s with a message on that field",
    (field, c) => {
      const result = c.schema.safeParse({ ...c.valid, [field]: `${String(c.valid[field])}\u0000` });
      expect(result.success).toBe(false);
      const issue = result.error?.issues.find((candidate) => candidate.path[0] === field);
      expect(issue?.message.length).toBeGreaterThan(5);
    },
  );

  it("refuse bidi controls in names people read, and keep them in free text", () => {
    expect(signUpSchema.safeParse({ ...CASES[0]?.valid, name: "Ann\u202Enimda" }).success).toBe(false);
    expect(groupSchema.safeParse({ name: "Sales\u2066", memberIds: [] }).success).toBe(false);
    expect(createConnectorSchema.safeParse({ name: "\u202Dx" }).success).toBe(false);
    expect(cancelRequestSchema.safeParse({ reason: "\u202Bمرحبا\u202C" }).success).toBe(true);
  });
});
