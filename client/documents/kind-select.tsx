import { DOCUMENT_KINDS, type DocumentKind } from '../../shared/documents.ts';
import { useT } from '../i18n/language.tsx';
import { kindName } from './kinds.ts';

interface KindSelectProps {
  id: string;
  value: DocumentKind;
  onChange: (kind: DocumentKind) => void;
}

/** The kind of a new document (resolution, strategy …), as the create and import forms ask it. */
export function KindSelect({ id, value, onChange }: KindSelectProps) {
  const t = useT();
  return (
    <select id={id} name="kind" value={value} onChange={(e) => onChange(e.target.value as DocumentKind)}>
      {DOCUMENT_KINDS.map((k) => (
        <option key={k} value={k}>
          {kindName(k, t)}
        </option>
      ))}
    </select>
  );
}
