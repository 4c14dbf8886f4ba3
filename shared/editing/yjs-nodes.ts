import type { Node as PMNode } from '@tiptap/pm/model';
import * as Y from 'yjs';
import { markAttributes } from './mark-attributes.ts';

/** A Yjs type that holds nodes: the text's fragment, or an element. */
export type YContainer = Y.XmlFragment | Y.XmlElement;

/**
 * A block as new Yjs content, laid out as the ProseMirror binding lays it out (and reads it
 * back): attributes that are set, then the children, each run of text one Y.XmlText.
 */
export function blockToY(node: PMNode): Y.XmlElement {
  const element = new Y.XmlElement(node.type.name);
  for (const [key, value] of Object.entries(node.attrs)) if (value !== null && value !== undefined) element.setAttribute(key, value as string);
  const children: PMNode[] = [];
  node.content.forEach((child) => children.push(child));
  element.insert(0, node.isTextblock ? inlineToY(children) : children.map(blockToY));
  return element;
}

/** Inline content as Yjs children: consecutive text nodes make one Y.XmlText. */
export function inlineToY(nodes: readonly PMNode[]): (Y.XmlText | Y.XmlElement)[] {
  const out: (Y.XmlText | Y.XmlElement)[] = [];
  let run: PMNode[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const text = new Y.XmlText();
    text.applyDelta(run.map((n) => ({ insert: n.text ?? '', attributes: markAttributes(n.marks) })));
    out.push(text);
    run = [];
  };
  for (const node of nodes) {
    if (node.isText) run.push(node);
    else {
      flush();
      out.push(blockToY(node));
    }
  }
  flush();
  return out;
}
