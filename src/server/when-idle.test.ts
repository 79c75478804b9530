// Work left for a quiet moment runs once the event loop is idle; its failure goes to the handler given.
import { describe, expect, it } from 'vitest';
import { whenIdle } from './when-idle.ts';

describe('whenIdle', () => {
  it('runs the work once the loop is idle', async () => {
    const ran = await new Promise<string>((resolve) => {
      whenIdle(
        async () => resolve('ran'),
        () => resolve('failed'),
      );
    });
    expect(ran).toBe('ran');
  });

  it('passes a failure of the work to its handler', async () => {
    const failed = await new Promise<unknown>((resolve) => {
      whenIdle(async () => {
        throw new Error('no fonts');
      }, resolve);
    });
    expect((failed as Error).message).toBe('no fonts');
  });
});
