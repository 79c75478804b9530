// Where Pinisi's own files are: the repository root, whether this code runs from src/ (tsx) or from the server bundle.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The nearest folder at or above `from` holding Pinisi's package.json and sources. */
function repoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'cli.ts'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No Pinisi checkout above ${from}`);
  }
}

/** The repository root (the folder of package.json). */
export const REPO = repoRoot(import.meta.dirname);
