import * as Y from 'yjs';
import { documentSchema } from '../schema.ts';
import { amendmentAttrsSchema, amendmentOwner, DELETION, INSERTION, isAmendmentMark } from './amendment-marks.ts';

/**
 * Canonical forms of the text as the server sees it in Yjs, used to judge what an update
 * changed. y-prosemirror stores a mark as a formatting attribute of a Y.XmlText, named after
 * the mark (`bold`) or, for marks that may overlap like amendments, `insertion--<hash>`.
 */

export class InvalidStructure extends Error {}

const HASHED_MARK = /^(.*)--[a-zA-Z0-9+/=]{8}$/;
/** The mark a formatting attribute of a Y.XmlText stands for. */
export const markName = (attribute: string) => HASHED_MARK.exec(attribute)?.[1] ?? attribute;

const ATTRIBUTE_DEFAULTS: Record<string, unknown> = { kind: 'body', status: 'open' };

export interface RunMark {
  /** Canonical form: `name` or `name{json}`; equal marks have equal keys. */
  key: string;
  name: string;
  /** For amendment marks: the proposer label. */
  proposer: string | null;
  /** The mark's attributes as stored. */
  value: unknown;
}

export interface Run {
  text: string;
  marks: RunMark[];
  /** The run's amendment marks, parsed; `key` is the mark's canonical form. */
  amendments: { kind: string; attrs: Record<string, unknown>; key: string }[];
}

const markKeys = (marks: RunMark[]) => marks.map((m) => m.key);

/** Orders by code units: canonical, and many times faster than `localeCompare` on every keystroke. */
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function stable(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined).sort(([a], [b]) => byCodeUnits(a, b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
}

/** A block's attributes, with defaults filled in, so "absent" and "default" compare equal. */
export function blockAttributes(element: Y.XmlElement): Record<string, unknown> {
  const attributes: Record<string, unknown> = { ...element.getAttributes() };
  for (const [key, value] of Object.entries(ATTRIBUTE_DEFAULTS)) if (attributes[key] === undefined || attributes[key] === null) attributes[key] = value;
  return attributes;
}

/** Runs already read during `withSharedRuns`, by text node. */
let sharedRuns: WeakMap<Y.XmlText, Run[]> | null = null;

/**
 * Runs `work` with each text node's runs read once however many projections ask for them
 * (judging a keystroke projects the same paragraph several ways). The documents must not
 * change while `work` runs.
 */
export function withSharedRuns<T>(work: () => T): T {
  const outer = sharedRuns;
  sharedRuns = new WeakMap();
  try {
    return work();
  } finally {
    sharedRuns = outer;
  }
}

/** The runs of a text node with their marks, checked against the schema. */
export function textRuns(text: Y.XmlText): Run[] {
  const known = sharedRuns?.get(text);
  if (known) return known;
  const runs = readRuns(text);
  sharedRuns?.set(text, runs);
  return runs;
}

type AmendmentAttrs = ReturnType<typeof amendmentAttrsSchema.parse>;

/**
 * Mark values read before, by identity. Yjs hands out the same value object for a formatting
 * attribute every time the text is read and never changes it, so a mark is canonicalised and
 * validated once, not on every keystroke in its paragraph.
 */
const readMarks = new WeakMap<object, Map<string, { key: string; attrs: AmendmentAttrs | null }>>();

/** A mark's canonical key and, for an amendment mark, its validated attributes. */
export function readMark(name: string, value: unknown): { key: string; attrs: AmendmentAttrs | null } {
  const cacheable = typeof value === 'object' && value !== null;
  const known = cacheable ? readMarks.get(value)?.get(name) : undefined;
  if (known) return known;
  const plain = value === null || value === undefined || (typeof value === 'object' && Object.keys(value).length === 0);
  const key = plain ? name : `${name}${stable(value)}`;
  let attrs: AmendmentAttrs | null = null;
  if (isAmendmentMark(name)) {
    const parsed = amendmentAttrsSchema.safeParse(value);
    if (!parsed.success) throw new InvalidStructure(`malformed ${name} mark`);
    attrs = parsed.data;
  }
  const read = { key, attrs };
  if (cacheable) {
    const byName = readMarks.get(value) ?? new Map();
    byName.set(name, read);
    readMarks.set(value, byName);
  }
  return read;
}

function readRuns(text: Y.XmlText): Run[] {
  const schema = documentSchema();
  const runs: Run[] = [];
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert !== 'string') throw new InvalidStructure('embedded objects are not part of a document');
    const marks: RunMark[] = [];
    const amendments: Run['amendments'] = [];
    for (const [attribute, value] of Object.entries(op.attributes ?? {})) {
      const name = markName(attribute);
      if (!schema.marks[name]) throw new InvalidStructure(`unknown mark ${name}`);
      const { key, attrs } = readMark(name, value);
      let proposer: string | null = null;
      if (attrs) {
        amendments.push({ kind: name, attrs, key });
        proposer = attrs.delegation;
      }
      marks.push({ key, name, proposer, value });
    }
    runs.push({ text: op.insert, marks: marks.sort((a, b) => byCodeUnits(a.key, b.key)), amendments });
  }
  return runs;
}

