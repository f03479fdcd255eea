/**
 * A tiny XML writer. Text and attribute values are always escaped, so nothing a client
 * sends (or a seed string) can change the structure of a response.
 */
const markupKey = Symbol("xml-markup");
const attributesKey = Symbol("xml-attributes");

export interface Xml {
  readonly [markupKey]: string;
}

type AttributeValue = string | number | boolean | undefined;

export interface XmlAttributes {
  readonly [attributesKey]: Readonly<Record<string, AttributeValue>>;
}

/** null/undefined render nothing; booleans render as xs:boolean text. */
export type XmlContent = Xml | string | number | boolean | null | undefined | readonly XmlContent[];

// Characters XML 1.0 cannot carry at all; dropping them keeps every response well-formed.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to drop
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

// Most text (times, enum values, ids) needs no escaping at all; one test skips the four replaces for it.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters escapeText drops, plus the ones it escapes
const NEEDS_TEXT_ESCAPE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF&<>]/;

export function escapeText(value: string): string {
  if (!NEEDS_TEXT_ESCAPE.test(value)) return value;
  return value.replace(INVALID_XML_CHARS, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function escapeAttribute(value: string): string {
  return escapeText(value)
    .replace(/"/g, "&quot;")
    .replace(/\t/g, "&#x9;")
    .replace(/\n/g, "&#xA;")
    .replace(/\r/g, "&#xD;");
}

export function attrs(values: Record<string, AttributeValue>): XmlAttributes {
  return { [attributesKey]: values };
}

function isAttributes(value: unknown): value is XmlAttributes {
  return typeof value === "object" && value !== null && attributesKey in value;
}

function isXml(value: unknown): value is Xml {
  return typeof value === "object" && value !== null && markupKey in value;
}

function serializeContent(content: XmlContent): string {
  if (content === null || content === undefined) return "";
  if (Array.isArray(content)) return content.map((c: XmlContent) => serializeContent(c)).join("");
  if (isXml(content)) return content[markupKey];
  return escapeText(String(content));
}

/** `el("t:ItemId", attrs({ Id }), child, "text")`: the element, its attributes and its content. */
export function el(name: string, ...content: (XmlContent | XmlAttributes)[]): Xml {
  let attributeText = "";
  let inner = "";
  for (const part of content) {
    if (isAttributes(part)) {
      for (const [key, value] of Object.entries(part[attributesKey])) {
        if (value === undefined) continue;
        attributeText += ` ${key}="${escapeAttribute(String(value))}"`;
      }
    } else {
      inner += serializeContent(part);
    }
  }
  const markup = inner === "" ? `<${name}${attributeText}/>` : `<${name}${attributeText}>${inner}</${name}>`;
  return { [markupKey]: markup };
}

export function serializeDocument(root: Xml): string {
  return `<?xml version="1.0" encoding="utf-8"?>${root[markupKey]}`;
}

export function serializeFragment(node: Xml): string {
  return node[markupKey];
}
