import { Card } from "@/components/ui/card";
import type { CurrentUser } from "@/lib/auth/session";
import { listConnectors } from "@/lib/connectors/service";
import { env } from "@/lib/env";
import { listMembers } from "@/lib/organisations/data";
import {
  AttachMailboxForm,
  CreateConnectorForm,
  DeleteConnectorForm,
  RenewPairingCodeForm,
  RevokeConnectorForm,
} from "./connector-forms";
import { ConnectorStatus, when } from "./connector-status";

/** Admins: the on-premises connectors, for Exchange servers Slotbridge cannot reach itself. */
export async function ConnectorsSection({ user }: { user: CurrentUser }) {
  const [connectors, members] = await Promise.all([listConnectors(user), listMembers(user.organisationId)]);
  const appUrl = env().APP_URL;
  return (
    <section aria-labelledby="connectors-heading" className="mt-10 space-y-3">
      <div>
        <h2 id="connectors-heading" className="text-lg font-semibold text-slate-900">
          On-premises connectors
        </h2>
        <p className="text-sm text-slate-600">
          For Exchange servers inside a network Slotbridge cannot reach: a small program on a machine there talks to
          Exchange and to Slotbridge over outbound HTTPS only.
        </p>
      </div>
      <Card>
        <ul className="divide-y divide-slate-100">
          {connectors.map((connector) => (
            <li key={connector.id} className="space-y-2 px-5 py-4" data-testid="connector-row">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="text-sm font-medium text-slate-900">
                  {connector.name} <ConnectorStatus state={connector.state} />
                </p>
                <p className="text-xs text-slate-500">
                  {connector.version ? `Version ${connector.version}` : "Version unknown"}
                  {connector.hostname ? ` on ${connector.hostname}` : ""} · last seen {when(connector.lastSeenAt)}
                </p>
              </div>
              {connector.mailboxes.length > 0 ? (
                <ul className="space-y-1 text-xs text-slate-700" aria-label={`Mailboxes ${connector.name} serves`}>
                  {connector.mailboxes.map((mailbox) => (
                    <li key={mailbox.address} className="flex flex-wrap items-center gap-2">
                      {mailbox.attached ? (
                        <span>
                          {mailbox.address} (attached{mailbox.impersonate ? ", impersonation" : ""})
                        </span>
                      ) : (
                        <AttachMailboxForm connectorId={connector.id} mailbox={mailbox.address} members={members} />
                      )}
                    </li>
                  ))}
                </ul>
              ) : connector.state.kind !== "waiting-for-pairing" ? (
                <p className="text-xs text-slate-600">It serves no mailboxes yet: add an account on the connector.</p>
              ) : null}
              <div className="flex flex-wrap items-center gap-3">
                <RenewPairingCodeForm
                  connectorId={connector.id}
                  appUrl={appUrl}
                  label={connector.state.kind === "waiting-for-pairing" ? "New pairing code" : "Pair again"}
                />
                {connector.state.kind !== "revoked" && connector.state.kind !== "waiting-for-pairing" ? (
                  <RevokeConnectorForm connectorId={connector.id} name={connector.name} />
                ) : null}
                <DeleteConnectorForm connectorId={connector.id} name={connector.name} />
              </div>
            </li>
          ))}
          <li className="px-5 py-4">
            <CreateConnectorForm appUrl={appUrl} />
          </li>
        </ul>
      </Card>
    </section>
  );
}
