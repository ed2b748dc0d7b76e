import { appendAudit } from '../../db/queries/audit.js';
import type { Db } from '../../db/client.js';

/** Who did it and under which request: every service that changes something records it with this. */
export interface Actor {
  user: { id: string; role: string };
  requestId: string;
}

export const auditChange = (
  db: Db,
  who: Actor,
  action: string,
  resource: string,
  resourceId: string,
  payload: Record<string, unknown>,
) =>
  appendAudit(db, {
    actorId: who.user.id,
    actorRole: who.user.role,
    action,
    resource,
    resourceId,
    requestId: who.requestId,
    payload,
  });
