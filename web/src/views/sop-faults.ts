// The SOP validator's faults in the admin's words: its JSON path becomes the field ("Prioritas kategori Kebakaran
// bangunan"), its code a sentence ("harus 1–4"); an unknown code keeps the validator's English after the field.
import type { FaultBody } from '../../../src/protocol/sop-bodies.ts';
import type { Lang } from '../i18n.ts';
import { segments } from './sop/edit.ts';

type Words = Record<Lang, string>;

const FIELDS: Record<string, Words> = {
  code: { id: 'Kode', en: 'Code' },
  nameId: { id: 'Nama (Indonesia)', en: 'Name (Indonesian)' },
  nameEn: { id: 'Nama (Inggris)', en: 'Name (English)' },
  group: { id: 'Kelompok', en: 'Group' },
  defaultPriority: { id: 'Prioritas', en: 'Priority' },
  defaultAgencies: { id: 'Instansi bawaan', en: 'Default agencies' },
  questions: { id: 'Pertanyaan', en: 'Question' },
  priorityRules: { id: 'Aturan prioritas', en: 'Priority rule' },
  agencyRules: { id: 'Aturan instansi', en: 'Agency rule' },
  unitRules: { id: 'Aturan unit', en: 'Unit rule' },
  units: { id: 'Kebutuhan unit', en: 'Run card' },
  instructions: { id: 'Petunjuk untuk penelepon', en: 'Caller instruction' },
  timers: { id: 'Batas waktu', en: 'Timers' },
  ackSeconds: { id: 'batas waktu menerima (detik)', en: 'acknowledge limit (s)' },
  enRouteSeconds: { id: 'batas waktu berangkat (detik)', en: 'en-route limit (s)' },
  onSceneMinutes: { id: 'batas waktu tiba (menit)', en: 'on-scene limit (min)' },
  repeatSeconds: { id: 'jeda pengulangan eskalasi (detik)', en: 'escalation repeat (s)' },
  title: { id: 'Judul', en: 'Title' },
  priority: { id: 'prioritas', en: 'priority' },
  when: { id: 'syarat', en: 'condition' },
  text: { id: 'teks', en: 'text' },
  textId: { id: 'teks (Indonesia)', en: 'text (Indonesian)' },
  textEn: { id: 'teks (Inggris)', en: 'text (English)' },
  options: { id: 'pilihan jawaban', en: 'options' },
  id: { id: 'kode', en: 'id' },
  agencies: { id: 'instansi', en: 'agencies' },
  q: { id: 'pertanyaan yang dirujuk', en: 'question referred to' },
};

