import type { Mark, Node as PMNode } from '@tiptap/pm/model';
import * as Y from 'yjs';
import { z } from 'zod';
import { documentSchema, PARAGRAPH_KINDS, PARAGRAPH_STATUSES } from '../schema.ts';
import { amendmentAttrsSchema, amendmentOwner } from './amendment-marks.ts';
import { InvalidStructure, textRuns } from './text-projection.ts';

/**
 * Checks a block of the text, as an update leaves it, against the document schema: node types,
 * nesting, attribute names, types and sizes, marks and their attributes. Every block an update
 * changes is checked, whoever owns it: another participant's editor must be able to read
 * whatever the server commits (one that cannot drops the block, is refused, and reloads).
 *
 * The Y block is converted to a ProseMirror node by hand, not through the editor binding: the
 * binding "repairs" what it cannot read by deleting it from the Y.Doc, and the shadow copy being
 * judged must not change. Depth and size are bounded during the walk, before anything is
 * built, so that checking cannot be made expensive.
 */

/** Deeper than any list in a list in a quotation a negotiated text needs. */
export const MAX_BLOCK_DEPTH = 12;
/** Elements (paragraphs, list items, line breaks…) in one top-level block. */
export const MAX_BLOCK_ELEMENTS = 5_000;

const PID = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'malformed paragraph id');
const TEXT_ATTRIBUTE = (max: number) => z.string().max(max);
const NODE_ATTRIBUTES: Record<string, Record<string, z.ZodType>> = {
  paragraph: {
    pid: PID,
    kind: z.enum(PARAGRAPH_KINDS),
    status: z.enum(PARAGRAPH_STATUSES),
    proposal: z.string().refine((id) => amendmentOwner(id) !== null, 'malformed proposal id'),
  },
  heading: { pid: PID, level: z.union([z.literal(1), z.literal(2), z.literal(3)]) },
  orderedList: { start: z.number().int().min(0).max(100_000), type: TEXT_ATTRIBUTE(8) },
};
const MARK_ATTRIBUTES: Record<string, z.ZodType> = {
  insertion: amendmentAttrsSchema,
  deletion: amendmentAttrsSchema,
  link: z
    .object({
      href: TEXT_ATTRIBUTE(2048),
      target: TEXT_ATTRIBUTE(16).nullable(),
      rel: TEXT_ATTRIBUTE(64).nullable(),
      class: TEXT_ATTRIBUTE(64).nullable(),
      title: TEXT_ATTRIBUTE(256).nullable(),
    })
    .partial()
    .strict(),
};
/** Formatting without attributes: y-prosemirror stores `{}`. */
const NO_ATTRIBUTES = z.object({}).strict().nullable();

/** Marks built before, by the value object Yjs hands out for them (it never changes one). */
const builtMarks = new WeakMap<object, Map<string, Mark>>();

function buildMark(name: string, value: unknown): Mark {
  const cacheable = typeof value === 'object' && value !== null;
  const known = cacheable ? builtMarks.get(value)?.get(name) : undefined;
  if (known) return known;
  const type = documentSchema().marks[name];
  if (!type) throw new InvalidStructure(`unknown mark ${name}`);
  const parsed = (MARK_ATTRIBUTES[name] ?? NO_ATTRIBUTES).safeParse(value ?? null);
  if (!parsed.success) throw new InvalidStructure(`malformed ${name} mark`);
  const mark = type.create(parsed.data as Record<string, unknown> | null);
  if (cacheable) {
    const byName = builtMarks.get(value) ?? new Map<string, Mark>();
    byName.set(name, mark);
    builtMarks.set(value, byName);
  }
  return mark;
}

/** Only a top-level paragraph can be agreed or proposed (decisions and the panel read only those). */
const TOP_LEVEL_ONLY: Record<string, unknown> = { status: 'open', proposal: undefined };

function nodeAttributes(element: Y.XmlElement, nested: boolean): Record<string, unknown> {
  const allowed = NODE_ATTRIBUTES[element.nodeName] ?? {};
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(element.getAttributes())) {
    if (value === null || value === undefined) continue;
    const check = allowed[name];
    if (!check) throw new InvalidStructure(`${element.nodeName} has no attribute ${name}`);
    if (!check.safeParse(value).success) throw new InvalidStructure(`malformed ${name} of a ${element.nodeName}`);
    if (nested && name in TOP_LEVEL_ONLY && value !== TOP_LEVEL_ONLY[name]) throw new InvalidStructure(`only a paragraph of the text itself may have a ${name}`);
    attributes[name] = value;
  }
  return attributes;
}

/** Counts the elements of a block, refusing it as soon as it is too deep or too large. */
function boundSize(element: Y.XmlElement): void {
  let elements = 0;
  const visit = (node: Y.XmlElement, depth: number) => {
    if (depth > MAX_BLOCK_DEPTH) throw new InvalidStructure(`a block may nest at most ${MAX_BLOCK_DEPTH} deep`);
    if (++elements > MAX_BLOCK_ELEMENTS) throw new InvalidStructure(`a block may hold at most ${MAX_BLOCK_ELEMENTS} elements`);
    for (let child = node._start; child !== null; child = child.right) {
      if (!child.deleted && child.content instanceof Y.ContentType && child.content.type instanceof Y.XmlElement) visit(child.content.type, depth + 1);
    }
  };
  visit(element, 1);
}

function toNode(element: Y.XmlElement, nested = false): PMNode {
  const schema = documentSchema();
  const type = schema.nodes[element.nodeName];
  if (!type || type === schema.topNodeType || type.isText) throw new InvalidStructure(`unknown node ${element.nodeName}`);
  const children: PMNode[] = [];
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlElement) children.push(toNode(child, true));
    else if (child instanceof Y.XmlText) {
      if (Object.keys(child.getAttributes()).length > 0) throw new InvalidStructure('text may not carry attributes');
      for (const run of textRuns(child)) {
        if (run.text.length === 0) continue;
        children.push(schema.text(run.text, run.marks.map((m) => buildMark(m.name, m.value))));
      }
    } else throw new InvalidStructure('unexpected content in a block');
  }
  return type.create(nodeAttributes(element, nested), children);
}

/** Throws InvalidStructure unless the block is a valid top-level block of a document. */
export function checkBlock(element: Y.XmlElement): void {
  boundSize(element);
  const node = toNode(element);
  if (!documentSchema().topNodeType.contentMatch.matchType(node.type)) throw new InvalidStructure(`a ${node.type.name} cannot stand in the text on its own`);
  try {
    node.check();
  } catch (error) {
    throw new InvalidStructure(error instanceof Error ? error.message.slice(0, 200) : 'invalid block');
  }
}