function mergeRuns(runs: Run[]): Run[] {
  const merged: Run[] = [];
  for (const run of runs) {
    const last = merged.at(-1);
    if (last && markKeys(last.marks).join('\u0000') === markKeys(run.marks).join('\u0000')) last.text += run.text;
    else if (run.text.length > 0) merged.push({ ...run, marks: [...run.marks], amendments: [...run.amendments] });
  }
  return merged;
}

export function proposalOwner(element: Y.XmlElement): string | null {
  const proposal = element.getAttribute('proposal');
  return typeof proposal === 'string' ? amendmentOwner(proposal) : null;
}

export function isFrozen(element: Y.XmlElement): boolean {
  return blockAttributes(element).status !== 'open';
}

/**
 * What names a paragraph for the rules: its pid, which decisions, revisions and comparisons
 * use, or its Yjs id if it has none. An amendment of another stays in the paragraph it is in.
 */
export function paragraphKey(element: Y.XmlElement): string {
  const pid = element.getAttribute('pid');
  if (typeof pid === 'string') return `pid:${pid}`;
  const item = element._item;
  return item ? `id:${item.id.client}:${item.id.clock}` : 'id:';
}

export const carriesOwnInsertion = (run: Run, label: string): boolean =>
  run.amendments.some((a) => a.kind === INSERTION && a.attrs.delegation === label);

/**
 * Others' amendment marks that stand on text not inserted by `label` in one text block. Text
 * `label` types inside or next to one of them may carry it too and stays `label`'s own: typed
 * inside another's insertion it is nested in it, and typed at the edge of another's marked words
 * Yjs may extend that mark over it when the two edits were concurrent.
 */
export function hostInsertions(element: Y.XmlElement, label: string): Set<string> {
  const hosts = new Set<string>();
  for (const child of element.toArray()) {
    if (!(child instanceof Y.XmlText)) continue;
    for (const run of textRuns(child)) {
      if (carriesOwnInsertion(run, label)) continue;
      for (const a of run.amendments) if (a.attrs.delegation !== label) hosts.add(a.key);
    }
  }
  return hosts;
}

/**
 * Whether a run is `label`'s own to change or withdraw: its pending text, alone or with others'
 * marks that also stand outside it (hosts). Marks of others that stand only on `label`'s text —
 * another's insertion nested in `label`'s, or its proposal to delete some of `label`'s words —
 * are another's proposals and are left to their proposer and the Chair.
 */
export function isOwnRun(run: Run, label: string, hosts: ReadonlySet<string>): boolean {
  return carriesOwnInsertion(run, label) && run.amendments.every((a) => a.attrs.delegation === label || hosts.has(a.key));
}

