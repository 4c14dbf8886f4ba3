import type { JSONContent } from '@tiptap/core';

/**
 * The draft resolution in Spanish, block for block the English one (resolution.ts): the demo's
 * Spanish version. Translated in the OAS's own wording where it has one (the title is that of
 * AG/RES. 2380 (XXXVIII-O/08) in Spanish).
 */
const SPANISH = [
  'PROMOCIÓN DE LA COOPERACIÓN HEMISFÉRICA PARA EL TRATAMIENTO DE LAS PANDILLAS DELICTIVAS',
  '(Proyecto de resolución presentado por la Presidencia del Grupo de Trabajo)',
  'LA ASAMBLEA GENERAL,',
  'VISTO el informe anual del Consejo Permanente a la Asamblea General, en particular la sección relativa a las actividades de la Comisión de Seguridad Hemisférica;',
  'RECORDANDO la resolución AG/RES. 2380 (XXXVIII-O/08), \u201cPromoción de la cooperación hemisférica para el tratamiento de las pandillas delictivas\u201d, que encomienda al Consejo Permanente que establezca, por medio de la Comisión de Seguridad Hemisférica, un grupo de trabajo encargado de elaborar una estrategia regional para promover la cooperación interamericana en el tratamiento de las pandillas delictivas;',
  'TOMANDO EN CUENTA que el Grupo de Trabajo para Elaborar una Estrategia Regional para Promover la Cooperación Interamericana en el Tratamiento de las Pandillas Delictivas fue establecido el 15 de enero de 2009 y adoptó un plan de trabajo para el período 2009\u20132010;',
  'RECONOCIENDO el apoyo coordinado de la Secretaría General, por medio del Departamento de Seguridad Pública de la Secretaría de Seguridad Multidimensional, a las iniciativas de los Estados Miembros orientadas a prevenir y atender integralmente el fenómeno de las pandillas delictivas en sus diversas formas y manifestaciones específicas, así como a la reinserción social de los transgresores;',
  'PREOCUPADA porque las actividades de las pandillas delictivas afectan la seguridad y el bienestar de las comunidades en muchos Estados Miembros y pueden adquirir dimensiones transnacionales;',
  'TENIENDO PRESENTE las presentaciones realizadas por los organismos del sistema interamericano y por los Estados Miembros durante la reunión especial dedicada al análisis del problema de las pandillas delictivas,',
  'RESUELVE:',
  'Tomar nota de los avances logrados por el Grupo de Trabajo para Elaborar una Estrategia Regional para Promover la Cooperación Interamericana en el Tratamiento de las Pandillas Delictivas e instarlo a concluir la estrategia para su consideración en el cuadragésimo período ordinario de sesiones de la Asamblea General.',
  'Invitar a los Estados Miembros y a las organizaciones gubernamentales y no gubernamentales pertinentes a que presenten por escrito contribuciones para la estrategia regional.',
  'Encomendar a la Secretaría General que elabore un documento de antecedentes, basado en su experiencia y, en particular, en su estudio sobre la definición y clasificación de las pandillas, que incluya propuestas de áreas temáticas para la estrategia, y que compile en un solo documento las contribuciones recibidas.',
  'Convocar, durante el segundo semestre de 2009, una reunión de expertos para recoger sugerencias concretas para la estrategia y propiciar su discusión.',
  'Encomendar a la Secretaría General que continúe brindando apoyo coordinado a las iniciativas de los Estados Miembros orientadas a prevenir y atender integralmente el fenómeno de las pandillas delictivas, así como la reinserción social de los transgresores.',
  'Solicitar al Consejo Permanente que informe a la Asamblea General, en su cuadragésimo período ordinario de sesiones, sobre la implementación de la presente resolución, cuya ejecución estará sujeta a la disponibilidad de recursos financieros en el programa-presupuesto de la Organización y otros recursos.',
];

export const SPANISH_RESOLUTION_TITLE = 'Proyecto de resolución: Promoción de la cooperación hemisférica para el tratamiento de las pandillas delictivas';

/** The Spanish version of `english` (resolutionContent()): the same blocks, ids and kinds, each in Spanish. */
export function spanishResolution(english: JSONContent): JSONContent {
  const blocks = english.content ?? [];
  if (blocks.length !== SPANISH.length) throw new Error(`the Spanish draft has ${SPANISH.length} blocks, the English ${blocks.length}`);
  return { ...english, content: blocks.map((block, i) => ({ ...block, content: [{ type: 'text', text: SPANISH[i]! }] })) };
}
