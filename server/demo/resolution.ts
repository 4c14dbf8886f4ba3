import type { JSONContent } from '@tiptap/core';
import { newParagraphId } from '../sync/document-state.ts';

/**
 * The draft resolution the working group considers at its first meetings, written from the
 * mandates of AG/RES. 2380 (XXXVIII-O/08) and the work plan.
 */
const PREAMBLE = [
  'HAVING SEEN the annual report of the Permanent Council to the General Assembly, in particular the section on the activities of the Committee on Hemispheric Security;',
  'RECALLING resolution AG/RES. 2380 (XXXVIII-O/08), \u201cPromotion of Hemispheric Cooperation in Dealing with Criminal Gangs,\u201d which instructs the Permanent Council to establish, through the Committee on Hemispheric Security, a working group to prepare a regional strategy to promote inter-American cooperation in dealing with criminal gangs;',
  'TAKING INTO ACCOUNT that the Working Group to Prepare a Regional Strategy to Promote Inter-American Cooperation in Dealing with Criminal Gangs was established on January 15, 2009, and adopted a work plan for the 2009\u20132010 period;',
  'RECOGNIZING the coordinated support of the General Secretariat, through the Department of Public Security of the Secretariat for Multidimensional Security, to initiatives by member states aimed at preventing and fully addressing the phenomenon of criminal gangs in its diverse forms and specific manifestations, as well as the social reinsertion of transgressors;',
  'CONCERNED that the activities of criminal gangs affect the security and well-being of communities in many member states and can acquire transnational dimensions;',
  'BEARING IN MIND the presentations given by the agencies of the inter-American system and by the member states during the special meeting devoted to analyzing the criminal gangs problem,',
];

const OPERATIVE = [
  'To take note of the progress made by the Working Group to Prepare a Regional Strategy to Promote Inter-American Cooperation in Dealing with Criminal Gangs and to urge it to conclude the strategy for its consideration at the fortieth regular session of the General Assembly.',
  'To invite member states and relevant governmental and nongovernmental organizations to submit contributions in writing for the regional strategy.',
  'To instruct the General Secretariat to prepare a background document, based on its experience and in particular its study on the definition and classification of gangs, including proposed thematic areas for the strategy, and to compile the contributions received into a single document.',
  'To convene, during the second half of 2009, a meeting of experts to collect concrete suggestions for the strategy and to encourage discussion on them.',
  'To instruct the General Secretariat to continue to lend coordinated support to initiatives by member states aimed at preventing and fully addressing the phenomenon of criminal gangs, as well as the social reinsertion of transgressors.',
  'To request the Permanent Council to report to the General Assembly at its fortieth regular session on the implementation of this resolution, the execution of whose activities shall be subject to the availability of financial resources in the program-budget of the Organization and other resources.',
];

const block = (type: string, text: string, attrs: Record<string, unknown>): JSONContent => ({
  type,
  attrs: { pid: newParagraphId(), ...attrs },
  content: [{ type: 'text', text }],
});

export function resolutionContent(): JSONContent {
  return {
    type: 'doc',
    content: [
      block('heading', 'PROMOTION OF HEMISPHERIC COOPERATION IN DEALING WITH CRIMINAL GANGS', { level: 1 }),
      block('paragraph', '(Draft resolution presented by the Chair of the Working Group)', { kind: 'body' }),
      block('paragraph', 'THE GENERAL ASSEMBLY,', { kind: 'body' }),
      ...PREAMBLE.map((text) => block('paragraph', text, { kind: 'preambular' })),
      block('paragraph', 'RESOLVES:', { kind: 'body' }),
      ...OPERATIVE.map((text) => block('paragraph', text, { kind: 'operative' })),
    ],
  };
}
