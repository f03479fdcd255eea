import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { CurrentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { listOrganisationDomains } from "@/lib/organisations/domains";
import { AddDomainForm, RemoveDomainForm } from "./domain-forms";

/** Owners: the email domains whose people may join by signing up, and whether this instance lets them. */
export async function DomainsSection({ user }: { user: CurrentUser }) {
  const domains = await listOrganisationDomains(user);
  const { SIGNUP, SIGNUP_DOMAINS } = env();
  const status =
    SIGNUP === "domains"
      ? "People whose address is in one of these domains can sign themselves up and join as members, after verifying their address. The instance's operator must also allow the domain (SIGNUP_DOMAINS)."
      : "This Slotbridge does not take sign-ups by domain now, so these take effect only if its operator turns that on. Until then, people join by invite.";
  return (
    <Card>
      <CardHeader title="Sign-up domains" description={status} />
      {domains.length > 0 && (
        <ul className="divide-y divide-slate-100 border-b border-slate-100">
          {domains.map((domain) => (
            <li
              key={domain}
              className="flex flex-wrap items-center justify-between gap-3 px-5 py-3"
              data-testid="organisation-domain"
            >
              <span className="text-sm font-medium text-slate-900">
                {domain}
                {SIGNUP === "domains" && !SIGNUP_DOMAINS.includes(domain) && (
                  <span className="ml-2 text-xs font-normal text-amber-700">not allowed by the operator</span>
                )}
              </span>
              <RemoveDomainForm domain={domain} />
            </li>
          ))}
        </ul>
      )}
      <CardBody>
        <AddDomainForm />
      </CardBody>
    </Card>
  );
}
