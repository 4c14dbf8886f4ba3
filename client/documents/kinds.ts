import type { DocumentKind } from '../../shared/documents.ts';
import type { Translate } from '../../shared/i18n/translate.ts';

export function kindName(kind: DocumentKind, t: Translate): string {
  return t(`kind.${kind}` as const);
}
