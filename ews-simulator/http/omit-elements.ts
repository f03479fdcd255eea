import { DOMParser, type Element, XMLSerializer } from "@xmldom/xmldom";
import type { EwsResponse } from "../contract";
import { NS } from "../soap/namespaces";

const EWS_NAMESPACES = new Set<string>([NS.t, NS.m]);

/**
 * The "omit" fault: the core's answer with every element of these local names (EWS types and messages
 * namespaces, SOAP header included) taken out. Honest by construction: the result must still validate against
 * Microsoft's schema, or the client gets a plain-text 500 saying which rule the omission broke, never an
 * answer no Exchange server could send. Faults (non-200 answers) pass unchanged: they have nothing optional.
 */
export async function omitElements(input: { answer: EwsResponse; elements: string[] }): Promise<EwsResponse> {
  const { answer } = input;
  if (answer.status !== 200) return answer;
  const names = new Set(input.elements);
  const doc = new DOMParser().parseFromString(answer.body, "text/xml");
  const all = doc.getElementsByTagNameNS("*", "*");
  const doomed: Element[] = [];
  for (let i = 0; i < all.length; i++) {
    const element = all.item(i);
    if (element && names.has(element.localName ?? "") && EWS_NAMESPACES.has(element.namespaceURI ?? "")) {
      doomed.push(element);
    }
  }
  if (doomed.length === 0) return answer;
  for (const element of doomed) element.parentNode?.removeChild(element);
  const body = new XMLSerializer().serializeToString(doc);

  // Loaded only when an omission is asked for: the first check compiles Microsoft's schema for the body driver,
  // once per process (soap/schema-checker.ts).
  // The body alone: the only EWS header in an answer is ServerVersionInfo, which a server may leave out.
  const { extractBodyElement, validateEwsBodies } = await import("../soap/schema-validate");
  const results = await validateEwsBodies([{ name: "body", xml: extractBodyElement(body).xml }]);
  const errors = results.flatMap((result) => result.errors);
  if (errors.length === 0) return { ...answer, body };
  const refusal = `ews-simulator: leaving out ${[...names].join(", ")} breaks Microsoft's schema, so no Exchange server would send that answer:\n${errors.join("\n")}\n`;
  return { status: 500, contentType: "text/plain; charset=utf-8", body: refusal };
}
