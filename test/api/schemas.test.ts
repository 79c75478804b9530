// Every route schema of Pinisi compiles (they compile lazily on first use, so a broken one would otherwise wait for a caller).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Running, startPinisi } from '../support/pinisi.ts';

describe('route schemas', () => {
  let running: Running;
  beforeAll(async () => {
    running = await startPinisi('sqlite');
  });
  afterAll(async () => {
    await running.stop();
  });

  it('all compile', () => {
    const compiled = running.compileSchemas();
    expect(compiled).toBeGreaterThan(400);
    expect(running.compileSchemas()).toBe(0);
  });
});
