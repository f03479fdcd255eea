import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { loadActivity } from "@/lib/audit/activity";
import { type ActivityQuery, activitySearch, isFiltered, parseActivityQuery } from "@/lib/audit/activity-query";
import { requireUser } from "@/lib/auth/session";
import { listMembers } from "@/lib/organisations/data";
import { ActivityFilterBar } from "./filter-bar";

// The role check runs here as well as in the page: metadata is resolved before the first
// byte, so a member gets a real 404 status rather than a streamed 200 with a 404 page.
export async function generateMetadata(): Promise<Metadata> {
  await requireUser({ role: "admin" });
  return { title: "Activity" };
}

/** "2026-12-07 16:08:09 UTC": the trail is read across time zones, so it names one. */
const formatTime = (at: Date) => `${at.toISOString().slice(0, 19).replace("T", " ")} UTC`;

function Pages({ query, hasNext }: { query: ActivityQuery; hasNext: boolean }) {
  if (query.p === 1 && !hasNext) return null;
  const href = (p: number) => `/settings/activity${activitySearch({ ...query, p })}`;
  return (
    <nav aria-label="Pages" className="mt-4 flex items-center justify-between gap-2 text-sm">
      {query.p > 1 ? (
        <Link href={href(query.p - 1)} className={buttonClasses("secondary")}>
          Newer
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-600">Page {query.p}</span>
      {hasNext ? (
        <Link href={href(query.p + 1)} className={buttonClasses("secondary")}>
          Older
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

export default async function ActivityPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireUser({ role: "admin" });
  const { query, problems } = parseActivityQuery(await searchParams);
  const [activity, members] = await Promise.all([loadActivity({ actor, query }), listMembers(actor.organisationId)]);
  const exportHref = `/settings/activity/export.csv${activitySearch({ ...query, p: 1 })}`;
  return (
    <>
      <PageHeader
        title="Activity"
        description={`Who did what in ${actor.organisationName}: sign-ins, members, calendars, connectors, booking pages and exports. Never passwords, tokens or calendar contents.`}
        action={
          <a href={exportHref} className={buttonClasses("secondary")} download>
            Export CSV
          </a>
        }
      />
      {problems.length > 0 ? (
        <div className="mb-4">
          <Alert tone="error">Some filters could not be read and were left out. {problems.join(" ")}</Alert>
        </div>
      ) : null}
      <ActivityFilterBar query={query} people={members.map((m) => ({ id: m.id, name: m.name }))} />
      {activity.items.length === 0 ? (
        <EmptyState title={isFiltered(query) ? "No activity matches these filters" : "No activity yet"}>
          <p>
            {isFiltered(query)
              ? "Try another person, action or dates, or clear the filters."
              : "Sign-ins, changes to members, calendars and booking pages, and exports appear here."}
          </p>
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
          <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Activity">
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-2">
                  When
                </th>
                <th scope="col" className="px-4 py-2">
                  Who
                </th>
                <th scope="col" className="px-4 py-2">
                  What
                </th>
                <th scope="col" className="px-4 py-2">
                  About
                </th>
                <th scope="col" className="px-4 py-2">
                  Outcome
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {activity.items.map((item) => (
                <tr key={item.id} data-testid="activity-row" data-action={item.action}>
                  <td className="whitespace-nowrap px-4 py-2 text-slate-600">
                    <time dateTime={item.at.toISOString()}>{formatTime(item.at)}</time>
                  </td>
                  <td className="px-4 py-2 text-slate-900">{item.who}</td>
                  <td className="px-4 py-2 text-slate-900">{item.what}</td>
                  <td className="px-4 py-2 text-slate-700">
                    {item.target ?? ""}
                    {item.details ? <span className="block text-xs text-slate-500">{item.details}</span> : null}
                  </td>
                  <td className="px-4 py-2 text-slate-700">{item.outcome}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pages query={query} hasNext={activity.hasNext} />
    </>
  );
}
