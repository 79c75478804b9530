// The validator's faults on the real Bulukumba SOP read as the admin's sentences, naming the category and the field.
import { describe, expect, it } from 'vitest';
import { bulukumbaSop } from '../../../src/domain/sop/bulukumba-sop.ts';
import { validateSop } from '../../../src/domain/sop/validate.ts';
import { faultView } from './sop-faults.ts';

const AGENCIES = [
  'damkar',
  'psc119',
  'bpbd',
  'dinsos',
  'polres',
  'basarnas',
  'satpolpp',
  'dishub',
  'pln',
  'pdam',
  'dinkes',
];

/** The document loosened for breaking: fields take values the schema refuses. */
type Loose = {
  categories: { defaultPriority: number; defaultAgencies: string[] }[];
  timers: Record<string, { ackSeconds: number }>;
};

function broken(change: (doc: Loose) => void): Loose {
  const doc = structuredClone(bulukumbaSop) as unknown as Loose;
  change(doc);
  return doc;
}

describe('faultView', () => {
  it('says the priority of a named category must be 1–4', () => {
    const i = bulukumbaSop.categories.findIndex((c) => c.code === 'kebakaran_bangunan');
    const doc = broken((d) => {
      d.categories[i]!.defaultPriority = 7;
    });
    const faults = validateSop(doc, AGENCIES);
    expect(faults.length).toBeGreaterThan(0);
    const view = faultView(faults[0]!, doc, 'id');
    expect(`${view.field} ${view.text}`).toBe('Prioritas kategori Kebakaran bangunan harus 1–4');
    expect(view.category).toBe(i);
  });

  it('names an unknown agency and a timer that is not positive, in Indonesian', () => {
    const doc = broken((d) => {
      d.categories[0]!.defaultAgencies = ['pemadam_entah'];
      d.timers.p1!.ackSeconds = 0;
    });
    const texts = validateSop(doc, AGENCIES).map((f) => {
      const v = faultView(f, doc, 'id');
      return `${v.field} ${v.text}`;
    });
    expect(texts).toContain('Batas waktu · p1 · batas waktu menerima (detik) harus lebih dari 0');
    expect(
      texts.some((t) =>
        /^Instansi bawaan 1 kategori .+ menyebut instansi yang tidak dikenal: pemadam_entah$/.test(t),
      ),
    ).toBe(true);
  });
});
