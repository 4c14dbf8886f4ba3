/**
 * Who reads a restricted document by invitation (issue 16): the delegations and organizations
 * invited to a call for contributions on it read the text they are asked to contribute to
 * (shared/access.ts). A document is read with them, so the access rule has all it needs in the
 * summary, on every route and at the socket. Only a restricted document carries them: on any
 * other, everyone reads anyway.
 */

/** The invited parties, comma-separated (codes are capital letters), in each database's own words. */
export const INVITED_AGGREGATE = { sqlite: 'group_concat(DISTINCT i.party)', postgres: "string_agg(DISTINCT i.party, ',')" } as const;

/** The column a documents query (`d` its table) reads the invited parties in. */
export const invitedColumn = (aggregate: string) =>
  `CASE WHEN d.restricted THEN (SELECT ${aggregate} FROM call_invitees i JOIN calls k ON k.id = i.call_id WHERE k.document_id = d.id) END AS invited`;

export interface InvitedColumns {
  invited: string | null;
}

/** The `invitedParties` part of a summary, present only on a restricted document with calls. */
export function invitedPart(row: InvitedColumns): { invitedParties?: string[] } {
  if (!row.invited) return {};
  return { invitedParties: [...new Set(row.invited.split(','))].sort() };
}
