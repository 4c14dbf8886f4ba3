import type { NewOrganization } from '../../shared/organizations.ts';
import type { NewParticipant } from '../../shared/participants.ts';

/**
 * The organizations the demo workspace records. The work plan asks "member states and some
 * governmental and nongovernmental organizations" for written contributions and heeds "the
 * agencies of the inter-American system" without naming any; these are the ones issue 16 names,
 * those a working group on criminal gangs would hear: human rights, drugs, defence, and the
 * United Nations office on crime.
 */
export const DEMO_ORGANIZATIONS: readonly NewOrganization[] = [
  { code: 'IACHR', name: 'Inter-American Commission on Human Rights' },
  { code: 'CICAD', name: 'Inter-American Drug Abuse Control Commission' },
  { code: 'IADB', name: 'Inter-American Defense Board' },
  { code: 'UNODC', name: 'United Nations Office on Drugs and Crime' },
];

/**
 * The organization whose sign-in link is printed with the others, so whoever tries the demo can
 * see what an organization sees: it reads, like an observer, until the Chair lets it propose on
 * a document (the demo allows it nowhere).
 */
export const DEMO_ORGANIZATION_PARTICIPANT: NewParticipant = { name: 'Inter-American Commission on Human Rights', role: 'organization', delegation: 'IACHR' };
