import { getSchema, Mark, mergeAttributes, type Extensions } from '@tiptap/core';
import Heading from '@tiptap/extension-heading';
import Paragraph from '@tiptap/extension-paragraph';
import StarterKit from '@tiptap/starter-kit';
import type { Schema } from '@tiptap/pm/model';

/**
 * The one definition of an Accord document, used by the browser editor and by the server
 * (seeding, validation, export). Change it only together with SCHEMA_VERSION in protocol.ts.
 */

export const PARAGRAPH_KINDS = ['preambular', 'operative', 'body'] as const;
export type ParagraphKind = (typeof PARAGRAPH_KINDS)[number];
export const PARAGRAPH_STATUSES = ['open', 'agreed', 'adref'] as const;
export type ParagraphStatus = (typeof PARAGRAPH_STATUSES)[number];

/** An attribute kept in the DOM as `data-<name>`; `key` is its name in the node or mark, when it differs. */
function dataAttribute(name: string, defaultValue: string | null, key = name) {
  return {
    default: defaultValue,
    parseHTML: (element: HTMLElement) => element.getAttribute(`data-${name}`) ?? defaultValue,
    renderHTML: (attributes: Record<string, unknown>) => {
      const value = attributes[key];
      return value === null || value === undefined ? {} : { [`data-${name}`]: String(value) };
    },
  };
}

/**
 * A paragraph of the negotiated text: `pid` names it for its whole life (decisions, revisions
 * and comparisons refer to it), `kind` decides its numbering, `status` records the Chair's
 * decision, `proposal` the delegation that proposed it as new, if any.
 */
export const NegotiatedParagraph = Paragraph.extend({
  addAttributes() {
    return {
      pid: dataAttribute('pid', null),
      kind: dataAttribute('kind', 'body'),
      status: dataAttribute('status', 'open'),
      proposal: dataAttribute('proposal', null),
    };
  },
});

export const NegotiatedHeading = Heading.extend({
  addAttributes() {
    return { ...this.parent?.(), pid: dataAttribute('pid', null) };
  },
}).configure({ levels: [1, 2, 3] });

const amendmentAttributes = {
  id: dataAttribute('amendment', null, 'id'),
  delegation: dataAttribute('delegation', null),
  author: dataAttribute('author', null),
  at: dataAttribute('at', null),
};

/** Text a delegation proposes to insert. Not inclusive: typing after it is not part of it. */
export const Insertion = Mark.create({
  name: 'insertion',
  // Above Strike and Underline, which also parse <del>/<ins>, so pasted amendments stay amendments.
  priority: 200,
  inclusive: false,
  excludes: '',
  addAttributes: () => amendmentAttributes,
  parseHTML: () => [{ tag: 'ins[data-amendment]' }],
  renderHTML: ({ HTMLAttributes }) => ['ins', mergeAttributes({ class: 'amendment-insertion' }, HTMLAttributes), 0],
});

/** Text a delegation proposes to delete. `excludes: ''` lets several delegations mark the same words. */
export const Deletion = Mark.create({
  name: 'deletion',
  priority: 200,
  inclusive: false,
  excludes: '',
  addAttributes: () => amendmentAttributes,
  parseHTML: () => [{ tag: 'del[data-amendment]' }],
  renderHTML: ({ HTMLAttributes }) => ['del', mergeAttributes({ class: 'amendment-deletion' }, HTMLAttributes), 0],
});

export function documentExtensions(): Extensions {
  return [
    // Undo comes from Yjs (it undoes only one's own changes); Tiptap's own history must be off.
    // No trailing paragraph: it is a change nobody made, written by every editor that opens a
    // text ending in a list or a heading (and refused from a delegation).
    StarterKit.configure({ undoRedo: false, paragraph: false, heading: false, codeBlock: false, code: false, trailingNode: false }),
    NegotiatedParagraph,
    NegotiatedHeading,
    Insertion,
    Deletion,
  ];
}

let schema: Schema | undefined;

export function documentSchema(): Schema {
  schema ??= getSchema(documentExtensions());
  return schema;
}

/** The name of the Y.XmlFragment that holds the text in every document's Y.Doc. */
export const TEXT_FIELD = 'default';
