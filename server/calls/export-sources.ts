import { delegationName, isDelegationCode } from '../../shared/delegations.ts';
import { managesWorkspace, type Participant } from '../../shared/participants.ts';
import type { ExportSources } from '../export/types.ts';
import type { Store } from '../store/store.ts';

/**
 * What an export of a consolidated draft says of its sources (issue 16): each paragraph's, and
 * the annex of contributions received, which, like the contributions themselves, only the
 * officers read before the Secretariat publishes the call. Undefined for a document not compiled.
 */
export async function exportSources(store: Store, documentId: string, reader: Pick<Participant, 'role'>): Promise<ExportSources | undefined> {
  const sources = await store.documentSources(documentId);
  if (!sources) return undefined;
  const call = await store.getCall(sources.callId);
  const annex = call !== null && (managesWorkspace(reader.role) || call.publishedAt !== null);
  const organizations = new Map((await store.listOrganizations()).map((o) => [o.code, o.name]));
  const contributions = annex ? (await store.listContributions(sources.callId)).filter((c) => c.withdrawnAt === null) : [];
  return {
    paragraphs: new Map(Object.entries(sources.paragraphs)),
    contributions: contributions.map(({ party, submittedAt, late }) => ({ party, name: isDelegationCode(party) ? delegationName(party) : (organizations.get(party) ?? party), submittedAt, late })),
  };
}
