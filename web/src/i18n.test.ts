// The consoles' two dictionaries: the same keys with words in both, and the Indonesian side keeps to the glossary
// (web/src/GLOSSARY.md): one word for each thing, no English left in it.
import { describe, expect, it } from 'vitest';
import { dictionary } from './i18n.ts';

const id = dictionary('id');
const en = dictionary('en');

/** Words the glossary rules out of Indonesian texts, each with the term to use instead. */
const RULED_OUT: [RegExp, string][] = [
  [/\bcall[ -]?taker\b/i, 'operator penerima panggilan'],
  [/\bdispatcher\b/i, 'petugas pengarah'],
  [/\bliaison\b/i, 'penghubung instansi'],
  [/\bOPD\b/, 'instansi'],
  [/\binsiden\b/i, 'kejadian'],
  [/\bmarkas\b/i, 'pos'],
  [/\busulan\b/i, 'disarankan'],
  [/\brekomendasi\b/i, 'saran'],
  [/\brun card\b/i, 'kebutuhan unit'],
  [/\bghost\b|\bprank\b/i, 'panggilan diam / panggilan iseng'],
  [/\bpanggil balik\b/i, 'telepon kembali'],
  [/\bfilter\b/i, 'saringan'],
  [/\bkanal\b/i, 'saluran'],
  [/\bshift\b/i, 'sif'],
  [/\bdulu\b/i, 'terlebih dahulu'],
  [/\bbisa\b/i, 'dapat'],
  [/\bpasca-panggilan\b/i, 'menyelesaikan catatan'],
  [/\bdigabung\b/i, 'digabungkan'],
];

describe('the consoles’ dictionaries', () => {
  it('have the same keys in Indonesian and English, each with words', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
    for (const [key, text] of Object.entries(id)) expect(text, key).toMatch(/\S/);
    for (const [key, text] of Object.entries(en)) expect(text, key).toMatch(/\S/);
  });

  it('keep the Indonesian texts to the glossary', () => {
    const offences: string[] = [];
    for (const [key, text] of Object.entries(id))
      for (const [word, instead] of RULED_OUT)
        if (word.test(text)) offences.push(`${key}: "${text}" (use ${instead})`);
    expect(offences).toEqual([]);
  });

  it('keep "Tutup" for closing an incident: the reconnect banner hides', () => {
    expect(id.dismiss).toBe('Sembunyikan');
    const closing = Object.entries(id).filter(([, text]) => /^Tutup\b/.test(text));
    for (const [key] of closing) expect(key, key).toMatch(/^dp\.(close|forceClose)/);
  });
});
