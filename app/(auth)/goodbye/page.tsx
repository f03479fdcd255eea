import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Deleted" };

const WHAT = {
  account: {
    heading: "Your account is deleted",
    body: "Your name, address and password are erased, your calendars disconnected and your coming bookings cancelled; their customers were told by mail.",
  },
  organisation: {
    heading: "The organisation is deleted",
    body: "Its coming bookings were cancelled and their customers told by mail; its calendars were disconnected, its connectors revoked, and every member, page, booking and customer detail erased.",
  },
} as const;

/** Shown once a deletion signed the user out; says nothing about whom, so anyone may open it. */
export default async function GoodbyePage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const { deleted } = await searchParams;
  const what = deleted === "organisation" ? WHAT.organisation : WHAT.account;
  return (
    <>
      <h1 className="mb-2 text-xl font-semibold" data-testid="goodbye">
        {what.heading}
      </h1>
      <p className="mb-6 text-sm text-slate-600">{what.body}</p>
      <Link href="/sign-in" className="text-sm font-medium text-brand-600 hover:underline">
        Back to sign-in
      </Link>
    </>
  );
}
