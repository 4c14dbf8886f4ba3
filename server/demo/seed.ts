import { readFileSync } from 'node:fs';
import type { IssuedInvitation } from '../../shared/api.ts';
import { DELEGATIONS } from '../../shared/delegations.ts';
import type { NewParticipant } from '../../shared/participants.ts';
import { issueInvitation } from '../auth/invitations.ts';
import type { Store } from '../store/store.ts';
import { documentStateFromContent } from '../sync/document-state.ts';
import { resolutionContent } from './resolution.ts';
import { strategyOutlineContent } from './strategy.ts';
import { workPlanContent } from './work-plan.ts';
import type { JSONContent } from '@tiptap/core';
import type { DocumentSummary } from '../../shared/documents.ts';
import { agreedFingerprints } from '../../shared/i18n/language-versions.ts';
import { documentSchema } from '../../shared/schema.ts';
import { spanishResolution, SPANISH_RESOLUTION_TITLE } from './resolution-es.ts';
import { DEMO_ORGANIZATION_PARTICIPANT, DEMO_ORGANIZATIONS } from './organizations.ts';

/**
 * The draft resolution's Spanish version, made after the English one (so lists and lookups find
 * the English first), aligned paragraph for paragraph: nothing pending translation at the start.
 */
async function seedSpanishResolution(store: Store, english: DocumentSummary, englishContent: JSONContent): Promise<void> {
  const content = spanishResolution(englishContent);
  const state = documentStateFromContent(content);
  const spanish = await store.createDocument({ title: SPANISH_RESOLUTION_TITLE, symbol: english.symbol, kind: english.kind, restricted: false }, state.update, state.clients);
  await store.setDocumentLanguage(english.id, 'en', null);
  await store.setDocumentLanguage(spanish.id, 'es', english.id);
  const source = agreedFingerprints(documentSchema().nodeFromJSON(englishContent));
  const own = agreedFingerprints(documentSchema().nodeFromJSON(content));
  await store.alignParagraphs(spanish.id, [...own].flatMap(([pid, ownHash]) => (source.has(pid) ? [{ pid, sourceHash: source.get(pid)!, ownHash }] : [])), 'system');
}

/** Delegations whose sign-in links are printed at first start, beside the officers'. */
const DEMO_DELEGATIONS = ['MEX', 'USA', 'BRA', 'CAN', 'JAM'];

export interface DemoLink {
  label: string;
  invitation: IssuedInvitation;
}

/**
 * Seeds the OAS working group on criminal gangs: its officers, the 35 member states, the
 * organizations it hears and one of them as a participant, and three documents, the draft
 * resolution in English and in Spanish. Runs only on an empty store, so restarting never
 * duplicates anything.
 */
export async function seedDemoWorkspace(store: Store, publicUrl: string): Promise<DemoLink[] | null> {
  if (!(await store.isEmpty())) return null;
  const links: DemoLink[] = [];
  // First, and a code already taken is left as it is: a seed cut short here (the store still
  // counts as empty without participants or documents) runs again cleanly.
  for (const organization of DEMO_ORGANIZATIONS) await store.createOrganization(organization);
  const add = async (input: NewParticipant, printLink: boolean) => {
    const participant = await store.createParticipant(input);
    if (printLink) links.push({ label: input.delegation ? `${input.name} (${input.delegation})` : input.name, invitation: await issueInvitation(store, participant.id, publicUrl) });
  };
  await add({ name: 'Chair \u2014 Guatemala', role: 'chair', delegation: null }, true);
  await add({ name: 'Secretariat \u2014 Department of Public Security', role: 'secretariat', delegation: null }, true);
  await add({ name: 'Permanent Observer of Spain', role: 'observer', delegation: null }, true);
  for (const delegation of DELEGATIONS) {
    await add({ name: delegation.name, role: 'delegation', delegation: delegation.code }, DEMO_DELEGATIONS.includes(delegation.code));
  }
  await add(DEMO_ORGANIZATION_PARTICIPANT, true);

  const workPlanText = readFileSync(new URL('./work-plan.txt', import.meta.url), 'utf8');
  const documents = [
    {
      meta: { title: 'Draft Work Plan of the Working Group to Prepare a Regional Strategy to Promote Inter-American Cooperation in Dealing with Criminal Gangs', symbol: 'OEA/Ser.G CSH/GT/PD-1/09', kind: 'work-plan' as const },
      content: workPlanContent(workPlanText),
    },
    {
      meta: { title: 'Promotion of Hemispheric Cooperation in Dealing with Criminal Gangs (draft resolution)', symbol: 'OEA/Ser.G CSH/GT/PD-2/09', kind: 'resolution' as const },
      content: resolutionContent(),
    },
    {
      meta: { title: 'Regional Strategy to Promote Inter-American Cooperation in Dealing with Criminal Gangs \u2014 outline', symbol: 'OEA/Ser.G CSH/GT/PD-3/09', kind: 'strategy' as const },
      content: strategyOutlineContent(),
    },
  ];
  const created = [];
  for (const { meta, content } of documents) {
    const state = documentStateFromContent(content);
    created.push(await store.createDocument({ ...meta, restricted: false }, state.update, state.clients));
  }
  await seedSpanishResolution(store, created[1]!, documents[1]!.content);
  return links;
}
