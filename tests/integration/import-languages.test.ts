import { AlignmentType, Document, HeadingLevel, LevelFormat, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSummary } from '../../shared/documents.ts';
import { paragraphNumbers } from '../../shared/negotiation/numbering.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { editorDoc } from '../support/editing.ts';
import { signIn, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let secretariat: string;

beforeAll(async () => {
  server = await startTestServer();
  secretariat = await signIn(server, { role: 'secretariat' });
});
afterAll(async () => server.dispose());

async function upload(document: Document, title: string): Promise<DocumentSummary> {
  const form = new FormData();
  form.set('file', new File([new Uint8Array(await Packer.toBuffer(document))], `${title}.docx`));
  form.set('title', title);
  form.set('kind', 'resolution');
  const response = await fetch(`${server.url}/api/documents/import`, { method: 'POST', body: form, headers: { cookie: secretariat } });
  expect(response.status).toBe(201);
  return (await response.json()) as DocumentSummary;
}

/** Each block as a reader cites it: its number ("1", "2" …), "PP" for a preambular paragraph, "" otherwise; then its first words. */
async function asCited(created: DocumentSummary): Promise<string[]> {
  const doc = editorDoc(restoreDocument(await server.store.loadDocumentState(created.id)));
  const numbers = paragraphNumbers(doc);
  const lines: string[] = [];
  doc.forEach((block) => {
    const label = numbers.get(block.attrs.pid as string) ?? (block.attrs.kind === 'preambular' ? 'PP' : '');
    lines.push(`${label}|${block.textContent.split(' ').slice(0, 3).join(' ')}`);
  });
  return lines;
}

describe('importing resolutions in the other official languages', () => {
  it('a Spanish resolution: RECORDANDO, TENIENDO PRESENTE, CONSIDERANDO are preambular; the paragraphs after RESUELVE numbered 1, 2, 3 with their sub-items kept', async () => {
    const numbered = (text: string, level = 0) => new Paragraph({ text, numbering: { reference: 'parrafos', level } });
    const document = new Document({
      numbering: {
        config: [
          {
            reference: 'parrafos',
            levels: [
              { level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START },
              { level: 1, format: LevelFormat.LOWER_LETTER, text: '%2)', alignment: AlignmentType.START },
            ],
          },
        ],
      },
      sections: [
        {
          children: [
            new Paragraph({ text: 'PROMOCIÓN DE LA COOPERACIÓN HEMISFÉRICA PARA EL TRATAMIENTO DE LAS PANDILLAS DELICTIVAS', heading: HeadingLevel.HEADING_1 }),
            new Paragraph({ text: '(Proyecto de resolución presentado por la Presidencia del Grupo de Trabajo)' }),
            new Paragraph({ text: 'LA ASAMBLEA GENERAL,' }),
            new Paragraph({ text: 'VISTO el informe anual del Consejo Permanente a la Asamblea General;' }),
            new Paragraph({ text: 'RECORDANDO la resolución AG/RES. 2380 (XXXVIII-O/08), “Promoción de la cooperación hemisférica para el tratamiento de las pandillas delictivas”;' }),
            new Paragraph({ text: 'TENIENDO PRESENTE las presentaciones realizadas por los organismos del sistema interamericano;' }),
            new Paragraph({ text: 'CONSIDERANDO que las actividades de las pandillas delictivas afectan la seguridad de las comunidades;' }),
            new Paragraph({ text: 'PREOCUPADA porque dichas actividades pueden adquirir dimensiones transnacionales,' }),
            new Paragraph({ text: 'RESUELVE:' }),
            numbered('Tomar nota de los avances del Grupo de Trabajo.'),
            numbered('Invitar a los Estados Miembros a presentar contribuciones:'),
            numbered('por escrito, antes del 30 de septiembre;', 1),
            numbered('en la reunión de expertos.', 1),
            numbered('Encomendar a la Secretaría General que prepare un documento de antecedentes.'),
          ],
        },
      ],
    });
    expect(await asCited(await upload(document, 'Proyecto de resolución'))).toEqual([
      '|PROMOCIÓN DE LA',
      '|(Proyecto de resolución',
      '|LA ASAMBLEA GENERAL,',
      'PP|VISTO el informe',
      'PP|RECORDANDO la resolución',
      'PP|TENIENDO PRESENTE las',
      'PP|CONSIDERANDO que las',
      'PP|PREOCUPADA porque dichas',
      '|RESUELVE:',
      '1|Tomar nota de',
      '2|Invitar a los',
      '|por escrito, antes',
      '3|Encomendar a la',
    ]);
  });

  it('a French resolution whose operative paragraphs carry no typed numbers: RAPPELANT, AYANT VU are preambular, every paragraph after DÉCIDE is numbered', async () => {
    const document = new Document({
      sections: [
        {
          children: [
            new Paragraph({ text: 'PROMOTION DE LA COOPÉRATION HÉMISPHÉRIQUE POUR LE TRAITEMENT DES BANDES CRIMINELLES', heading: HeadingLevel.HEADING_1 }),
            new Paragraph({ text: 'L’ASSEMBLÉE GÉNÉRALE,' }),
            new Paragraph({ text: 'AYANT VU le rapport annuel du Conseil permanent à l’Assemblée générale ;' }),
            new Paragraph({ text: 'RAPPELANT la résolution AG/RES. 2380 (XXXVIII-O/08) ;' }),
            new Paragraph({ text: 'CONSIDÉRANT que les activités des bandes criminelles affectent la sécurité des communautés ;' }),
            new Paragraph({ text: 'PRÉOCCUPÉE par le fait que ces activités peuvent acquérir des dimensions transnationales,' }),
            new Paragraph({ text: 'DÉCIDE\u00a0:' }),
            new Paragraph({ text: 'De prendre note des progrès accomplis par le Groupe de travail.' }),
            new Paragraph({ text: 'D’inviter les États membres à présenter des contributions écrites.' }),
            new Paragraph({ text: 'De charger le Secrétariat général de préparer un document de référence.' }),
          ],
        },
      ],
    });
    expect(await asCited(await upload(document, 'Projet de résolution'))).toEqual([
      '|PROMOTION DE LA',
      '|L’ASSEMBLÉE GÉNÉRALE,',
      'PP|AYANT VU le',
      'PP|RAPPELANT la résolution',
      'PP|CONSIDÉRANT que les',
      'PP|PRÉOCCUPÉE par le',
      '|DÉCIDE\u00a0:',
      '1|De prendre note',
      '2|D’inviter les États',
      '3|De charger le',
    ]);
  });
});
