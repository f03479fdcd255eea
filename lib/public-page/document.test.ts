import { describe, expect, it } from "vitest";
import type { PublicBookingPage } from "@/lib/bookings/public";
import { renderBookingPageDocument, renderNotFoundDocument } from "./document";
import { MOUNT_ID, readMountProps } from "./mount";

const assets = { script: "/_booking/island-ABC.js", modules: ["/_booking/island-ABC.js"], style: "/_booking/b-1.css" };

const hostile = "</script><script>alert(1)</script>\"'&";
const page: PublicBookingPage = {
  slug: "intro-call",
  title: `Intro ${hostile}`,
  description: `About <b>us</b>\n${hostile}`,
  durationMinutes: 90,
  location: `Room "<1>"`,
  questions: [{ id: "q1", label: `Company ${hostile}`, required: true }],
  organisationName: `Acme & <Co>`,
  hostNames: ["Lena <Host>", "Bob"],
};

function attribute(html: string, name: string): string {
  const match = new RegExp(`<div id="${MOUNT_ID}"[^>]* ${name}="([^"]*)"`).exec(html);
  if (!match?.[1]) throw new Error(`no ${name} on the mount element`);
  // What the browser's HTML parser gives the dataset: the entities decoded.
  return match[1]
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

describe("the public booking page's document", () => {
  const html = renderBookingPageDocument({ page, assets, nonce: "bm9uY2U=" });

  it("escapes everything the page's owner wrote: no tag or attribute of theirs survives", () => {
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<b>us</b>");
    expect(html).not.toContain("<Host>");
    expect(html).not.toContain('"<1>"');
    expect(html).toContain("Intro &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;");
    expect(html).toContain("With Lena &lt;Host&gt;, Bob");
    expect(html).toContain("<title>Intro &lt;/script&gt;");
    expect(html).toContain("· Acme &amp; &lt;Co&gt;</title>");
    // One script only: the page's own module, with the request's nonce.
    expect(html.match(/<script\b/g)).toEqual(["<script"]);
    expect(html).toContain('<script type="module" src="/_booking/island-ABC.js" nonce="bm9uY2U="></script>');
  });

  it("hands the slug and questions to the browser intact", () => {
    const dataset = { slug: attribute(html, "data-slug"), questions: attribute(html, "data-questions") };
    expect(readMountProps({ dataset } as unknown as HTMLElement)).toEqual({
      slug: "intro-call",
      questions: [{ id: "q1", label: `Company ${hostile}`, required: true }],
    });
  });

  it("has the page's metadata, the header, and a placeholder in place of the slots", () => {
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<link rel="stylesheet" href="/_booking/b-1.css">');
    expect(html).toContain("<dd>1 h 30 min</dd>");
    expect(html).toContain("<dd>Room &quot;&lt;1&gt;&quot;</dd>");
    expect(html).toContain(
      '<p role="status" class="py-16 text-center text-sm text-slate-600">Loading available times…</p>',
    );
    expect(html).not.toContain("/slots");
  });

  it("says a meeting link will follow when there is no location; names no host for round robin", () => {
    const other = renderBookingPageDocument({
      page: { ...page, location: null, hostNames: [], description: "" },
      assets,
      nonce: null,
    });
    expect(other).toContain("<dd>A meeting link will follow</dd>");
    expect(other).not.toContain("With ");
    expect(other).toContain('<meta name="description" content="Book 90 minutes with Acme &amp; &lt;Co&gt;.">');
    expect(other).toContain('<script type="module" src="/_booking/island-ABC.js"></script>');
  });

  it("adds a module preload for every further module the entry imports", () => {
    const split = { ...assets, modules: [...assets.modules, "/_booking/chunk-X.js"] };
    const withChunk = renderBookingPageDocument({ page, assets: split, nonce: "n" });
    expect(withChunk).toContain('<link rel="modulepreload" href="/_booking/chunk-X.js" nonce="n">');
    expect(withChunk).not.toContain('modulepreload" href="/_booking/island-ABC.js"');
  });

  it("the unknown page: a 404 document without any script", () => {
    const notFound = renderNotFoundDocument({ assets });
    expect(notFound).toContain("<h1");
    expect(notFound).toContain("Page not found");
    expect(notFound).not.toContain("<script");
  });
});

describe("readMountProps", () => {
  it("refuses a missing slug or malformed questions", () => {
    const element = (dataset: Record<string, string>) => ({ dataset }) as unknown as HTMLElement;
    expect(readMountProps(element({ questions: "[]" }))).toBeNull();
    expect(readMountProps(element({ slug: "a", questions: "{" }))).toBeNull();
    expect(readMountProps(element({ slug: "a", questions: "{}" }))).toBeNull();
    expect(readMountProps(element({ slug: "a" }))).toEqual({ slug: "a", questions: [] });
  });
});
