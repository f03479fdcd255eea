import "server-only";
import type { CurrentUser } from "@/lib/auth/session";
import { exchangeConfigFromEnv } from "@/lib/calendars/exchange-config";
import type { ExchangeAuthMethod } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { mayManageAll } from "./access";
import { loadTrustBundle } from "./certificate-authorities";
import { type ResolveEwsEndpointResult, resolveEwsEndpoint } from "./resolve-endpoint";
import { autodiscoverUrlFor } from "./schema";

/**
 * Acting for another mailbox is a service account's power: only owners and admins may set it up, so a
 * member cannot use a shared service account to connect a colleague's calendar as their own.
 */
export function assertMayImpersonate({ actor, impersonate }: { actor: CurrentUser; impersonate: boolean }) {
  if (impersonate && !mayManageAll(actor)) {
    throw new AppError("forbidden", "Only owners and admins can connect a mailbox through impersonation.");
  }
}

/**
 * A member's "own mailbox" is the address they sign in with: a member cannot connect (or probe, through
 * the wizard's steps) any other mailbox, even with its password. Owners and admins connect any address and
 * name the member it belongs to, which covers aliases and mailboxes under another domain.
 */
export function assertMayConnectMailbox({ actor, mailboxEmail }: { actor: CurrentUser; mailboxEmail: string }) {
  if (mayManageAll(actor)) return;
  if (mailboxEmail.trim().toLowerCase() !== actor.email.toLowerCase()) {
    throw new AppError(
      "forbidden",
      `Members can connect only their own mailbox, ${actor.email}. Ask an admin to connect another address for you.`,
    );
  }
}

/**
 * The wizard's server step: the admin's manual URL, else autodiscover, over the standard candidates or the
 * autodiscover server the admin named (for domains whose autodiscover DNS is not published), trusting the
 * organisation's bundle as every later step does.
 */
export async function findEwsEndpoint(input: {
  actor: CurrentUser;
  mailboxEmail: string;
  username: string;
  password: string;
  authMethod: ExchangeAuthMethod;
  impersonate: boolean;
  manualUrl?: string | undefined;
  autodiscoverServer?: string | undefined;
}): Promise<ResolveEwsEndpointResult> {
  assertMayImpersonate({ actor: input.actor, impersonate: input.impersonate });
  assertMayConnectMailbox({ actor: input.actor, mailboxEmail: input.mailboxEmail });
  const config = exchangeConfigFromEnv();
  if (input.manualUrl) return resolveEwsEndpoint({ email: input.mailboxEmail, manualUrl: input.manualUrl, config });
  let autodiscoverUrls: string[] | undefined;
  if (input.autodiscoverServer) {
    const url = autodiscoverUrlFor(input.autodiscoverServer);
    if (!url) {
      return {
        ok: false,
        reason: "invalid-url",
        message: "The autodiscover server must be a host name or an https:// address.",
        attempts: [],
      };
    }
    autodiscoverUrls = [url];
  }
  const caPem = await loadTrustBundle({ organisationId: input.actor.organisationId, config });
  return resolveEwsEndpoint({
    email: input.mailboxEmail,
    account: { username: input.username, password: input.password, authMethod: input.authMethod },
    config,
    ...(caPem ? { caPem } : {}),
    ...(autodiscoverUrls ? { autodiscoverUrls } : {}),
  });
}
