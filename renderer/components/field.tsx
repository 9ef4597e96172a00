// A labelled form field with its error tied to it for screen readers.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldError } from '../settings-validation';
import '../styles/field.css';

export function FieldMessage({ id, error, hint }: { id: string; error: FieldError; hint?: string }) {
  const { t } = useTranslation();
  if (error) {
    return (
      <p id={id} className="field-error">
        {t(error.key, error.params)}
      </p>
    );
  }
  return hint ? (
    <p id={id} className="field-hint">
      {hint}
    </p>
  ) : null;
}

export function TextField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: FieldError;
  /** Show the error only once the person has typed something. */
  touched?: boolean;
  hint?: string;
  placeholder?: string;
  type?: 'text' | 'url' | 'number' | 'time' | 'search';
  dir?: 'ltr' | 'auto';
  children?: ReactNode;
  inputMode?: 'text' | 'url' | 'numeric';
  min?: number;
  max?: number;
}) {
  const id = useId();
  const messageId = `${id}-message`;
  const shownError = props.touched === false ? null : (props.error ?? null);
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type={props.type ?? 'text'}
        value={props.value}
        dir={props.dir}
        placeholder={props.placeholder}
        inputMode={props.inputMode}
        min={props.min}
        max={props.max}
        aria-invalid={shownError ? true : undefined}
        aria-describedby={shownError || props.hint ? messageId : undefined}
        onChange={(event) => props.onChange(event.target.value)}
      />
      <FieldMessage id={messageId} error={shownError} hint={props.hint} />
      {props.children}
    </div>
  );
}
