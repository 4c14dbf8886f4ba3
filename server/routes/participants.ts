import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { participantChangeRefusal } from '../../shared/duties.ts';
import { managesWorkspace, newParticipantSchema, participantChangeSchema, type Participant, type Role } from '../../shared/participants.ts';
import { issueInvitation } from '../auth/invitations.ts';
import { requireSession, type SessionVariables } from '../auth/session.ts';
import { jsonBody, validate } from '../http/validation.ts';
import type { Store, UpdateAuthor } from '../store/store.ts';

const idSchema = z.string().uuid('malformed id');

export interface ParticipantEvents {
  /** Called when a participant loses access, so its open sockets can be closed. */
  onRevoked(participantId: string): void;
}

type SessionContext = Context<{ Variables: SessionVariables }>;

const managersOnly: MiddlewareHandler<{ Variables: SessionVariables }> = async (c, next) => {
  if (!managesWorkspace(c.get('participant').role)) return c.json({ error: 'only the Chair and the Secretariat manage participants' }, 403);
  await next();
};

/** The signed-in participant as the participants' log names it. */
function actorOf(c: SessionContext): UpdateAuthor {
  const { id, role, delegation } = c.get('participant');
  return { participantId: id, role, delegation };
}

/** A 400 when a participant would speak for an organization the Secretariat has not recorded. */
async function unknownOrganization(c: SessionContext, store: Store, p: { role: Role; delegation?: string | null }): Promise<Response | null> {
  if (p.role !== 'organization' || (p.delegation && (await store.getOrganization(p.delegation)))) return null;
  return c.json({ error: `no organization with the code ${p.delegation ?? ''} is recorded: record it first (POST /api/organizations)` }, 400);
}

/** A 403 when the signed-in participant may not do this to `target` (see shared/duties.ts). */
function refusal(c: SessionContext, target: Pick<Participant, 'role'> | null, nextRole: Role | null): Response | null {
  const reason = participantChangeRefusal(c.get('participant').role, target, nextRole);
  return reason ? c.json({ error: reason }, 403) : null;
}

export function participantRoutes(store: Store, publicUrl: () => string, events: ParticipantEvents) {
  return new Hono<{ Variables: SessionVariables }>()
    .use(requireSession(store), managersOnly)
    .get('/participants', async (c) => c.json(await store.listParticipants()))
    .get('/participants/log', async (c) => c.json(await store.listParticipantLog()))
    .post('/participants', async (c) => {
      const body = await jsonBody(c, newParticipantSchema);
      if (!body.ok) return body.response;
      const refused = refusal(c, null, body.value.role) ?? (await unknownOrganization(c, store, body.value));
      if (refused) return refused;
      const participant = await store.createParticipant(body.value, actorOf(c));
      const invitation = await issueInvitation(store, participant.id, publicUrl(), actorOf(c));
      return c.json({ participant, invitation }, 201);
    })
    .post('/participants/:id/invitations', async (c) => {
      const id = validate(c, idSchema, c.req.param('id'));
      if (!id.ok) return id.response;
      const participant = await store.getParticipant(id.value);
      if (!participant) return c.json({ error: 'no such participant' }, 404);
      if (participant.revokedAt) return c.json({ error: 'this participant has been revoked' }, 409);
      // A link to the Chair's participant signs its holder in as the Chair.
      const refused = refusal(c, participant, null);
      if (refused) return refused;
      return c.json(await issueInvitation(store, participant.id, publicUrl(), actorOf(c)), 201);
    })
    .patch('/participants/:id', async (c) => {
      const id = validate(c, idSchema, c.req.param('id'));
      if (!id.ok) return id.response;
      const body = await jsonBody(c, participantChangeSchema);
      if (!body.ok) return body.response;
      const current = await store.getParticipant(id.value);
      if (!current || current.revokedAt) return c.json({ error: 'no such participant' }, 404);
      const merged = newParticipantSchema.safeParse({
        name: body.value.name ?? current.name,
        role: body.value.role ?? current.role,
        delegation: body.value.delegation === undefined ? (body.value.role && body.value.role !== current.role ? null : current.delegation) : body.value.delegation,
      });
      if (!merged.success) return c.json({ error: merged.error.issues.map((i) => i.message).join('; ') }, 400);
      const refused = refusal(c, current, merged.data.role) ?? (await unknownOrganization(c, store, merged.data));
      if (refused) return refused;
      const updated = await store.updateParticipant(id.value, merged.data, actorOf(c));
      if (updated && (updated.role !== current.role || updated.delegation !== current.delegation)) events.onRevoked(id.value);
      return c.json(updated);
    })
    .delete('/participants/:id', async (c) => {
      const id = validate(c, idSchema, c.req.param('id'));
      if (!id.ok) return id.response;
      if (id.value === c.get('participant').id) return c.json({ error: 'you cannot revoke yourself' }, 409);
      const target = await store.getParticipant(id.value);
      if (!target || target.revokedAt) return c.json({ error: 'no such participant, or already revoked' }, 404);
      const refused = refusal(c, target, null);
      if (refused) return refused;
      if (!(await store.revokeParticipant(id.value, actorOf(c)))) return c.json({ error: 'no such participant, or already revoked' }, 404);
      events.onRevoked(id.value);
      return c.body(null, 204);
    })
    .delete('/invitations/:id', async (c) => {
      const id = validate(c, idSchema, c.req.param('id'));
      if (!id.ok) return id.response;
      const owner = await store.invitationParticipant(id.value);
      if (!owner) return c.json({ error: 'no such invitation, or already revoked' }, 404);
      const refused = refusal(c, owner, null);
      if (refused) return refused;
      return (await store.revokeInvitation(id.value, actorOf(c))) ? c.body(null, 204) : c.json({ error: 'no such invitation, or already revoked' }, 404);
    });
}
