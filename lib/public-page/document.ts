import type { PublicBookingPage } from "@/lib/bookings/public";
import { escapeHtml } from "@/lib/html/escape";
import type { BookingBundleManifest } from "./bundle";
import { MOUNT_ID, mountAttributes } from "./mount";

// The public booking page as one HTML document, written by hand rather than by React: the page is served
// outside the App Router's client runtime (see app/book/[slug]/route.ts). Every value that comes from a
// page's owner (titles, names, descriptions, questions) passes through escapeHtml, and nothing else is
// interpolated. No slot is ever part of this HTML: the browser asks for them after the first paint.

const BODY_CLASS = "min-h-screen font-sans";

function formatDuration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

function head(input: { title: string; description: string; assets: BookingBundleManifest; nonce: string | null }) {
  const nonce = input.nonce ? ` nonce="${escapeHtml(input.nonce)}"` : "";
  const preloads = input.assets.modules
    .filter((module) => module !== input.assets.script)
    .map((module) => `<link rel="modulepreload" href="${escapeHtml(module)}"${nonce}>`);
  return [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(input.title)}</title>`,
    `<meta name="description" content="${escapeHtml(input.description)}">`,
    // Booking links are shared on purpose, but a search engine has no business listing them.
    '<meta name="robots" content="noindex, nofollow">',
    `<link rel="stylesheet" href="${escapeHtml(input.assets.style)}">`,
    // A module script is deferred: the header below is painted without waiting for it.
    `<script type="module" src="${escapeHtml(input.assets.script)}"${nonce}></script>`,
    ...preloads,
  ].join("\n");
}

function documentOf(input: { head: string; body: string }): string {
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n${input.head}\n</head>\n<body class="${BODY_CLASS}">\n${input.body}\n</body>\n</html>\n`;
}

/** The page: its header rendered here, and the element the booking flow takes over in the browser. */
export function renderBookingPageDocument(input: {
  page: PublicBookingPage;
  assets: BookingBundleManifest;
  /** The request's CSP nonce, stamped on the page's script. */
  nonce: string | null;
}): string {
  const { page } = input;
  const hosts =
    page.hostNames.length > 0
      ? `<div><dt class="sr-only">With</dt><dd>With ${escapeHtml(page.hostNames.join(", "))}</dd></div>`
      : "";
  const description = page.description
    ? `<p class="mt-4 whitespace-pre-line text-sm text-slate-600">${escapeHtml(page.description)}</p>`
    : "";
  const mount = Object.entries(
    mountAttributes({
      slug: page.slug,
      questions: page.questions.map((q) => ({ id: q.id, label: q.label, required: q.required })),
    }),
  )
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join("");
  const body = `<main class="mx-auto max-w-4xl px-4 py-6 sm:py-12">
<div class="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-xs sm:grid sm:grid-cols-[16rem_minmax(0,1fr)]">
<header class="border-b border-slate-100 p-5 sm:border-r sm:border-b-0">
<p class="text-sm font-medium text-slate-600">${escapeHtml(page.organisationName)}</p>
<h1 class="mt-1 text-xl font-semibold tracking-tight text-slate-900">${escapeHtml(page.title)}</h1>
<dl class="mt-4 space-y-2 text-sm text-slate-700">
<div><dt class="sr-only">Duration</dt><dd>${escapeHtml(formatDuration(page.durationMinutes))}</dd></div>
<div><dt class="sr-only">Location</dt><dd>${escapeHtml(page.location ?? "A meeting link will follow")}</dd></div>
${hosts}
</dl>
${description}
</header>
<div class="p-5">
<div id="${MOUNT_ID}"${mount}>
<p role="status" class="py-16 text-center text-sm text-slate-600">Loading available times…</p>
</div>
</div>
</div>
</main>`;
  return documentOf({
    head: head({
      title: `${page.title} · ${page.organisationName}`,
      description:
        page.description.slice(0, 200) || `Book ${page.durationMinutes} minutes with ${page.organisationName}.`,
      assets: input.assets,
      nonce: input.nonce,
    }),
    body,
  });
}

/** An unknown or unpublished address: the app's own "Page not found", without any script. */
export function renderNotFoundDocument(input: { assets: BookingBundleManifest }): string {
  const css = `<link rel="stylesheet" href="${escapeHtml(input.assets.style)}">`;
  return documentOf({
    head: [
      '<meta charset="utf-8">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      "<title>Page not found · Slotbridge</title>",
      '<meta name="robots" content="noindex, nofollow">',
      css,
    ].join("\n"),
    body: `<main class="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-4 p-6 text-center">
<p class="text-sm font-semibold text-brand-600">404</p>
<h1 class="text-2xl font-semibold">Page not found</h1>
<p class="text-slate-600">It doesn't exist, or you don't have access to it.</p>
<a href="/" class="font-medium text-brand-600 hover:underline">Back to Slotbridge</a>
</main>`,
  });
}
