// @vitest-environment happy-dom
// The header says "online" when the stream is ready, also when the ready frame comes right after the dot is first
// drawn, before React has run its effects (a console signing in with the snapshot already there).
import { createRoot } from 'react-dom/client';
import { afterEach, expect, it, vi } from 'vitest';
import { FakeSocket } from '../fake-socket.ts';
import { LiveStore, toReference } from '../live.ts';
import { ConnectionDot } from './ConnectionDot.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  FakeSocket.made = [];
});

it('shows online when the ready frame comes between the first render and the effects', async () => {
  vi.stubGlobal('WebSocket', FakeSocket);
  const reference = toReference({ kecamatan: [], desa: [], agencies: [], stations: [], categories: [] });
  const store = new LiveStore(reference, { seq: 3, calls: [], incidents: [], assignments: [], units: [] });
  store.start();
  const socket = FakeSocket.made[0]!;
  socket.open();
  const container = document.createElement('div');
  document.body.append(container);
  // The frame lands as soon as the dot is in the page (a microtask after the commit, before the effects run).
  const drawn = new Promise<void>((resolve) => {
    const observer = new MutationObserver(() => {
      observer.disconnect();
      socket.receive({ type: 'ready', seq: 3 });
      resolve();
    });
    observer.observe(container, { childList: true, subtree: true });
  });
  const root = createRoot(container);
  root.render(<ConnectionDot store={store} />);
  await drawn;
  expect(store.connection).toBe('online');
  await expect
    .poll(() => container.querySelector('[data-testid=connection]')?.getAttribute('data-state'))
    .toBe('online');
  root.unmount();
  store.stop();
});
