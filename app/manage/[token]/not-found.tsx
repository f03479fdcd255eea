/** An unknown or altered manage link: said plainly, without hinting at what exists. */
export default function ManageLinkNotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-3 p-6 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="text-2xl font-semibold" data-testid="manage-invalid">
        This booking link is not valid
      </h1>
      <p className="text-slate-600">
        Check that the whole link from your confirmation email was copied. Links stop working once a meeting is over.
      </p>
    </main>
  );
}
