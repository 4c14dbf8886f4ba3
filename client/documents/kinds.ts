import type { DocumentKind } from '../../shared/documents.ts';

const KIND_NAMES: Record<DocumentKind, string> = {
  resolution: 'Resolution',
  strategy: 'Strategy',
  'work-plan': 'Work plan',
  other: 'Other',
};

export function kindName(kind: DocumentKind): string {
  return KIND_NAMES[kind];
}

const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}
