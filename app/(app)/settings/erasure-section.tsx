import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";
import { getCustomerRetention } from "@/lib/erasure/retention";
import { DeleteAccountForm, DeleteOrganisationForm, FindCustomerForm, RetentionForm } from "./erasure-forms";

/** Settings → Customers (admins: erase one customer; owners: the retention period). */
export async function CustomerDataSection({ user }: { user: CurrentUser }) {
  if (!hasRole(user.role, "admin")) return null;
  const days = user.role === "owner" ? await getCustomerRetention(user.organisationId) : null;
  return (
    <Card>
      <CardHeader
        title="Customers"
        description="Erase a customer's name, address, notes and answers from every booking of the organisation, for example when they ask. Times, pages and statuses stay for your statistics."
      />
      <CardBody className="space-y-6">
        <FindCustomerForm />
        {days !== null && <RetentionForm days={days} />}
      </CardBody>
    </Card>
  );
}

/** Settings → Delete: the account for everyone, the organisation for owners. */
export function DeletionSection({ user }: { user: CurrentUser }) {
  return (
    <Card>
      <CardHeader
        title="Delete"
        description="Deleting your account erases your name, address and password, disconnects your calendars and cancels your coming bookings (customers are mailed). Bookings you hosted stay with the organisation, shown as hosted by a former member."
      />
      <CardBody className="space-y-6">
        <DeleteAccountForm />
        {user.role === "owner" && (
          <div className="space-y-2 border-t border-slate-100 pt-6">
            <h3 className="text-sm font-semibold text-slate-900">Delete the organisation</h3>
            <p className="max-w-prose text-sm text-slate-600">
              Cancels every coming booking (customers are mailed), disconnects every calendar, revokes every connector,
              and then erases every member, page, booking and customer detail of {user.organisationName}. This cannot be
              undone.
            </p>
            <DeleteOrganisationForm name={user.organisationName} />
          </div>
        )}
      </CardBody>
    </Card>
  );
}
