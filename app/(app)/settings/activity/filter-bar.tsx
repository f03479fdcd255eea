import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import type { ActivityQuery } from "@/lib/audit/activity-query";

/**
 * A plain GET form: the filters land in the address, so a filtered view can be bookmarked or shared, and it
 * works without JavaScript. Changing a filter starts again at the first page.
 */
export function ActivityFilterBar({
  query,
  people,
}: {
  query: ActivityQuery;
  people: Array<{ id: string; name: string }>;
}) {
  const any = { value: "", label: "Anyone" };
  return (
    <form
      method="get"
      action="/settings/activity"
      aria-label="Filter activity"
      className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-xs sm:grid-cols-2 lg:grid-cols-5 lg:items-end"
    >
      <SelectField
        name="person"
        label="Person"
        defaultValue={query.person ?? ""}
        options={[any, ...people.map((person) => ({ value: person.id, label: person.name }))]}
      />
      <SelectField
        name="action"
        label="Action"
        defaultValue={query.action ?? ""}
        options={[
          { value: "", label: "Any action" },
          ...Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label })),
        ]}
      />
      <TextField name="from" type="date" label="From (UTC)" defaultValue={query.from ?? ""} />
      <TextField name="to" type="date" label="To (UTC)" defaultValue={query.to ?? ""} />
      <div className="flex gap-2">
        <button type="submit" className={buttonClasses("primary")}>
          Apply filters
        </button>
        <Link href="/settings/activity" className={buttonClasses("ghost")}>
          Clear
        </Link>
      </div>
    </form>
  );
}
