import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { listConnections } from "@/lib/calendars/data";
import { env } from "@/lib/env";
import {
  AcceptCertificateForm,
  DesignateLookupForm,
  DisconnectForm,
  RetestForm,
  UpdatePasswordForm,
} from "./connection-forms";
import { ConnectorStatus, when } from "./connector-status";
import { ConnectorsSection } from "./connectors-section";

export const metadata: Metadata = { title: "Calendars" };

export default async function CalendarsPage() {
  const user = await requireUser();
  const connections = await listConnections({ actor: user });
  const isAdmin = hasRole(user.role, "admin");
  const checkIntervalMinutes = env().CONNECTION_CHECK_INTERVAL_MINUTES;
  const connect = (
    <Link href="/calendars/connect" className={buttonClasses("primary")}>
      {isAdmin ? "Connect a calendar" : "Connect my calendar"}
    </Link>
  );
  return (
    <>
      <PageHeader
        title="Calendars"
        description="Exchange mailboxes Slotbridge reads free/busy from and writes bookings to."
        action={connections.length > 0 ? connect : undefined}
      />
      {connections.length === 0 ? (
        <EmptyState title="No Exchange calendars connected yet" action={connect}>
          {isAdmin ? (
            <p>
              Connect a mailbox to see it here with its server, certificate and connection status. Slotbridge reads
              events live from Exchange and never stores them.
            </p>
          ) : (
            <p>
              Connect your own Exchange mailbox, or wait for an admin of {user.organisationName} to connect it. Only
              connections of your own mailbox are listed here.
            </p>
          )}
        </EmptyState>
      ) : (
        <Card>
          <ul className="divide-y divide-slate-100">
            {connections.map((connection) => {
              const { health } = connection;
              return (
                <li key={connection.id} className="space-y-2 px-5 py-4" data-testid="connection-row">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <p className="text-sm font-medium text-slate-900">
                      {connection.mailboxEmail}{" "}
                      <Badge tone={health.tone}>
                        <span data-testid="connection-status" data-status={health.kind}>
                          {health.label}
                          {health.since ? ` since ${when(health.since)}` : ""}
                        </span>
                      </Badge>
                    </p>
                    <p className="text-xs text-slate-500">
                      Owner: {connection.ownerName ?? "nobody (shared)"}
                      {connection.availabilityLookups ? (
                        <Badge tone="neutral">
                          <span data-testid="lookup-connection">Team availability lookups</span>
                        </Badge>
                      ) : null}
                    </p>
                  </div>
                  {health.hint ? <p className="text-xs text-slate-600">{health.hint}</p> : null}
                  {connection.connector ? (
                    <dl className="grid gap-x-4 gap-y-1 text-xs text-slate-600 sm:grid-cols-[11rem_1fr]">
                      <dt>Reached through</dt>
                      <dd>
                        Connector {connection.connector.name} <ConnectorStatus state={connection.connector.state} />
                      </dd>
                      <dt>Account and certificate</dt>
                      <dd>Kept and checked by the connector{connection.impersonate ? " (impersonation)" : ""}</dd>
                      <dt>Last check</dt>
                      <dd>
                        {when(connection.lastCheckedAt)} (last successful: {when(connection.lastOkAt)})
                      </dd>
                    </dl>
                  ) : (
                    <dl className="grid gap-x-4 gap-y-1 text-xs text-slate-600 sm:grid-cols-[11rem_1fr]">
                      <dt>Server</dt>
                      <dd className="break-all font-mono">{connection.ewsUrl}</dd>
                      <dt>Account</dt>
                      <dd>
                        {connection.authUsername} ({connection.authMethod}
                        {connection.impersonate ? ", impersonation" : ""}), password {connection.password}
                      </dd>
                      <dt>Last check</dt>
                      <dd>
                        {when(connection.lastCheckedAt)} (last successful: {when(connection.lastOkAt)}; checked every{" "}
                        {checkIntervalMinutes} min in the background)
                      </dd>
                      <dt>Certificate (SHA-256)</dt>
                      <dd className="break-all font-mono">{connection.certificateFingerprint ?? "unknown"}</dd>
                      {health.kind === "certificate-changed" ? (
                        <>
                          <dt>Presented now</dt>
                          <dd className="break-all font-mono">{connection.presentedFingerprint}</dd>
                        </>
                      ) : null}
                      <dt>Certificate expires</dt>
                      <dd>{connection.certificateExpiresAt ? when(connection.certificateExpiresAt) : "unknown"}</dd>
                    </dl>
                  )}
                  <div className="flex flex-wrap items-center gap-3">
                    <RetestForm connectionId={connection.id} />
                    {health.kind === "certificate-changed" ? (
                      <AcceptCertificateForm connectionId={connection.id} />
                    ) : null}
                    {connection.connector ? null : (
                      <UpdatePasswordForm connectionId={connection.id} mailbox={connection.mailboxEmail} />
                    )}
                    {isAdmin ? (
                      <DesignateLookupForm connectionId={connection.id} designated={connection.availabilityLookups} />
                    ) : null}
                    <DisconnectForm connectionId={connection.id} mailbox={connection.mailboxEmail} />
                  </div>
                </li>
              );
            })}
          </ul>
        </Card>
      )}
      {isAdmin ? <ConnectorsSection user={user} /> : null}
    </>
  );
}
