import type { InputHTMLAttributes, SelectHTMLAttributes } from "react";
import { useId } from "react";
import { cn } from "./cn";

const CONTROL =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-xs placeholder:text-slate-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100 aria-[invalid=true]:border-red-400";

function FieldShell({
  id,
  label,
  hint,
  errors,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  errors?: string[];
  children: React.ReactNode;
}) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {hint && !errors?.length && (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {errors?.map((error) => (
        <p key={error} id={`${id}-error`} className="text-xs text-red-700">
          {error}
        </p>
      ))}
    </div>
  );
}

type FieldProps = { name: string; label: string; hint?: string; errors?: string[] };

export function TextField({
  name,
  label,
  hint,
  errors,
  className,
  ...props
}: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  // Unique per rendered field: two forms on one page may both have a field called "name".
  const id = `field-${name}${useId().replaceAll(":", "")}`;
  return (
    <FieldShell id={id} label={label} hint={hint} errors={errors}>
      <input
        id={id}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${id}-error` : hint ? `${id}-hint` : undefined}
        className={cn(CONTROL, className)}
        {...props}
      />
    </FieldShell>
  );
}

export function SelectField({
  name,
  label,
  hint,
  errors,
  options,
  className,
  ...props
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string; label: string }[] }) {
  // Unique per rendered field: two forms on one page may both have a field called "name".
  const id = `field-${name}${useId().replaceAll(":", "")}`;
  return (
    <FieldShell id={id} label={label} hint={hint} errors={errors}>
      <select id={id} name={name} className={cn(CONTROL, className)} {...props}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
