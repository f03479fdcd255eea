import "server-only";
import type { CurrentUser } from "@/lib/auth/session";
import { fetchTeamFreeBusy } from "@/lib/availability/fetch-team-free-busy";
import { openConnectionAccess } from "@/lib/calendars/connection-access";
import { exchangeConfigFromEnv } from "@/lib/calendars/exchange-config";
import type { CredentialKeyRing } from "@/lib/crypto/key-ring";
import { credentialKeysFromEnv } from "@/lib/crypto/keys-from-env";
import type { BusyStatus, ExchangeOutboundConfig } from "@/lib/exchange";
import { findLookupConnection, loadRoster } from "./roster";

export type { BusyStatus } from "@/lib/exchange";

/** What the team grid and the API hand out: who, and when they are how busy. Nothing else exists here. */
export interface MemberAvailability {
  id: string;
  name: string;
  status: "ok" | "no-calendar" | "no-data" | "error";
  busy: Array<{ start: string; end: string; status: BusyStatus }>;
}

export interface TeamAvailability {
  members: MemberAvailability[];
  /** Set when no lookup could be made at all: the grid shows it as a banner above the rows. */
  unavailable?: { message: string; since: string | null };
}

const NO_LOOKUP_CONNECTION =
  "No Exchange connection can look availability up for you: connect your own calendar, or ask an admin to choose a connection for availability lookups in Calendars.";

/**
 * Live free/busy for the actor's colleagues over [start, end): fetched from Exchange now, through the
 * viewer's own connection (or the organisation's lookup connection), FreeBusy view only, stored nowhere.
 */
export async function teamAvailability({
  actor,
  start,
  end,
  memberIds,
  groupId,
  config = exchangeConfigFromEnv(),
  keys = credentialKeysFromEnv(),
}: {
  actor: CurrentUser;
  start: Date;
  end: Date;
  memberIds?: string[] | undefined;
  groupId?: string | undefined;
  config?: ExchangeOutboundConfig;
  keys?: CredentialKeyRing;
}): Promise<TeamAvailability> {
  const roster = await loadRoster({ actor, memberIds, groupId });
  const rows = (status: MemberAvailability["status"]) =>
    roster.map(
      (m): MemberAvailability => ({
        id: m.id,
        name: m.name,
        status: m.mailbox ? status : "no-calendar",
        busy: [],
      }),
    );
  const mailboxes = roster.flatMap((m) => (m.mailbox ? [m.mailbox] : []));
  if (mailboxes.length === 0) return { members: rows("no-data") };

  const connection = await findLookupConnection(actor);
  if (!connection) return { members: rows("no-data"), unavailable: { message: NO_LOOKUP_CONNECTION, since: null } };
  const opened = await openConnectionAccess({ row: connection, config, keys });
  if (!opened.ok) return { members: rows("error"), unavailable: { message: opened.message, since: null } };

  const result = await fetchTeamFreeBusy({
    ...opened.access,
    mailboxes,
    window: { start, end },
  });
  if (!result.ok) {
    return {
      members: rows("error"),
      unavailable: {
        message: result.failure.message,
        since: (connection.failingSince ?? new Date()).toISOString(),
      },
    };
  }
  const byMailbox = new Map(result.members.map((m) => [m.mailbox, m]));
  return {
    members: roster.map((m): MemberAvailability => {
      const found = m.mailbox ? byMailbox.get(m.mailbox) : undefined;
      if (!m.mailbox) return { id: m.id, name: m.name, status: "no-calendar", busy: [] };
      if (!found) return { id: m.id, name: m.name, status: "no-data", busy: [] };
      return {
        id: m.id,
        name: m.name,
        status: found.status,
        // Copied field by field: only these three leave.
        busy: found.status === "ok" ? found.busy.map((b) => ({ start: b.start, end: b.end, status: b.status })) : [],
      };
    }),
  };
}
