// The XLSX thread started from the sources (tests, tsx): its TypeScript loads through tsx, as the server's does; the
// server bundle (bin/pinisi.mjs) starts its own compiled copy of xlsx-worker.ts instead.
import { register } from 'tsx/esm/api';

register();
await import('./xlsx-worker.ts');
