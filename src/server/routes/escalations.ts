// Escalations still standing (raised, cause unresolved), for the dispatcher's and supervisor's consoles on load.
import type { FastifyInstance } from 'fastify';
import { EscalationsBody } from '../../protocol/bodies.ts';
import { requireUser } from '../auth.ts';
import type { EscalationWorker } from '../escalation-worker.ts';

export function registerEscalationRoutes(app: FastifyInstance, escalations: EscalationWorker): void {
  app.get(
    '/api/escalations',
    {
      onRequest: requireUser('escalations.read'),
      schema: { tags: ['sop'], response: { 200: EscalationsBody } },
    },
    async () => ({ escalations: await escalations.standing() }),
  );
}
