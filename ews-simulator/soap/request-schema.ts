import { DOMParser, type Element } from "@xmldom/xmldom";
import { listChildElements } from "./dom";
import { createSchemaFault, type EwsFault } from "./errors";
import { getSchemaChecker } from "./schema-checker";

/**
 * Exchange checks every request against its schema before it runs anything, and answers a request that
 * breaks it with ErrorSchemaValidation (HTTP 500) naming the line, the position and the violation. So
 * does the simulator: the envelope's EWS headers and its one body element, against Microsoft's
 * messages.xsd/types.xsd.
 */

/** .NET's XmlReader, which Exchange reads requests with, refuses DTDs outright; libxml2 would expand them. */
const DOCTYPE = /<!DOCTYPE/i;

function lineAndPosition(input: { xml: string; offset: number }): { line: number; position: number } {
  const before = input.xml.slice(0, input.offset);
  const line = before.split("\n").length;
  return { line, position: input.offset - before.lastIndexOf("\n") };
}

/**
 * Where the element libxml2 names sits on `line`: the position of its name (as Exchange counts it, one past
 * the '<'). Undefined when the message names no element or the request cannot be read back.
 */
function findPosition(input: { xml: string; line: number; message: string }): number | undefined {
  const named = /^Element '(?:\{([^}]*)\})?([^']+)'/.exec(input.message);
  if (!named) return undefined;
  const [, namespace = "", localName] = named;
  let root: Element | null = null;
  try {
    root = new DOMParser({ onError: () => {} }).parseFromString(input.xml, "text/xml").documentElement;
  } catch {
    return undefined;
  }
  const stack: Element[] = root ? [root] : [];
  while (stack.length > 0) {
    const element = stack.shift() as Element & { lineNumber?: number; columnNumber?: number };
    if (
      element.lineNumber === input.line &&
      element.localName === localName &&
      (element.namespaceURI ?? "") === namespace &&
      element.columnNumber !== undefined
    ) {
      return element.columnNumber + 1;
    }
    stack.push(...listChildElements(element));
  }
  return undefined;
}

/** The ErrorSchemaValidation fault for a request that breaks Microsoft's schema; undefined when it is valid. */
export async function checkRequestSchema(xml: string): Promise<EwsFault | undefined> {
  const doctype = DOCTYPE.exec(xml);
  if (doctype) {
    return createSchemaFault({
      message: "For security reasons DTD is prohibited in this XML document.",
      ...lineAndPosition({ xml, offset: doctype.index + 2 }),
    });
  }
  const check = await getSchemaChecker("request-envelope").check(xml);
  if (check.valid) return undefined;
  const position =
    check.line === undefined ? undefined : findPosition({ xml, line: check.line, message: check.message });
  return createSchemaFault({ message: check.message, line: check.line, position });
}

/** Resolves once the schema is compiled. */
export function requestSchemaReady(): Promise<void> {
  return getSchemaChecker("request-envelope").ready();
}

/** Starts compiling the schema ahead of the first request (it takes a second or two), in the background. */
export function prepareRequestSchema(): void {
  getSchemaChecker("request-envelope").start();
}
