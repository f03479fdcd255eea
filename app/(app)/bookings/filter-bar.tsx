import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import type { BookingFilterOptions, BookingListQuery } from "@/lib/bookings/list";
import { STATUS } from "./status";

/**
 * A plain GET form: the filters land in the address, so a filtered view can be bookmarked or shared, and it
 * works before (or without) JavaScript. Changing a filter starts again at the first page.
 */
export function FilterBar({ query, options }: { query: BookingListQuery; options: BookingFilterOptions }) {
  const any = { value: "", label: "Any" };
  return (
    <form
      method="get"
      action="/bookings"
      aria-label="Filter bookings"
      className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-xs sm:grid-cols-2 lg:grid-cols-5 lg:items-end"
    >
      <input type="hidden" name="tab" value={query.tab} />
      <div className="sm:col-span-2 lg:col-span-1">
        <TextField
          name="q"
          type="search"
          label="Search"
          placeholder="Customer or page"
          defaultValue={query.q ?? ""}
          maxLength={200}
        />
      </div>
      <SelectField
        name="status"
        label="Status"
        defaultValue={query.status ?? ""}
        options={[any, ...Object.entries(STATUS).map(([value, { label }]) => ({ value, label }))]}
      />
      <SelectField
        name="pageId"
        label="Booking page"
        defaultValue={query.pageId ?? ""}
        options={[any, ...options.pages.map((page) => ({ value: page.id, label: page.title }))]}
      />
      {options.hosts ? (
        <SelectField
          name="host"
          label="Host"
          defaultValue={query.host ?? ""}
          options={[any, ...options.hosts.map((host) => ({ value: host.id, label: host.name }))]}
        />
      ) : null}
      <div className="flex gap-2">
        <button type="submit" className={buttonClasses("primary")}>
          Apply filters
        </button>
        <Link href={query.tab === "past" ? "/bookings?tab=past" : "/bookings"} className={buttonClasses("ghost")}>
          Clear
        </Link>
      </div>
    </form>
  );
}
