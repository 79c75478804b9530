// The `pinisi` command in a child process as `npm start` runs it: bin/pinisi.mjs, from its bundle of the sources.
/** Arguments of `process.execPath` for `pinisi …`: no tsx loader, whose start cost about three times the CPU. */
export function pinisiArgs(...args: string[]): string[] {
  return ['bin/pinisi.mjs', ...args];
}
