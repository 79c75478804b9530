// Shared steps of the API tests: asserting a command was accepted, reading ids, reference lookups.
import { Value } from 'typebox/value';
import { expect } from 'vitest';
import type { Snapshot } from '../../src/domain/visibility.ts';
import { ErrorBody } from '../../src/protocol/error-body.ts';
import { errorStatus } from '../../src/protocol/errors.ts';
import type { Answer, Client } from '../support/pinisi.ts';

export interface CommandAnswer {
  seq: number;
  result: Record<string, unknown>;
}

interface Reference {
  kecamatan: { code: string; name: string; lat: number; lon: number }[];
  desa: { code: string; kecamatan: string; name: string }[];
  agencies: { id: string; code: string; name: string }[];
  categories: { code: string; group: string }[];
}

/** Sends a command that must be accepted and returns its result. */
export async function accepted(client: Client, type: string, payload: unknown): Promise<CommandAnswer> {
  const answer = await client.command<CommandAnswer>(type, payload);
  expect(answer.status, `${type} → ${JSON.stringify(answer.body)}`).toBe(200);
  return answer.body;
}

export async function snapshot(client: Client): Promise<Snapshot> {
  const answer = await client.get<Snapshot>('/api/snapshot');
  expect(answer.status).toBe(200);
  return answer.body;
}

export async function headSeq(client: Client): Promise<number> {
  return (await snapshot(client)).seq;
}

export async function userId(client: Client): Promise<string> {
  const answer = await client.get<{ user: { id: string } }>('/api/me');
  expect(answer.status).toBe(200);
  return answer.body.user.id;
}

/** Ujung Bulu's kecamatan code and one of its desa, looked up by name in the reference data. */
export async function ujungBulu(client: Client): Promise<{ kecamatan: string; desa: string }> {
  const ref = (await client.get<Reference>('/api/reference')).body;
  const kecamatan = ref.kecamatan.find((k) => k.name.toLowerCase() === 'ujung bulu');
  expect(kecamatan, 'kecamatan Ujung Bulu in the reference').toBeDefined();
  const desa = ref.desa.find((d) => d.kecamatan === kecamatan!.code);
  expect(desa, 'a desa of Ujung Bulu').toBeDefined();
  return { kecamatan: kecamatan!.code, desa: desa!.code };
}

/** Checks an error answer: this status, a body as src/protocol/error-body.ts declares it, its code's own status. */
export function expectError(answer: Answer, status: number, field?: string | null): ErrorBody['error'] {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(Value.Errors(ErrorBody, answer.body), JSON.stringify(answer.body)).toEqual([]);
  const { error } = answer.body as unknown as ErrorBody;
  expect(errorStatus(error.code)).toBe(status);
  expect(error.message.length).toBeGreaterThan(0);
  if (field !== undefined) expect(error.field).toBe(field);
  return error;
}

/** Registers, answers and classifies an emergency call, then creates and forwards an incident from it. */
export async function forwardedIncident(
  operator: Client,
  where: { kecamatan: string; desa: string },
  overrides: { category?: string; description?: string } = {},
): Promise<{ callId: string; incidentId: string }> {
  const callId = (await accepted(operator, 'call.register', { channel: 'voice', number: '081234567890' }))
    .result.callId as string;
  await accepted(operator, 'call.answer', { callId });
  await accepted(operator, 'call.classify', { callId, callType: 'emergency' });
  const created = await accepted(operator, 'incident.create', {
    callId,
    category: overrides.category ?? 'kebakaran_bangunan',
    location: { kecamatan: where.kecamatan, desa: where.desa, address: 'Jl. Sam Ratulangi', landmark: null },
    caller: { name: 'Andi', phone: '081234567890' },
    description: overrides.description ?? 'Rumah terbakar, dua orang terjebak di lantai dua',
    priority: 1,
  });
  const incidentId = created.result.incidentId as string;
  await accepted(operator, 'incident.forward', { incidentId });
  return { callId, incidentId };
}
