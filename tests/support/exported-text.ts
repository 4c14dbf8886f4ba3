import JSZip from 'jszip';
import { DOMParser, parseHTML } from 'linkedom';

/**
 * An exported file's paragraphs as a reader sees them, one string each: to compare exports by
 * their words, whatever the format's markup.
 */
export async function exportedParagraphs(format: 'md' | 'html' | 'docx', body: Uint8Array): Promise<string[]> {
  const squeeze = (text: string) => text.replace(/\s+/g, ' ').trim();
  if (format === 'md') return new TextDecoder().decode(body).split('\n').map(squeeze).filter(Boolean);
  if (format === 'html') {
    const { document } = parseHTML(new TextDecoder().decode(body));
    return [...document.querySelectorAll('p, h1, h2, h3, h4, li')].map((el) => squeeze(el.textContent ?? '')).filter(Boolean);
  }
  const zip = await JSZip.loadAsync(body);
  const xml = await zip.file('word/document.xml')!.async('string');
  const document = new DOMParser().parseFromString(xml, 'text/xml');
  return [...document.getElementsByTagName('w:p')]
    .map((p) => squeeze([...p.getElementsByTagName('w:t')].map((t) => t.textContent ?? '').join('')))
    .filter(Boolean);
}
