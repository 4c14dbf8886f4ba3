import type { JSONContent } from '@tiptap/core';
import { newParagraphId } from '../sync/document-state.ts';

/** The outline of the regional strategy: its purpose and the thematic areas the work plan foresees. */
const SECTIONS: [string, string[]][] = [
  ['I. PURPOSE', [
    'To promote inter-American cooperation in preventing and fully addressing the phenomenon of criminal gangs in its diverse forms and specific manifestations, with full respect for human rights and the rule of law.',
  ]],
  ['II. GUIDING PRINCIPLES', [
    'Shared responsibility among member states; an integral approach that balances prevention, intervention and social reinsertion; attention to the specific situation of each member state; and the participation of civil society and local communities.',
  ]],
  ['III. THEMATIC AREAS', []],
  ['A. Prevention', [
    'Social, situational and community prevention programs for children and young people at risk, including education, employment and recreation opportunities.',
  ]],
  ['B. Intervention', [
    'Strengthening the capacity of police, prosecutors and the judiciary to investigate and prosecute crimes committed by criminal gangs, in accordance with domestic law.',
  ]],
  ['C. Rehabilitation and social reinsertion', [
    'Programs for the rehabilitation and social reinsertion of gang members who leave gangs, including within penitentiary systems.',
  ]],
  ['D. Institutional strengthening', [
    'Training, exchange of best practices and the development of national policies and coordination mechanisms on criminal gangs.',
  ]],
  ['E. International cooperation and information exchange', [
    'Mutual legal assistance, exchange of information among competent authorities and the development of common definitions and statistics on criminal gangs.',
  ]],
  ['IV. FOLLOW-UP', [
    'The Committee on Hemispheric Security will follow up the implementation of the strategy, with the support of the General Secretariat.',
  ]],
];

export function strategyOutlineContent(): JSONContent {
  const content: JSONContent[] = [];
  for (const [title, paragraphs] of SECTIONS) {
    content.push({ type: 'heading', attrs: { level: /^[A-E]\./.test(title) ? 3 : 2, pid: newParagraphId() }, content: [{ type: 'text', text: title }] });
    for (const text of paragraphs) content.push({ type: 'paragraph', attrs: { pid: newParagraphId(), kind: 'body' }, content: [{ type: 'text', text }] });
  }
  return { type: 'doc', content };
}