/**
 * A block as a delegation must leave it: everything except the delegation's own pending text
 * and its own deletion marks (`exempt`). An agreed block exempts nothing. Of the exempt
 * proposer's own proposed paragraph only what others proposed in it stays (null if nothing):
 * the rest it may change or withdraw.
 */
export function delegationView(element: Y.XmlElement, exempt: string | null): string | null {
  if (exempt === null || isFrozen(element)) return blockView(element, null);
  if (proposalOwner(element) === exempt) {
    const residue = othersText(element, exempt);
    return residue === '' ? null : `proposed[${residue}]`;
  }
  return blockView(element, exempt);
}

const NO_HOSTS: ReadonlySet<string> = new Set();

/** The runs of a text node that are not `exempt`'s own, quoted with their mark keys. */
function textView(text: Y.XmlText, exempt: string | null, hosts: ReadonlySet<string>): string {
  const kept = textRuns(text)
    .filter((run) => exempt === null || !isOwnRun(run, exempt, hosts))
    .map((run) => (exempt === null ? run : { ...run, marks: run.marks.filter((m) => !(m.name === DELETION && m.proposer === exempt)) }));
  let out = '';
  for (const run of mergeRuns(kept)) out += `${JSON.stringify(run.text)}${JSON.stringify(markKeys(run.marks))},`;
  return out;
}

/**
 * A block in canonical form: name, attributes, then its children, each text run as its quoted
 * text and its mark keys. Written out directly rather than through `stable`: it runs twice
 * per keystroke on the whole paragraph.
 */
function blockView(element: Y.XmlElement, exempt: string | null): string {
  if (!documentSchema().nodes[element.nodeName]) throw new InvalidStructure(`unknown node ${element.nodeName}`);
  const hosts = exempt === null ? NO_HOSTS : hostInsertions(element, exempt);
  let out = `${element.nodeName}${stable(blockAttributes(element))}[`;
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) out += textView(child, exempt, hosts);
    else if (child instanceof Y.XmlElement) out += `${blockView(child, exempt)},`;
    else throw new InvalidStructure('unexpected content in a block');
  }
  return `${out}]`;
}

/** The text of a block that is not `exempt`'s own, element after element. */
function othersText(element: Y.XmlElement, exempt: string): string {
  const hosts = hostInsertions(element, exempt);
  let out = '';
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) out += textView(child, exempt, hosts);
    else if (child instanceof Y.XmlElement) out += othersText(child, exempt);
    else throw new InvalidStructure('unexpected content in a block');
  }
  return out;
}

/**
 * A block as an officer (Chair, Secretariat) editing directly must leave it: the base text is
 * theirs to edit, but other proposers' amendments, other proposers' paragraphs and agreed
 * paragraphs must stay exactly as they are, each in its own paragraph. Returns the tokens that
 * must be preserved, each naming its paragraph.
 */
export function officerView(element: Y.XmlElement, self: string): string[] {
  const owner = proposalOwner(element);
  const key = paragraphKey(element);
  if ((owner !== null && owner !== self) || isFrozen(element)) return [`${key}|${blockView(element, null)}`];
  const tokens: string[] = [];
  const collect = (node: Y.XmlElement) => {
    if (!documentSchema().nodes[node.nodeName]) throw new InvalidStructure(`unknown node ${node.nodeName}`);
    // The officer's own pending text (proposed in suggesting mode) is its own to change, as a
    // delegation's is: left out, so that typing inside another's amendment leaves it whole.
    const hosts = hostInsertions(node, self);
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlElement) collect(child);
      else if (child instanceof Y.XmlText) {
        const others = textRuns(child)
          .filter((run) => !isOwnRun(run, self, hosts))
          .map((run) => ({ ...run, marks: run.marks.filter((m) => m.proposer !== null && m.proposer !== self) }));
        for (const run of mergeRuns(others)) if (run.marks.length > 0) tokens.push(`${key}|${stable([run.text, markKeys(run.marks)])}`);
      } else throw new InvalidStructure('unexpected content in a block');
    }
  };
  collect(element);
  return tokens;
}
