import { describe, expect, it } from 'vitest';
import { clauseKinds, opensOperativePart, opensPreambularParagraph } from '../../shared/i18n/resolution-clauses.ts';
import { paragraphNumbers } from '../../shared/negotiation/numbering.ts';
import { doc, p } from '../support/builders.ts';

describe('preambular openings in the four official languages', () => {
  it.each([
    'RECALLING resolution AG/RES. 2380 (XXXVIII-O/08);',
    'HAVING SEEN the annual report of the Permanent Council;',
    'BEARING IN MIND the presentations given by the agencies;',
    'CONCERNED that the activities of criminal gangs affect the security;',
    'RECORDANDO la resolución AG/RES. 2380 (XXXVIII-O/08);',
    'TENIENDO PRESENTE las presentaciones realizadas;',
    'CONSIDERANDO que las pandillas delictivas afectan la seguridad;',
    'VISTO el informe anual del Consejo Permanente;',
    'PREOCUPADA porque las actividades de las pandillas afectan la seguridad;',
    'CONSCIENTE de la necesidad de cooperar;',
    'RAPPELANT la résolution AG/RES. 2380 (XXXVIII-O/08) ;',
    'CONSIDÉRANT que les activités des bandes criminelles affectent la sécurité ;',
    'AYANT VU le rapport annuel du Conseil permanent ;',
    'PRÉOCCUPÉE par le fait que les activités des bandes criminelles ;',
    'CONVAINCUE de la nécessité de coopérer ;',
    'TENDO VISTO o relatório anual do Conselho Permanente;',
    'LEVANDO EM CONTA que o Grupo de Trabalho foi criado;',
    'RECONHECENDO o apoio coordenado da Secretaria-Geral;',
    'CIENTE da necessidade de cooperar;',
  ])('%s', (text) => expect(opensPreambularParagraph(text)).toBe(true));

  it.each([
    'THE GENERAL ASSEMBLY,',
    'LA ASAMBLEA GENERAL,',
    'L’ASSEMBLÉE GÉNÉRALE,',
    "L'ASSEMBLÉE GÉNÉRALE,",
    'A ASSEMBLEIA GERAL,',
    'PROMOCIÓN DE LA COOPERACIÓN HEMISFÉRICA PARA EL TRATAMIENTO DE LAS PANDILLAS DELICTIVAS',
    'ESTADOS MIEMBROS',
    '(Proyecto de resolución presentado por la Presidencia del Grupo de Trabajo)',
    'Recordando, en minúsculas, no es la forma de un párrafo preambular.',
    'RESUELVE:',
    'DÉCIDE :',
  ])('not: %s', (text) => expect(opensPreambularParagraph(text)).toBe(false));
});

describe('the line that opens the operative part', () => {
  it.each(['RESOLVES:', 'RESUELVE:', 'DÉCIDE :', 'DÉCIDE\u00a0:', 'RESOLVE:', 'DECIDE:', 'ACUERDA:', 'DECIDES,'])('%s', (text) => expect(opensOperativePart(text)).toBe(true));
  it.each(['RESUELVE instar a los Estados', 'Resolves:', 'THE GENERAL ASSEMBLY,', 'RESUELVE: 1. Tomar nota'])('not: %s', (text) => expect(opensOperativePart(text)).toBe(false));
});

describe('the kinds of a resolution’s paragraphs', () => {
  const read = (lines: [string, boolean][]) => clauseKinds(lines.map(([text, numbered]) => ({ text, numbered })));

  it('numbers the paragraphs after RESUELVE even when the draft typed no numbers', () => {
    expect(
      read([
        ['LA ASAMBLEA GENERAL,', false],
        ['RECORDANDO la resolución AG/RES. 2380;', false],
        ['TENIENDO PRESENTE las presentaciones;', false],
        ['RESUELVE:', false],
        ['Tomar nota de los avances del Grupo de Trabajo.', false],
        ['Invitar a los Estados Miembros a presentar contribuciones:', false],
        ['a) por escrito;', false],
        ['Encomendar a la Secretaría General que prepare un documento.', false],
      ]),
    ).toEqual(['body', 'preambular', 'preambular', 'body', 'operative', 'operative', 'body', 'operative']);
  });

  it('when the operative paragraphs are numbered, an unnumbered line among them is not one', () => {
    expect(
      read([
        ["L'ASSEMBLÉE GÉNÉRALE,", false],
        ['RAPPELANT la résolution AG/RES. 2380 ;', false],
        ['DÉCIDE :', false],
        ['De prendre note des progrès accomplis.', true],
        ['(Note du Secrétariat : ce paragraphe reste à examiner.)', false],
        ["D'inviter les États membres à présenter des contributions.", true],
      ]),
    ).toEqual(['body', 'preambular', 'body', 'operative', 'body', 'operative']);
  });

  it('without a RESOLVES line the first number starts the operative part, and no later capitals are preambular', () => {
    expect(
      read([
        ['RECALLING resolution AG/RES. 2380;', false],
        ['To take note of the progress made.', true],
        ['NOTING with satisfaction the contributions;', false],
      ]),
    ).toEqual(['preambular', 'operative', 'body']);
  });
});

describe('numbers as each language’s negotiators cite them', () => {
  it('a paragraph proposed before the first operative one is new 1, nuevo 1, nouveau 1, novo 1; bis and ter are Latin in all', () => {
    const text = doc(
      p({ pid: 'n1', kind: 'operative', proposal: 'MEX:aaaaaaaa' }, 'Nuevo párrafo.'),
      p({ pid: 'n2', kind: 'operative', proposal: 'USA:bbbbbbbb' }, 'Otro.'),
      p({ pid: 'o1', kind: 'operative' }, 'Tomar nota.'),
      p({ pid: 'o1b', kind: 'operative', proposal: 'BRA:cccccccc' }, 'Invitar.'),
    );
    const labels = (language?: 'es' | 'en' | 'fr' | 'pt') => ['n1', 'n2', 'o1', 'o1b'].map((pid) => paragraphNumbers(text, language).get(pid));
    expect(labels()).toEqual(['new 1', 'new 1 bis', '1', '1 bis']);
    expect(labels('es')).toEqual(['nuevo 1', 'nuevo 1 bis', '1', '1 bis']);
    expect(labels('fr')).toEqual(['nouveau 1', 'nouveau 1 bis', '1', '1 bis']);
    expect(labels('pt')).toEqual(['novo 1', 'novo 1 bis', '1', '1 bis']);
  });
});
