import type { Node as PMNode } from '@tiptap/pm/model';
import { DOMSerializer } from '@tiptap/pm/model';
import { useEffect, useRef } from 'react';
import { paragraphNumbers } from '../../shared/negotiation/numbering.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import { useLanguage } from '../i18n/language.tsx';

/**
 * A text that is read, not edited (the clean and the agreed views): the same markup and
 * styles as the live editor, so paragraphs, numbers and agreed marks look the same.
 */
export function renderText(doc: PMNode, into: HTMLElement, language: Language = 'en'): void {
  const serializer = DOMSerializer.fromSchema(doc.type.schema);
  const numbers = paragraphNumbers(doc, language);
  const out = document.createDocumentFragment();
  doc.forEach((block) => {
    const dom = serializer.serializeNode(block);
    const pid = block.attrs.pid as string | null | undefined;
    const label = pid ? numbers.get(pid) : undefined;
    if (label && dom instanceof HTMLElement) {
      const number = document.createElement('span');
      number.className = 'paragraph-number';
      number.textContent = `${label}.`;
      dom.prepend(number);
    }
    out.append(dom);
  });
  into.replaceChildren(out);
}

export function ReadOnlyText({ doc, view, label, textLanguage = 'en' }: { doc: PMNode; view: string; label: string; textLanguage?: Language }) {
  const ref = useRef<HTMLDivElement>(null);
  const { language } = useLanguage();
  useEffect(() => {
    if (ref.current) renderText(doc, ref.current, language);
  }, [doc, language]);
  return <div ref={ref} className="negotiated-text negotiated-text--read-only" data-testid="read-only-text" data-view={view} aria-label={label} lang={textLanguage} />;
}
