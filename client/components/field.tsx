import { useId, type ReactElement } from 'react';

interface FieldProps {
  label: string;
  wide?: boolean;
  /** Receives the id the control must carry, so the label names it and nothing else. */
  children: (id: string) => ReactElement;
}

/**
 * A labelled form control. The label points at the control by id instead of wrapping it:
 * a wrapping label would make a select's accessible name include every option's text.
 */
export function Field({ label, wide, children }: FieldProps) {
  const id = useId();
  return (
    <div className={wide ? 'field field--wide' : 'field'}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children(id)}
    </div>
  );
}
