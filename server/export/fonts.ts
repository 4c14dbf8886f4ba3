import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { z } from 'zod';

/**
 * The typefaces of the exported pages, shipped with Accord and inlined in each page, so a
 * page saved as HTML and the PDF Chromium prints from it look the same on every machine,
 * whatever fonts it has installed: a fresh Debian has only DejaVu, whose wider letters break
 * lines elsewhere. Tinos and Arimo are metric-compatible with Times New Roman and Arial, the
 * faces these documents are drafted in, so the page keeps the look delegations expect.
 */

export const SERIF_FAMILY = 'Tinos';
export const SANS_FAMILY = 'Arimo';

interface Face {
  family: string;
  /** The @fontsource package that ships it. */
  pkg: string;
  weight: 400 | 700;
  style: 'normal' | 'italic';
}

/** The text is serif in all four styles; the proposers' codes are bold sans (see html-kit's CSS). */
const FACES: readonly Face[] = [
  { family: SERIF_FAMILY, pkg: '@fontsource/tinos', weight: 400, style: 'normal' },
  { family: SERIF_FAMILY, pkg: '@fontsource/tinos', weight: 400, style: 'italic' },
  { family: SERIF_FAMILY, pkg: '@fontsource/tinos', weight: 700, style: 'normal' },
  { family: SERIF_FAMILY, pkg: '@fontsource/tinos', weight: 700, style: 'italic' },
  { family: SANS_FAMILY, pkg: '@fontsource/arimo', weight: 700, style: 'normal' },
];

/**
 * Latin covers English, Spanish, French and Portuguese; Latin Extended the other European
 * languages' letters (ő, ł, č …). A subset is inlined only in a page that has one of its
 * characters, so a typical page carries about 115 kB of fonts rather than 600 kB.
 */
const SUBSETS = ['latin', 'latin-ext'] as const;
type Subset = (typeof SUBSETS)[number];

interface SubsetFaces {
  /** Inclusive code-point ranges of the subset's `unicode-range`. */
  ranges: [number, number][];
  /** One @font-face rule per face, the font inlined as a data: URL. */
  css: string;
}

const unicodeRanges = z.record(z.string(), z.string().regex(/^U\+[0-9A-F]+(-[0-9A-F]+)?(,U\+[0-9A-F]+(-[0-9A-F]+)?)*$/i));
const packages = createRequire(import.meta.url);

function parseRanges(unicodeRange: string): [number, number][] {
  return unicodeRange.split(',').map((part) => {
    const [from, to = from] = part.slice(2).split('-') as [string, string?];
    return [parseInt(from, 16), parseInt(to, 16)];
  });
}

function loadSubset(subset: Subset, declared: Record<string, string>): SubsetFaces {
  const unicodeRange = declared[subset];
  if (!unicodeRange) throw new Error(`${FACES[0]!.pkg} has no ${subset} subset`);
  const css = FACES.map((face) => {
    const name = face.pkg.split('/')[1];
    const file = packages.resolve(`${face.pkg}/files/${name}-${subset}-${face.weight}-${face.style}.woff2`);
    const data = readFileSync(file).toString('base64');
    // `block`: a printed page must never be laid out in a fallback font while this one loads.
    return `@font-face { font-family: '${face.family}'; font-style: ${face.style}; font-weight: ${face.weight}; font-display: block; src: url(data:font/woff2;base64,${data}) format('woff2'); unicode-range: ${unicodeRange}; }`;
  }).join('\n');
  return { ranges: parseRanges(unicodeRange), css };
}

let loaded: Map<Subset, SubsetFaces> | null = null;

/** The fonts are read from disk once per process, on the first export that needs them. */
function subsets(): Map<Subset, SubsetFaces> {
  if (!loaded) {
    // Both packages declare the same ranges (Google Fonts' subsets); take them from the first.
    const declared = unicodeRanges.parse(JSON.parse(readFileSync(packages.resolve(`${FACES[0]!.pkg}/unicode.json`), 'utf8')));
    loaded = new Map(SUBSETS.map((subset) => [subset, loadSubset(subset, declared)]));
  }
  return loaded;
}

const within = (code: number, { ranges }: SubsetFaces) => ranges.some(([from, to]) => code >= from && code <= to);

/**
 * The @font-face rules a page needs: Latin always (the page's own frame is Latin), another
 * subset when the page's text has a character that Latin does not draw and that subset does.
 */
export function fontFaceCss(pageText: string): string {
  const all = subsets();
  const latin = all.get('latin')!;
  const needed = new Set<SubsetFaces>([latin]);
  const others = [...all.values()].filter((faces) => faces !== latin);
  for (const ch of pageText) {
    const code = ch.codePointAt(0)!;
    if (within(code, latin)) continue;
    for (const faces of others) if (within(code, faces)) needed.add(faces);
  }
  return [...needed].map((faces) => faces.css).join('\n');
}
