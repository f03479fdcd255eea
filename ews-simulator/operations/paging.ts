import type { Element } from "@xmldom/xmldom";
import { locate, readAttribute, readEnum, requireAttribute } from "../soap/dom";
import { createSchemaFault, EwsItemError } from "../soap/errors";
import type { XmlAttributes } from "../soap/xml";
import { attrs } from "../soap/xml";

/** An IndexedPage…View or FractionalPage…View as sent; undefined means "everything in one page". */
export type PagingView =
  | { kind: "indexed"; max?: number; offset: number; basePoint: "Beginning" | "End" }
  | { kind: "fractional"; max?: number; numerator: number; denominator: number };

function readInt(input: { element: Element; name: string; required: boolean }): number | undefined {
  const text = input.required ? requireAttribute(input.element, input.name) : readAttribute(input.element, input.name);
  if (text === undefined) return undefined;
  if (!/^\s*-?\d+\s*$/.test(text)) {
    throw createSchemaFault({ message: `'${text}' is not a valid ${input.name}.`, ...locate(input.element) });
  }
  return Number(text);
}

export function readIndexedView(element: Element): PagingView {
  const basePoint = readEnum({
    element,
    value: requireAttribute(element, "BasePoint"),
    allowed: ["Beginning", "End"] as const,
    what: "BasePoint",
  });
  return {
    kind: "indexed",
    max: readInt({ element, name: "MaxEntriesReturned", required: false }),
    offset: readInt({ element, name: "Offset", required: true }) ?? 0,
    basePoint: basePoint ?? "Beginning",
  };
}

export function readFractionalView(element: Element): PagingView {
  return {
    kind: "fractional",
    max: readInt({ element, name: "MaxEntriesReturned", required: false }),
    numerator: readInt({ element, name: "Numerator", required: true }) ?? 0,
    denominator: readInt({ element, name: "Denominator", required: true }) ?? 1,
  };
}

/**
 * One page of `entries` and the RootFolder paging attributes Exchange answers with (IndexedPagingOffset
 * or NumeratorOffset/AbsoluteDenominator, IncludesLastItemInRange, TotalItemsInView).
 */
export function pageEntries<T>(input: { entries: T[]; view?: PagingView; limit: number }): {
  page: T[];
  attributes: XmlAttributes;
} {
  const { entries, view } = input;
  const total = entries.length;
  if (!view) {
    const page = entries.slice(0, input.limit);
    return { page, attributes: attrs({ TotalItemsInView: total, IncludesLastItemInRange: page.length === total }) };
  }
  if (view.max !== undefined && view.max <= 0)
    throw new EwsItemError("ErrorInvalidPagingMaxRows", "MaxEntriesReturned must be greater than zero.");
  const size = Math.min(view.max ?? input.limit, input.limit);
  if (view.kind === "indexed") {
    if (view.offset < 0) throw new EwsItemError("ErrorInvalidIndexedPagingParameters", "The paging offset is invalid.");
    const end = view.basePoint === "Beginning" ? Math.min(total, view.offset + size) : Math.max(0, total - view.offset);
    const start = view.basePoint === "Beginning" ? Math.min(total, view.offset) : Math.max(0, end - size);
    const page = entries.slice(start, end);
    const done = view.basePoint === "Beginning" ? end >= total : start <= 0;
    return {
      page,
      attributes: attrs({
        IndexedPagingOffset: view.offset + page.length,
        TotalItemsInView: total,
        IncludesLastItemInRange: done,
      }),
    };
  }
  if (view.denominator <= 0 || view.numerator < 0 || view.numerator > view.denominator) {
    throw new EwsItemError(
      "ErrorInvalidFractionalPagingParameters",
      "The numerator must be between zero and the denominator, which must be positive.",
    );
  }
  const start = Math.floor((total * view.numerator) / view.denominator);
  const page = entries.slice(start, start + size);
  return {
    page,
    attributes: attrs({
      NumeratorOffset: start + page.length,
      AbsoluteDenominator: total,
      TotalItemsInView: total,
      IncludesLastItemInRange: start + page.length >= total,
    }),
  };
}
