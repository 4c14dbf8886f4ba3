import type { ApiError, AuditRecord, DocumentSummary, IssuedInvitation, Participant, ParticipantRecord, RevisionRecord, RevisionText, TextView } from '../shared/api.ts';
import type { DocumentChange, NewDocument } from '../shared/documents.ts';
import type { DecidedAmendment, Decision } from '../shared/negotiation/decisions.ts';
import type { CallRecord, Compilation, ContributionRecord, NewCall } from '../shared/calls.ts';
import type { NewOrganization, Organization } from '../shared/organizations.ts';
import type { NewParticipant } from '../shared/participants.ts';
import type { Comparison } from '../shared/revisions/comparison.ts';
import type { Language } from '../shared/i18n/languages.ts';
import { translate } from '../shared/i18n/translate.ts';
import { currentLanguage } from './i18n/language.tsx';
import { noteServerDate } from './sync/server-clock.ts';
import type { LanguageVersions, NewLanguageVersion, VersionText } from '../shared/i18n/language-versions-api.ts';

/**
 * Typed wrappers for the REST routes of shared/api.ts. The session travels as an HttpOnly
 * cookie, so every call is same-origin with credentials and no token is ever held in script.
 */

/** A failed API call, carrying the server's own explanation and the HTTP status. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly issues: ApiError['issues'] = undefined,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

/** What the Chair's decisions did: every amendment settled, every paragraph status set. */
export interface DecisionAnswer {
  decided: DecidedAmendment[];
  statusChanges: { pid: string; status: string }[];
}

export type { AuditRecord, RevisionRecord, RevisionText, TextView as RevisionView };

/** The new document's fields sent with a Word file to POST /api/documents/import. */
export interface DocxImport {
  file: File;
  title: string;
  symbol: string;
  kind: string;
}

