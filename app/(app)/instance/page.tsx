import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { env } from "@/lib/env";
import { requireInstanceAdmin } from "@/lib/instance/access";
import { listInstanceOrganisations } from "@/lib/instance/organisations";
import { OrganisationDisabledForm } from "./organisation-forms";

export const metadata: Metadata = { title: "Instance" };

const SIGN_UP_MODE = {
  closed: "closed: accounts by invite only",
  domains: "domains: people of the listed domains join their organisation",
  open: "open: anyone can create an organisation",
} as const;

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** The instance's organisations and how much each holds: counts only, nothing of their calendars or customers. */
export default async function InstancePage() {
  const user = await requireInstanceAdmin();
  const organisations = await listInstanceOrganisations();
  return (
    <>
      <PageHeader
        title="Instance"
        description={`Every organisation on this Slotbridge. Sign-up is ${SIGN_UP_MODE[env().SIGNUP]}.`}
      />
      <Card>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-100 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-5 py-3 font-medium">
                  Organisation
                </th>
                <th scope="col" className="px-3 py-3 text-right font-medium">
                  Members
                </th>
                <th scope="col" className="px-3 py-3 text-right font-medium">
                  Calendars
                </th>
                <th scope="col" className="px-3 py-3 text-right font-medium">
                  Booking pages
                </th>
                <th scope="col" className="px-3 py-3 text-right font-medium">
                  Bookings
                </th>
                <th scope="col" className="px-3 py-3 font-medium">
                  Created
                </th>
                <th scope="col" className="px-5 py-3 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {organisations.map((organisation) => (
                <tr key={organisation.id} data-testid="instance-organisation">
                  <th scope="row" className="px-5 py-3 font-medium text-slate-900">
                    {organisation.name} {organisation.disabledAt && <Badge tone="red">Disabled</Badge>}
                    {organisation.id === user.organisationId && <Badge>Yours</Badge>}
                  </th>
                  <td className="px-3 py-3 text-right tabular-nums">{organisation.members}</td>
                  <td className="px-3 py-3 text-right tabular-nums">{organisation.connections}</td>
                  <td className="px-3 py-3 text-right tabular-nums">{organisation.bookingPages}</td>
                  <td className="px-3 py-3 text-right tabular-nums">{organisation.bookings}</td>
                  <td className="px-3 py-3 whitespace-nowrap text-slate-600">
                    {dateFormat.format(organisation.createdAt)}
                  </td>
                  <td className="px-5 py-3">
                    {organisation.id !== user.organisationId && (
                      <OrganisationDisabledForm
                        organisationId={organisation.id}
                        name={organisation.name}
                        disabled={organisation.disabledAt !== null}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}
