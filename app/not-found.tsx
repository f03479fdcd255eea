import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-4 p-6 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-slate-600">It doesn't exist, or you don't have access to it.</p>
      <Link href="/" className="font-medium text-brand-600 hover:underline">
        Back to Slotbridge
      </Link>
    </div>
  );
}
