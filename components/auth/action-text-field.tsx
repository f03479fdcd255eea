import type { ComponentProps } from "react";
import { TextField } from "@/components/ui/field";
import type { ActionState } from "@/lib/actions/result";
import { fieldErrors, submittedValue } from "./form-message";

/** A text field of a server-action form: shows its errors and, after a failure, what was typed. */
export function ActionTextField({
  state,
  name,
  defaultValue,
  ...props
}: { state: ActionState<unknown> } & Omit<ComponentProps<typeof TextField>, "errors">) {
  return (
    <TextField
      name={name}
      defaultValue={submittedValue(state, name) ?? defaultValue}
      errors={fieldErrors(state, name)}
      {...props}
    />
  );
}
