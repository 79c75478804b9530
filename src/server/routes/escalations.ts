// Escalations still standing (raised, cause unresolved), for the dispatcher's and supervisor's consoles on load.
import type { FastifyInstance } from 'fastify';
import { requireUser } from '../auth.ts';
import type { EscalationWorker } from '../escalation-worker.ts';

export function registerEscalationRoutes(app: FastifyInstance, escalations: EscalationWorker): void {
  app.get(
    '/api/escalations',
    { onRequest: requireUser('escalations.read'), schema: { tags: ['sop'] } },
    async () => ({ escalations: await escalations.standing() }),
  );
}
