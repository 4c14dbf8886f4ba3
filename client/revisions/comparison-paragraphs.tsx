import { useState } from 'react';
import type { AmendmentRef, ComparedParagraph } from '../../shared/revisions/comparison.ts';
import { proposerColour } from '../editor/delegation-colours.ts';
import { attributionLabel, attributionTitle, segmentRuns } from './comparison-text.ts';
import type { MessageKey } from '../../shared/i18n/translate.ts';
import { useLanguage, useT } from '../i18n/language.tsx';
import { useTextLanguage } from '../editor/text-language.ts';

const CHANGE_TAGS: Partial<Record<ComparedParagraph['change'], MessageKey>> = { inserted: 'compare.tag.inserted', removed: 'compare.tag.removed', changed: 'compare.tag.changed' };

const colour = (delegation: string | null | undefined) => ({ ['--delegation-colour' as string]: delegation ? proposerColour(delegation) : 'var(--muted)' });

function CompareParagraph({ paragraph, index }: { paragraph: ComparedParagraph; index: Map<string, AmendmentRef> }) {
  const { t, language } = useLanguage();
  // The compared words are in the document's language; the labels beside each change in the participant's.
  const textLanguage = useTextLanguage();
  const Tag = paragraph.blockType === 'heading' ? 'h3' : 'p';
  const tagKey = CHANGE_TAGS[paragraph.change];
  const tag = tagKey ? t(tagKey) : null;
  return (
    <li className={`comparison__paragraph comparison__paragraph--${paragraph.change}`} data-testid="comparison-paragraph" data-change={paragraph.change} data-pid={paragraph.pid ?? ''}>
      <span className="comparison__gutter">
        {paragraph.number && <span className="comparison__number">{paragraph.number}.</span>}
        {tag && <span className="comparison__tag">{tag}</span>}
      </span>
      <Tag className="comparison__text" data-kind={paragraph.kind} lang={textLanguage}>
        {segmentRuns(paragraph.segments).map((run, i) => {
          if (run.kind === 'same') return <span key={i}>{run.text}</span>;
          const delegation = run.attribution?.delegation ?? null;
          const title = attributionTitle(run.attribution, index, t);
          const data = { 'data-delegation': delegation ?? '', 'data-how': run.attribution?.how ?? 'edited', 'data-amendment-id': run.attribution?.amendmentId ?? '' };
          return (
            <span key={i} className="comparison__change" style={colour(delegation)}>
              {run.segments.map((segment, j) =>
                segment.change === 'inserted' ? (
                  <ins key={j} className="comparison__insert" data-testid="comparison-insert" title={title} {...data}>
                    {segment.text}
                  </ins>
                ) : (
                  <del key={j} className="comparison__remove" data-testid="comparison-remove" title={title} {...data}>
                    {segment.text}
                  </del>
                ),
              )}
              <span className={`comparison__attribution comparison__attribution--${run.attribution?.how ?? 'edited'}`} data-testid="comparison-attribution" title={title} lang={language} {...data}>
                {attributionLabel(run.attribution, t)}
              </span>
            </span>
          );
        })}
      </Tag>
    </li>
  );
}

/** Paragraphs in a row that did not change: one line saying so, opened on demand. */
function Unchanged({ paragraphs, index }: { paragraphs: ComparedParagraph[]; index: Map<string, AmendmentRef> }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const numbers = paragraphs.map((p) => p.number).filter((n): n is string => n !== null);
  const range = numbers.length === 0 ? '' : numbers.length === 1 ? t('compare.range', { first: numbers[0]! }) : t('compare.rangeMany', { first: numbers[0]!, last: numbers.at(-1)! });
  return (
    <>
      <li className="comparison__unchanged">
        <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'} {t('compare.unchanged', { count: paragraphs.length })}
          {range}
        </button>
      </li>
      {open && paragraphs.map((p, i) => <CompareParagraph key={p.pid ?? `same-${i}`} paragraph={p} index={index} />)}
    </>
  );
}

/** The comparison paragraph by paragraph, numbered as in the newer state. */
export function ComparisonParagraphs({ paragraphs, index }: { paragraphs: ComparedParagraph[]; index: Map<string, AmendmentRef> }) {
  const blocks: (ComparedParagraph | ComparedParagraph[])[] = [];
  for (const p of paragraphs) {
    const last = blocks.at(-1);
    if (p.change !== 'same') blocks.push(p);
    else if (Array.isArray(last)) last.push(p);
    else blocks.push([p]);
  }
  return (
    <ol className="comparison__paragraphs">
      {blocks.map((block, i) =>
        Array.isArray(block) ? (
          <Unchanged key={`u${i}:${block[0]?.pid ?? ''}`} paragraphs={block} index={index} />
        ) : (
          <CompareParagraph key={block.pid ?? `c${i}`} paragraph={block} index={index} />
        ),
      )}
    </ol>
  );
}
