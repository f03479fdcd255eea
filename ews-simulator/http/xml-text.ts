import { DOMParser, type Element } from "@xmldom/xmldom";

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&${{ "<": "lt", ">": "gt", "&": "amp", '"': "quot", "'": "apos" }[c]};`);
}

/** Parses XML, returning undefined for anything not well-formed (autodiscover answers that with its own error). */
export function parseXml(text: string): Element | undefined {
  let failed = false;
  try {
    const doc = new DOMParser({
      onError: (level) => {
        if (level !== "warning") failed = true;
      },
    }).parseFromString(text, "text/xml");
    return failed ? undefined : (doc.documentElement ?? undefined);
  } catch {
    return undefined;
  }
}

/** Text of every element with this local name, whatever its namespace. */
export function textsByLocalName(input: { root: Element; localName: string }): string[] {
  return Array.from(input.root.getElementsByTagNameNS("*", input.localName)).map((e) => (e.textContent ?? "").trim());
}
