import { type Appointment, DateTime, ItemId, ItemSchema, type PropertyDefinitionBase } from "ews-javascript-api";

/**
 * A property an answer may have left out: Microsoft's schema makes every item property optional in an
 * answer. The library's getters throw for a requested property that did not come back (a value type such as
 * IsCancelled) or hand back null (Start, the item's id); TryGetProperty tells which without throwing.
 */
export function readOptionalProperty(input: { item: Appointment; property: PropertyDefinitionBase }): unknown {
  const value: { outValue: unknown } = { outValue: null };
  return input.item.TryGetProperty(input.property, value) ? value.outValue : undefined;
}

/** The item's id, or null when the answer left it out. */
export function readItemId(item: Appointment): string | null {
  const id = readOptionalProperty({ item, property: ItemSchema.Id });
  return (id instanceof ItemId && id.UniqueId) || null;
}

/** A date-time property as an instant, or null when the answer left it out. */
export function readOptionalDate(input: { item: Appointment; property: PropertyDefinitionBase }): Date | null {
  const value = readOptionalProperty(input);
  return value instanceof DateTime ? value.MomentDate.toDate() : null;
}
