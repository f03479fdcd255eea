import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DOMParser, type Element, XMLSerializer } from "@xmldom/xmldom";
import { validateXML } from "xmllint-wasm";
import { findChild, listChildElements } from "./dom";
import { NS } from "./namespaces";

/**
 * Validates EWS XML against Microsoft's schema (messages.xsd/types.xsd) with libxml2 compiled
 * to wasm, through the driver schemas in schema/helpers. ews-simulator/schema is a copy of the
 * schema we were given (see its SOURCE.md); EWS_SCHEMA_DIR points elsewhere.
 */
const VENDORED_SCHEMA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../schema");

export function findSchemaDirectory(): string {
  const dir = process.env.EWS_SCHEMA_DIR ?? VENDORED_SCHEMA;
  const required = ["messages.xsd", "types.xsd", "helpers/ews-body.xsd", "helpers/ews-envelope.xsd", "helpers/xml.xsd"];
  const missing = required.filter((file) => !existsSync(path.join(dir, file)));
  if (missing.length > 0) {
    throw new Error(
      `EWS schema files not found in ${dir} (missing: ${missing.join(", ")}). Expected Microsoft's messages.xsd/types.xsd ` +
        "with the helpers/ driver schemas in ews-simulator/schema, or in EWS_SCHEMA_DIR.",
    );
  }
  return dir;
}

export interface SchemaDocument {
  name: string;
  xml: string;
}

export interface SchemaValidationResult {
  name: string;
  valid: boolean;
  errors: string[];
}

type Driver = "ews-body.xsd" | "ews-envelope.xsd";

async function validateWith(input: { driver: Driver; documents: SchemaDocument[] }): Promise<SchemaValidationResult[]> {
  if (input.documents.length === 0) return [];
  const dir = findSchemaDirectory();
  const read = (file: string) => ({ fileName: file, contents: readFileSync(path.join(dir, file), "utf8") });
  const preload = [read("helpers/xml.xsd"), read("messages.xsd"), read("types.xsd")];
  if (input.driver === "ews-envelope.xsd") preload.push(read("helpers/soap-envelope-min.xsd"));
  const fileNames = input.documents.map((_, index) => `document-${index}.xml`);
  const result = await validateXML({
    xml: input.documents.map((doc, index) => ({ fileName: fileNames[index] ?? "", contents: doc.xml })),
    schema: [read(`helpers/${input.driver}`)],
    preload,
    maxMemoryPages: 16 * 1024,
  });
  return input.documents.map((doc, index) => {
    const errors = result.errors
      .filter(
        (error) => error.loc?.fileName === fileNames[index] || error.rawMessage.startsWith(`${fileNames[index]}:`),
      )
      .map((error) => error.message);
    return { name: doc.name, valid: errors.length === 0, errors };
  });
}

/** Strict: the document root must be an element declared in messages.xsd (e.g. m:FindItemResponse). */
export function validateEwsBodies(documents: SchemaDocument[]): Promise<SchemaValidationResult[]> {
  return validateWith({ driver: "ews-body.xsd", documents });
}

/** Lax about unknown body/header elements (as SOAP's schema is), strict about the EWS ones it knows. */
export function validateEwsEnvelopes(documents: SchemaDocument[]): Promise<SchemaValidationResult[]> {
  return validateWith({ driver: "ews-envelope.xsd", documents });
}

/** The first child of soap:Body, serialized on its own (namespace declarations included). */
export function extractBodyElement(envelope: string): { namespace: string; localName: string; xml: string } {
  const root = new DOMParser().parseFromString(envelope, "text/xml").documentElement;
  const body = root ? findChild(root, "Body", NS.soap) : undefined;
  const element: Element | undefined = body ? listChildElements(body)[0] : undefined;
  if (!element) throw new Error("The response has no SOAP body element.");
  return {
    namespace: element.namespaceURI ?? "",
    localName: element.localName ?? "",
    xml: new XMLSerializer().serializeToString(element),
  };
}