/** What is wrong, by the validator's code; `{value}` is the text the validator quoted. */
const PREDICATES: Record<string, Words> = {
  'schema.required': { id: 'wajib diisi', en: 'is required' },
  'category.default_priority_missing': { id: 'wajib diisi (1–4)', en: 'is required (1–4)' },
  'schema.unknown_property': { id: 'tidak dikenal dalam SOP', en: 'is not part of an SOP' },
  'schema.enum': { id: 'tidak termasuk pilihan yang diizinkan', en: 'is not one of the allowed values' },
  'schema.type': { id: 'jenis isiannya salah', en: 'has the wrong type' },
  'schema.minLength': { id: 'tidak boleh kosong', en: 'must not be empty' },
  'schema.maxLength': { id: 'terlalu panjang', en: 'is too long' },
  'schema.pattern': {
    id: 'hanya boleh huruf kecil, angka, dan garis bawah, diawali huruf',
    en: 'may hold only lower-case letters, digits and underscores, starting with a letter',
  },
  'schema.minItems': { id: 'paling sedikit satu', en: 'needs at least one' },
  'schema.maxItems': { id: 'terlalu banyak', en: 'has too many items' },
  'timer.not_positive': { id: 'harus lebih dari 0', en: 'must be more than 0' },
  'category.duplicate_code': { id: 'sudah dipakai kategori lain', en: 'is already used by another category' },
  'agency.unknown': { id: 'menyebut instansi yang tidak dikenal', en: 'names an unknown agency' },
  'instruction.blank': { id: 'tidak boleh kosong', en: 'must not be blank' },
  'question.options_missing': { id: 'memerlukan pilihan jawaban', en: 'needs options' },
  'question.options_unexpected': {
    id: 'tidak memakai pilihan jawaban untuk jenis ini',
    en: 'takes no options for this kind',
  },
  'question.range_empty': { id: 'nilai maksimum lebih kecil dari minimum', en: 'has max below min' },
  'question.never_shown': { id: 'tidak akan pernah ditampilkan', en: 'is never shown' },
  'question.cycle': { id: 'bergantung pada dirinya sendiri', en: 'depends on itself' },
  'rule.never_fires': { id: 'tidak akan pernah berlaku', en: 'never applies' },
  'condition.unknown_question': { id: 'merujuk pertanyaan yang tidak ada', en: 'refers to no question' },
  'condition.other_category': {
    id: 'merujuk pertanyaan kategori lain',
    en: "refers to another category's question",
  },
  'condition.forward_reference': {
    id: 'merujuk pertanyaan yang baru ditanyakan sesudahnya',
    en: 'refers to a later question',
  },
  'condition.operator_mismatch': {
    id: 'memakai pembanding yang tidak cocok dengan jenis pertanyaan',
    en: "uses an operator the question's kind does not have",
  },
  'condition.type_mismatch': {
    id: 'membandingkan dengan nilai berjenis salah',
    en: 'compares with a value of the wrong type',
  },
  'condition.unknown_option': {
    id: 'memakai pilihan jawaban yang tidak ada',
    en: 'uses an option that does not exist',
  },
  'run_card.unknown_kind': { id: 'menyebut jenis unit yang tidak ada', en: 'names a unit kind no unit has' },
  'run_card.duplicate_kind': { id: 'disebut lebih dari sekali', en: 'is named more than once' },
  'question.duplicate_id': { id: 'sudah dipakai pertanyaan lain', en: 'is already used by another question' },
  'question.duplicate_option': { id: 'sudah dipakai pilihan lain', en: 'is already used by another option' },
  'rule.duplicate_id': { id: 'sudah dipakai aturan lain', en: 'is already used by another rule' },
  'condition.invalid': { id: 'bentuk syaratnya salah', en: 'is not a well-formed condition' },
  'schema.minimum': { id: 'terlalu kecil', en: 'is too small' },
  'schema.maximum': { id: 'terlalu besar', en: 'is too large' },
};

/** The priority field says what values it takes, as the example does. */
const PRIORITY_FIELD = /(^|\.)(defaultPriority|priority)$/;

export interface FaultView {
  /** Index of the category the fault is in, or null for the document's own fields. */
  category: number | null;
  /** The field in words, with its category: "Prioritas kategori Kebakaran bangunan". */
  field: string;
  text: string;
}

export function faultView(fault: FaultBody, doc: unknown, lang: Lang): FaultView {
  const parts = segments(fault.path);
  const categories = (doc as { categories?: { nameId?: string; nameEn?: string; code?: string }[] })
    ?.categories;
  let category: number | null = null;
  let rest = parts;
  if (parts[0] === 'categories' && typeof parts[1] === 'number') {
    category = parts[1];
    rest = parts.slice(2);
  }
  const names: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const part = rest[i]!;
    if (typeof part === 'number') continue;
    const word = FIELDS[part]?.[lang] ?? part;
    const index = rest[i + 1];
    names.push(typeof index === 'number' ? `${word} ${index + 1}` : word);
  }
  let field = names.join(' · ');
  if (category !== null) {
    const c = categories?.[category];
    const name = (lang === 'en' ? c?.nameEn : c?.nameId) ?? c?.code ?? `#${category + 1}`;
    const of = lang === 'en' ? `of category ${name}` : `kategori ${name}`;
    field = field === '' ? (lang === 'en' ? `Category ${name}` : `Kategori ${name}`) : `${field} ${of}`;
  } else if (field === '') {
    field = lang === 'en' ? 'The document' : 'Dokumen SOP';
  }
  field = field.charAt(0).toUpperCase() + field.slice(1);
  const predicate =
    PRIORITY_FIELD.test(fault.path) && fault.code.startsWith('schema.')
      ? lang === 'en'
        ? 'must be 1–4'
        : 'harus 1–4'
      : PREDICATES[fault.code]?.[lang];
  // The unknown agency's id is the one thing the sentence needs from the validator's own message.
  const named = fault.code === 'agency.unknown' ? `: ${fault.message.replace(/^Unknown agency /, '')}` : '';
  return { category, field, text: predicate ? `${predicate}${named}` : fault.message };
}
