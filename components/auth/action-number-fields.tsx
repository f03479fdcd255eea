import type { ActionState } from "@/lib/actions/result";
import { ActionTextField } from "./action-text-field";

/** One number field of a list: its name is also the key of its stored value. */
export interface NumberFieldSpec<Name extends string = string> {
  name: Name;
  label: string;
  hint?: string;
  min: number;
  max?: number;
}

/**
 * Number fields of a server-action form, in the order given, each filled with its stored value (empty
 * for null) or, after a failed save, with what was typed.
 */
export function ActionNumberFields<Name extends string>({
  state,
  fields,
  values,
}: {
  state: ActionState<unknown>;
  fields: readonly NumberFieldSpec<Name>[];
  values: Record<NoInfer<Name>, number | null>;
}) {
  return fields.map(({ name, ...field }) => {
    const value = values[name];
    return (
      <ActionTextField
        key={name}
        state={state}
        name={name}
        type="number"
        {...field}
        defaultValue={value === null ? "" : String(value)}
      />
    );
  });
}