function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && typeof (value as { error?: unknown }).error === 'string';
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  // The server answers people in the language the page speaks: refusals, validation errors.
  const init: RequestInit = { method, credentials: 'same-origin', headers: { Accept: 'application/json', 'Accept-Language': currentLanguage() } };
  if (body instanceof FormData) {
    // The browser writes the multipart boundary into Content-Type itself.
    init.body = body;
  } else if (body !== undefined) {
    init.headers = { ...init.headers, 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let response: Response;
  const sentAt = Date.now();
  try {
    response = await fetch(path, init);
    noteServerDate(response.headers.get('Date'), sentAt, Date.now());
  } catch {
    // fetch rejects only when no answer came at all: say so in words a delegate understands.
    throw new ApiRequestError(translate(currentLanguage(), 'common.unreachable'), 0);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let payload: unknown = undefined;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
  }
  if (!response.ok) {
    const message = isApiError(payload) ? payload.error : translate(currentLanguage(), 'common.serverAnswered', { status: `${response.status} ${response.statusText}`.trim() });
    throw new ApiRequestError(message, response.status, isApiError(payload) ? payload.issues : undefined);
  }
  return payload as T;
}

export function isUnauthenticated(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 401;
}

/** The path of a document's routes, also the base of its export links. */
export function documentUrl(id: string): string {
  return `/api/documents/${encodeURIComponent(id)}`;
}

export const api = {
  health: () => request<{ ready: boolean }>('GET', '/api/health'),

  signIn: (token: string) => request<Participant>('POST', '/api/session', { token }),
  signOut: () => request<void>('DELETE', '/api/session'),
  me: () => request<Participant>('GET', '/api/me'),
  roster: () => request<Participant[]>('GET', '/api/roster'),
  /** The language this participant chose (null: never chose; the browser's guess serves). */
  myLanguage: () => request<{ language: Language | null }>('GET', '/api/me/language'),
  setMyLanguage: (language: Language) => request<void>('PUT', '/api/me/language', { language }),

  listDocuments: () => request<DocumentSummary[]>('GET', '/api/documents'),
  createDocument: (input: NewDocument) => request<DocumentSummary>('POST', '/api/documents', input),
  updateDocument: (id: string, change: DocumentChange) =>
    request<DocumentSummary>('PATCH', `/api/documents/${encodeURIComponent(id)}`, change),
  decide: (id: string, decisions: Decision | Decision[]) =>
    request<DecisionAnswer>('POST', `/api/documents/${encodeURIComponent(id)}/decisions`, decisions),
  audit: (id: string) => request<AuditRecord[]>('GET', `/api/documents/${encodeURIComponent(id)}/audit`),
  /** Undoes a decision (by its number): the Chair only; refused when its words are gone. */
  undoDecision: (id: string, decision: number) =>
    request<{ undone: number; returned: string[] }>('POST', `/api/documents/${encodeURIComponent(id)}/decisions/${decision}/undo`),

  /** The language versions of a text: each version, what is pending translation, what the others propose. */
  languageVersions: (id: string) => request<LanguageVersions>('GET', `${documentUrl(id)}/languages`),
  addLanguageVersion: (id: string, input: NewLanguageVersion) => request<DocumentSummary>('POST', `${documentUrl(id)}/languages`, input),
  /** A version from a Word translation, aligned paragraph for paragraph with the original. */
  importLanguageVersion: (id: string, file: File, language: string) => {
    const form = new FormData();
    form.append('file', file);
    form.append('language', language);
    return request<DocumentSummary>('POST', `${documentUrl(id)}/languages/import`, form);
  },
  versionText: (id: string) => request<VersionText>('GET', `${documentUrl(id)}/languages/text`),
  alignParagraphs: (id: string, pids: string[]) => request<{ aligned: string[] }>('POST', `${documentUrl(id)}/languages/aligned`, { pids }),

  listRevisions: (id: string) => request<RevisionRecord[]>('GET', `${documentUrl(id)}/revisions`),
  createRevision: (id: string, input: { name?: string; note: string }) => request<RevisionRecord>('POST', `${documentUrl(id)}/revisions`, input),
  revisionText: (id: string, revisionId: string, view: TextView) =>
    request<RevisionText>('GET', `${documentUrl(id)}/revisions/${encodeURIComponent(revisionId)}?view=${view}`),
  restoreRevision: (id: string, revisionId: string) =>
    request<RevisionRecord>('POST', `${documentUrl(id)}/revisions/${encodeURIComponent(revisionId)}/restore`),
  /** `from` and `to`: a revision id or `live`. */
  compare: (id: string, from: string, to: string) =>
    request<Comparison>('GET', `${documentUrl(id)}/compare?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`),
  importDocx: ({ file, title, symbol, kind }: DocxImport) => {
    const form = new FormData();
    form.append('file', file);
    form.append('title', title);
    form.append('symbol', symbol);
    form.append('kind', kind);
    return request<DocumentSummary>('POST', '/api/documents/import', form);
  },

  listParticipants: () => request<ParticipantRecord[]>('GET', '/api/participants'),
  createParticipant: (input: NewParticipant) =>
    request<{ participant: Participant; invitation: IssuedInvitation }>('POST', '/api/participants', input),
  issueInvitation: (participantId: string) =>
    request<IssuedInvitation>('POST', `/api/participants/${encodeURIComponent(participantId)}/invitations`),
  revokeParticipant: (participantId: string) => request<void>('DELETE', `/api/participants/${encodeURIComponent(participantId)}`),
  revokeInvitation: (invitationId: string) => request<void>('DELETE', `/api/invitations/${encodeURIComponent(invitationId)}`),

  /** The Word round trip: what the file would propose (nothing is made), then, confirmed by the preview's digest, made. */
  uploadWord: (id: string, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return request<{ proposals: { pid: string; paragraph: string; shape: 'insertion' | 'deletion' | 'replacement' | 'paragraph'; inserted: string; deleted: string; source: 'tracked' | 'compared' }[]; unplaced: { paragraph: string; text: string; reason: string }[]; digest: string }>('POST', `${documentUrl(id)}/word`, form);
  },
  confirmWord: (id: string, file: File, digest: string) => {
    const form = new FormData();
    form.append('file', file);
    form.append('confirm', digest);
    return request<{ created: { amendmentId: string; pid: string }[] }>('POST', `${documentUrl(id)}/word`, form);
  },

  listCalls: (id: string) => request<CallRecord[]>('GET', `${documentUrl(id)}/calls`),
  openCall: (id: string, input: NewCall) => request<CallRecord>('POST', `${documentUrl(id)}/calls`, input),
  readCall: (callId: string) => request<{ call: CallRecord; contributions: ContributionRecord[] }>('GET', `/api/calls/${encodeURIComponent(callId)}`),
  contribute: (callId: string, body: string) => request<ContributionRecord>('POST', `/api/calls/${encodeURIComponent(callId)}/contributions`, { body }),
  contributeWord: (callId: string, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return request<ContributionRecord>('POST', `/api/calls/${encodeURIComponent(callId)}/contributions/word`, form);
  },
  withdrawContribution: (callId: string) => request<void>('DELETE', `/api/calls/${encodeURIComponent(callId)}/contributions`),
  acceptLate: (callId: string, party: string) => request<CallRecord>('POST', `/api/calls/${encodeURIComponent(callId)}/late`, { party }),
  publishCall: (callId: string) => request<CallRecord>('POST', `/api/calls/${encodeURIComponent(callId)}/publish`, {}),
  /** The party's private working copy for the call: made now, or the one it has. */
  openWorkingCopy: (callId: string) => request<DocumentSummary>('POST', `/api/calls/${encodeURIComponent(callId)}/working-copy`, {}),
  /** The party's working copy for the call, or null if it has none yet. */
  findWorkingCopy: async (callId: string): Promise<DocumentSummary | null> => {
    try {
      return await request<DocumentSummary>('GET', `/api/calls/${encodeURIComponent(callId)}/working-copy`);
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 404) return null;
      throw error;
    }
  },
  /** Submits the amendments of the party's working copy as its contribution. */
  submitWorkingCopy: (callId: string) => request<ContributionRecord>('POST', `/api/calls/${encodeURIComponent(callId)}/contributions/working-copy`, {}),
  compile: (callId: string, compilation: Compilation) => request<DocumentSummary>('POST', `/api/calls/${encodeURIComponent(callId)}/compilation`, compilation),
  documentSources: (id: string) =>
    request<{ call: CallRecord; paragraphs: Record<string, string[]>; words: Record<string, string>; contributions: { party: string; submittedAt: string; late: boolean }[] }>('GET', `${documentUrl(id)}/sources`),

  listOrganizations: () => request<Organization[]>('GET', '/api/organizations'),
  createOrganization: (input: NewOrganization) => request<Organization>('POST', '/api/organizations', input),
  /** The organizations the Chair lets propose amendments on a document. */
  proposingOrganizations: (id: string) => request<{ proposing: string[] }>('GET', `${documentUrl(id)}/organizations`),
  setOrganizationProposes: (id: string, code: string, proposes: boolean) =>
    request<{ proposing: string[] }>('PUT', `${documentUrl(id)}/organizations/${encodeURIComponent(code)}`, { proposes }),
} as const;

/** The message to show for any thrown value. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
