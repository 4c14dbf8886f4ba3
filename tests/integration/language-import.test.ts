import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSummary } from '../../shared/documents.ts';
import type { LanguageVersions } from '../../shared/i18n/language-versions-api.ts';
import { paragraphNumbers } from '../../shared/negotiation/numbering.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { editorDoc } from '../support/editing.ts';
import { api, signIn, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let original: DocumentSummary;
let secretariat: string;

beforeAll(async () => {
  server = await startTestServer();
  original = (await server.store.listDocuments()).find((d) => d.kind === 'resolution')!;
  secretariat = await signIn(server, { role: 'secretariat' });
});
afterAll(async () => server.dispose());

/** The draft resolution in French, as a translator would send it back: one Word paragraph per paragraph. */
const FRENCH = [
  'PROMOTION DE LA COOPÉRATION HÉMISPHÉRIQUE POUR LE TRAITEMENT DES BANDES CRIMINELLES',
  '(Projet de résolution présenté par la Présidence du Groupe de travail)',
  'L’ASSEMBLÉE GÉNÉRALE,',
  'AYANT VU le rapport annuel du Conseil permanent à l’Assemblée générale ;',
  'RAPPELANT la résolution AG/RES. 2380 (XXXVIII-O/08) ;',
  'TENANT COMPTE de la création du Groupe de travail le 15 janvier 2009 ;',
  'RECONNAISSANT l’appui coordonné du Secrétariat général ;',
  'PRÉOCCUPÉE par le fait que les activités des bandes criminelles affectent la sécurité des communautés ;',
  'AYANT PRÉSENTS À L’ESPRIT les exposés des organismes du système interaméricain,',
  'DÉCIDE :',
  'De prendre note des progrès accomplis par le Groupe de travail.',
  'D’inviter les États membres à présenter des contributions écrites.',
  'De charger le Secrétariat général de préparer un document de référence.',
  'De convoquer une réunion d’experts au second semestre de 2009.',
  'De charger le Secrétariat général de continuer à appuyer les initiatives des États membres.',
  'De demander au Conseil permanent de faire rapport à l’Assemblée générale.',
];

async function word(paragraphs: readonly string[]): Promise<Uint8Array> {
  const children = paragraphs.map((text, i) => new Paragraph(i === 0 ? { text, heading: HeadingLevel.HEADING_1 } : { text }));
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}

function upload(bytes: Uint8Array, fields: Record<string, string>, cookie = secretariat, headers: Record<string, string> = {}) {
  const form = new FormData();
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], 'traduction.docx'));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return fetch(`${server.url}/api/documents/${original.id}/languages/import`, { method: 'POST', body: form, headers: { cookie, ...headers } });
}

describe('a language version from a Word translation', () => {
  it('refuses a file that does not align paragraph for paragraph, and anyone but the officers, creating nothing', async () => {
    const before = (await server.store.listDocuments()).length;
    const short = await upload(await word(FRENCH.slice(0, -1)), { language: 'fr' });
    expect(short.status).toBe(400);
    expect(((await short.json()) as { error: string }).error).toBe('the Word file has 15 paragraphs where the original has 16: a version is aligned paragraph by paragraph');
    const inSpanish = await upload(await word(FRENCH.slice(0, -1)), { language: 'fr' }, secretariat, { 'accept-language': 'es' });
    expect(((await inSpanish.json()) as { error: string }).error).toBe('el archivo de Word tiene 15 párrafos y el original 16: una versión se alinea párrafo por párrafo');
    const mexico = await signIn(server, { role: 'delegation', delegation: 'MEX' });
    expect((await upload(await word(FRENCH), { language: 'fr' }, mexico)).status).toBe(403);
    expect((await upload(await word(FRENCH), { language: 'es' })).status).toBe(409);
    expect((await upload(new TextEncoder().encode('not word'), { language: 'fr' })).status).toBe(400);
    expect((await server.store.listDocuments()).length).toBe(before);
  });

  it('takes the original’s paragraph ids, kinds and numbers, the translation’s words, and starts aligned', async () => {
    const response = await upload(await word(FRENCH), { language: 'fr', title: 'Promotion de la coopération hémisphérique (projet de résolution)' });
    expect(response.status).toBe(201);
    const french = (await response.json()) as DocumentSummary;
    const [english, version] = [
      editorDoc(restoreDocument(await server.store.loadDocumentState(original.id))),
      editorDoc(restoreDocument(await server.store.loadDocumentState(french.id))),
    ];
    const blocks = (doc: typeof english) => { const out: [string, string, string][] = []; doc.forEach((b) => out.push([b.type.name, String(b.attrs.pid), String(b.attrs.kind ?? '')])); return out; };
    expect(blocks(version)).toEqual(blocks(english));
    expect([...paragraphNumbers(version)]).toEqual([...paragraphNumbers(english)]);
    expect(version.child(3).textContent).toBe('AYANT VU le rapport annuel du Conseil permanent à l’Assemblée générale ;');
    expect(version.child(10).textContent).toBe('De prendre note des progrès accomplis par le Groupe de travail.');

    const family = (await (await api(server, secretariat, `/api/documents/${french.id}/languages`)).json()) as LanguageVersions;
    expect(family).toMatchObject({ language: 'fr', originalId: original.id });
    expect(family.pending[french.id]).toEqual([]);
  });
});
