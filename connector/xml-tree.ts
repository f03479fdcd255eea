import { SaxesParser, type SaxesTagNS } from "saxes";

/**
 * A namespace-aware element tree of one small XML document (a relayed SOAP envelope, or Exchange's answer
 * to the connector's own check), for the policy to read structurally: comments and processing
 * instructions are dropped, CDATA counts as text, and a document type declaration is refused (it could
 * declare entities; EWS never sends one).
 */
export interface XmlElement {
  uri: string;
  local: string;
  /** Attributes by local name when they have no namespace, as `{uri}local` when they do; never xmlns declarations. */
  attributes: ReadonlyMap<string, string>;
  children: XmlElement[];
  /** The element's own text (not its children's), untrimmed. */
  text: string;
}

export class XmlRefused extends Error {}

const XMLNS_URI = "http://www.w3.org/2000/xmlns/";

function toElement(tag: SaxesTagNS): XmlElement {
  const attributes = new Map<string, string>();
  for (const attribute of Object.values(tag.attributes)) {
    if (attribute.uri === XMLNS_URI || attribute.name === "xmlns") continue;
    attributes.set(attribute.uri ? `{${attribute.uri}}${attribute.local}` : attribute.local, attribute.value);
  }
  return { uri: tag.uri, local: tag.local, attributes, children: [], text: "" };
}

/** The document's root element; throws XmlRefused for anything that is not one well-formed document. */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let error: Error | undefined;
  parser.on("error", (e) => {
    error ??= e;
  });
  parser.on("doctype", () => {
    error ??= new XmlRefused("The request carries a document type declaration.");
  });
  parser.on("opentag", (tag) => {
    const element = toElement(tag as SaxesTagNS);
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
  });
  const addText = (chunk: string) => {
    const current = stack[stack.length - 1];
    if (current) current.text += chunk;
  };
  parser.on("text", addText);
  parser.on("cdata", addText);
  parser.on("closetag", () => {
    stack.pop();
  });
  try {
    parser.write(xml).close();
  } catch (e) {
    error ??= e as Error;
  }
  if (error instanceof XmlRefused) throw error;
  if (error || !root) throw new XmlRefused("The request is not well-formed XML.");
  return root;
}

export function isElement(element: XmlElement | undefined, uri: string, local: string): element is XmlElement {
  return element?.uri === uri && element.local === local;
}

/** The children named `local` in `uri`. */
export function childrenNamed(element: XmlElement, uri: string, local: string): XmlElement[] {
  return element.children.filter((child) => isElement(child, uri, local));
}

/** Whether every attribute of `element` is one of `allowed` (un-namespaced names). */
export function hasOnlyAttributes(element: XmlElement, allowed: readonly string[]): boolean {
  return [...element.attributes.keys()].every((name) => allowed.includes(name));
}
