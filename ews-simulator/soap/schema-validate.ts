import { DOMParser, type Element, XMLSerializer } from "@xmldom/xmldom";
import { findChild, listChildElements } from "./dom";
import { NS } from "./namespaces";
import { getSchemaChecker, type SchemaDriver } from "./schema-checker";

/**
 * Validates EWS XML against Microsoft's schema (messages.xsd/types.xsd) with libxml2 compiled to wasm,
 * through the driver schemas in schema/helpers: what tests use to hold responses (and the app's own
 * requests) to the schema. The schema is compiled once per process (schema-checker.ts).
 */
export { findSchemaDirectory } from "./schema-checker";

export interface SchemaDocument {
  name: string;
  xml: string;
}

export interface SchemaValidationResult {
  name: string;
  valid: boolean;
  errors: string[];
}

async function validateWith(input: { driver: SchemaDriver; documents: SchemaDocument[] }) {
  const checker = getSchemaChecker(input.driver);
  return Promise.all(
    input.documents.map(async (doc): Promise<SchemaValidationResult> => {
      const check = await checker.check(doc.xml);
      return { name: doc.name, valid: check.valid, errors: check.valid ? [] : check.errors };
    }),
  );
}

/** Strict: the document root must be an element declared in messages.xsd (e.g. m:FindItemResponse). */
export function validateEwsBodies(documents: SchemaDocument[]): Promise<SchemaValidationResult[]> {
  return validateWith({ driver: "ews-body", documents });
}

/** Lax about unknown body/header elements (as SOAP's schema is), strict about the EWS ones it knows. */
export function validateEwsEnvelopes(documents: SchemaDocument[]): Promise<SchemaValidationResult[]> {
  return validateWith({ driver: "ews-envelope", documents });
}

/** A request envelope as the simulator checks it: EWS headers, and exactly one body element declared in messages.xsd. */
export function validateEwsRequests(documents: SchemaDocument[]): Promise<SchemaValidationResult[]> {
  return validateWith({ driver: "request-envelope", documents });
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
