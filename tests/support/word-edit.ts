import JSZip from 'jszip';

/** Edits an exported Word file's document.xml as Word would save it, and packs it again. */
export async function editWordXml(docx: Uint8Array, edit: (xml: string) => string): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file('word/document.xml')!.async('string');
  zip.file('word/document.xml', edit(xml));
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** What Word writes for a tracked insertion. */
export const trackedInsertion = (text: string, author: string, date: string, id = 901) =>
  `<w:ins w:id="${id}" w:author="${escape(author)}" w:date="${date}"><w:r><w:t xml:space="preserve">${escape(text)}</w:t></w:r></w:ins>`;

/** What Word writes for a tracked deletion: the words in w:delText. */
export const trackedDeletion = (text: string, author: string, date: string, id = 902) =>
  `<w:del w:id="${id}" w:author="${escape(author)}" w:date="${date}"><w:r><w:delText xml:space="preserve">${escape(text)}</w:delText></w:r></w:del>`;

const RUN = /<w:r>((?:<w:rPr>(?:(?!<\/w:rPr>).)*<\/w:rPr>)?)<w:t xml:space="preserve">([^<]*)<\/w:t><\/w:r>/g;

/**
 * Splits the plain run holding `before + target` so that `replace(target)` stands in its place:
 * e.g. a tracked deletion of `target`, or `target` followed by a tracked insertion. Throws if no
 * single plain run holds the phrase.
 */
export function atWords(xml: string, before: string, target: string, replace: (target: string) => string): string {
  let done = false;
  const out = xml.replace(RUN, (run, props: string, text: string) => {
    const phrase = escape(before + target);
    const at = text.indexOf(phrase);
    if (done || at < 0) return run;
    done = true;
    const head = text.slice(0, at + escape(before).length);
    const tail = text.slice(at + phrase.length);
    const plain = (t: string) => (t ? `<w:r>${props}<w:t xml:space="preserve">${t}</w:t></w:r>` : '');
    return `${plain(head)}${replace(target)}${plain(tail)}`;
  });
  if (!done) throw new Error(`no plain run holds “${before}${target}”`);
  return out;
}
