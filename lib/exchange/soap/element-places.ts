import type { SaxesTagNS } from "saxes";

/** Under `parent`, the element `ns`:`local` takes `place`. */
export type PlaceRule<P extends string> = readonly [parent: P, ns: string, local: string, place: P];

/**
 * The grammar a streaming reader follows: an element takes a place only where a rule names it under its
 * parent's place, by namespace and local name (prefixes are the sender's choice). Everything else, and
 * everything inside it, has no place (undefined), so a reader never looks at it.
 */
export function createPlaceLookup<P extends string>(
  rules: readonly PlaceRule<P>[],
): (input: { parent: P | undefined; tag: SaxesTagNS }) => P | undefined {
  // By local name first, then the namespace compared: no key string built per element.
  const byParent = new Map<P, Map<string, { ns: string; place: P }>>();
  for (const [parent, ns, local, place] of rules) {
    const children = byParent.get(parent) ?? new Map<string, { ns: string; place: P }>();
    children.set(local, { ns, place });
    byParent.set(parent, children);
  }
  return ({ parent, tag }) => {
    const child = parent === undefined ? undefined : byParent.get(parent)?.get(tag.local);
    return child && child.ns === tag.uri ? child.place : undefined;
  };
}
