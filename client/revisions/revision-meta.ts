import type { Participant } from '../../shared/participants.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import type { Translate } from '../../shared/i18n/translate.ts';
import type { RevisionRecord } from '../api.ts';

/** Who created a revision, by name when the roster knows them. */
export function authorName(revision: RevisionRecord, roster: Map<string, Participant>, t: Translate): string {
  return roster.get(revision.createdBy)?.name ?? t('revisions.formerParticipant');
}

/** A revision's date as negotiators cite it: "14 Mar 2025, 16:05", "14 mar 2025, 16:05". */
export function formatDate(iso: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(language, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
