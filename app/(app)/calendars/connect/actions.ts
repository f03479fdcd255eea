"use server";

import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/actions/define";
import { saveConnection } from "@/lib/calendars/connections";
import { fetchFreeBusyPreview } from "@/lib/calendars/free-busy-preview";
import { resolveServerSchema, saveConnectionSchema, testAccountSchema } from "@/lib/calendars/schema";
import { checkServerCertificate } from "@/lib/calendars/server-certificate";
import { testAccount } from "@/lib/calendars/test-account";
import { assertMayConnectMailbox, assertMayImpersonate, findEwsEndpoint } from "@/lib/calendars/wizard";

// Every member may run the wizard for their own mailbox (lib/calendars enforces ownership and the
// organisation). The password comes in on the steps that need it and never goes back out: results carry
// only URLs, certificate facts and our own plain-words messages.

export const resolveServerAction = authedAction(
  { role: "member", schema: resolveServerSchema },
  async (input, user) => {
    const result = await findEwsEndpoint({ actor: user, ...input });
    if (!result.ok) {
      return { found: false as const, reason: result.reason, message: result.message, attempts: result.attempts };
    }
    // The certificate step's check runs here too: one round trip, and the wizard never chains two actions.
    const certificate = await checkServerCertificate({ organisationId: user.organisationId, ewsUrl: result.ewsUrl });
    return { found: true as const, ewsUrl: result.ewsUrl, source: result.source, certificate };
  },
);

export const testAccountAction = authedAction({ role: "member", schema: testAccountSchema }, async (input, user) => {
  assertMayImpersonate({ actor: user, impersonate: input.impersonate });
  assertMayConnectMailbox({ actor: user, mailboxEmail: input.mailboxEmail });
  const result = await testAccount({
    organisationId: user.organisationId,
    ewsUrl: input.ewsUrl,
    username: input.username,
    password: input.password,
    authMethod: input.authMethod,
    mailbox: input.mailboxEmail,
    impersonate: input.impersonate,
  });
  return result.ok
    ? { passed: true as const, authMethod: result.authMethod }
    : { passed: false as const, reason: result.reason, message: result.message };
});

export const saveConnectionAction = authedAction(
  { role: "member", schema: saveConnectionSchema },
  async (input, user) => {
    const saved = await saveConnection({
      actor: user,
      mailboxEmail: input.mailboxEmail,
      ewsUrl: input.ewsUrl,
      username: input.username,
      password: input.password,
      authMethod: input.authMethod,
      impersonate: input.impersonate,
      ...(input.ownerUserId === undefined ? {} : { ownerUserId: input.ownerUserId || null }),
    });
    if (!saved.ok) {
      return saved.step === "certificate"
        ? { saved: false as const, step: "certificate" as const, message: saved.certificate.message }
        : { saved: false as const, step: "account" as const, message: saved.message };
    }
    revalidatePath("/calendars");
    const preview = await fetchFreeBusyPreview({ actor: user, connectionId: saved.connectionId });
    return {
      saved: true as const,
      connectionId: saved.connectionId,
      preview: preview.ok ? preview.preview : null,
      previewMessage: preview.ok ? null : preview.message,
    };
  },
);
