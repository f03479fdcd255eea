import type { Element, Node } from "@xmldom/xmldom";
import { createSchemaFault } from "./errors";
import { NS } from "./namespaces";

/** Namespace-aware helpers over @xmldom/xmldom: element names are always matched as (namespace, local name). */

const ELEMENT_NODE = 1;

function isElement(node: Node): node is Element {
  return node.nodeType === ELEMENT_NODE;
}

export function listChildElements(parent: Element): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (isElement(node)) out.push(node);
  }
  return out;
}

export function isNamed(element: Element, name: { ns: string; local: string }): boolean {
  return (element.namespaceURI ?? "") === name.ns && element.localName === name.local;
}

export function findChild(parent: Element, local: string, ns: string = NS.t): Element | undefined {
  return listChildElements(parent).find((child) => isNamed(child, { ns, local }));
}

export function findChildren(parent: Element, local: string, ns: string = NS.t): Element[] {
  return listChildElements(parent).filter((child) => isNamed(child, { ns, local }));
}

export function readText(element: Element): string {
  return element.textContent ?? "";
}

export function readChildText(parent: Element, local: string, ns: string = NS.t): string | undefined {
  const child = findChild(parent, local, ns);
  return child ? readText(child).trim() : undefined;
}

export function readAttribute(element: Element, name: string): string | undefined {
  return element.hasAttribute(name) ? (element.getAttribute(name) ?? undefined) : undefined;
}

/** Where an element sits in the request, for ErrorSchemaValidation's Line/Position. */
export function locate(element: Element): { line?: number; position?: number } {
  const located = element as Element & { lineNumber?: number; columnNumber?: number };
  return { line: located.lineNumber, position: located.columnNumber };
}

export function requireChild(parent: Element, local: string, ns: string = NS.t): Element {
  const child = findChild(parent, local, ns);
  if (!child) {
    throw createSchemaFault({
      message: `The element '${parent.localName}' has incomplete content. Expected '${local}'.`,
      ...locate(parent),
    });
  }
  return child;
}

export function requireAttribute(element: Element, name: string): string {
  const value = readAttribute(element, name);
  if (value === undefined) {
    throw createSchemaFault({
      message: `The required attribute '${name}' is missing on '${element.localName}'.`,
      ...locate(element),
    });
  }
  return value;
}

/** xs:boolean accepts true/false/1/0. */
export function parseXsBoolean(input: { value: string; element: Element }): boolean {
  const v = input.value.trim();
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  throw createSchemaFault({ message: `'${v}' is not a valid boolean.`, ...locate(input.element) });
}

export function readEnum<T extends string>(input: {
  element: Element;
  value: string | undefined;
  allowed: readonly T[];
  what: string;
}): T | undefined {
  if (input.value === undefined) return undefined;
  const match = input.allowed.find((candidate) => candidate === input.value?.trim());
  if (!match) {
    throw createSchemaFault({
      message: `The ${input.what} value '${input.value}' is invalid according to its datatype.`,
      ...locate(input.element),
    });
  }
  return match;
}
