// A condition of the SOP as fields: one earlier question, a comparison and a value fitting the question's kind;
// a compound condition (all/any/not) is written as JSON. Its faults show beside it.
import { useEffect, useState } from 'react';
import { type Condition, isLeaf, leafOperator, type Question } from '../../../../src/domain/sop/document.ts';
import { type MessageKey, useI18n } from '../../i18n.ts';
import { getAt, type Path, useSopEdit } from './edit.ts';
import { Faults } from './fields.tsx';

const OPERATORS: Record<Question['kind'], readonly string[]> = {
  yes_no: ['eq', 'ne', 'answered'],
  choice: ['eq', 'ne', 'in', 'answered'],
  number: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'answered'],
  text: ['eq', 'ne', 'in', 'answered'],
};

type Leaf = Extract<Condition, { q: string }>;

/** The value a leaf compares with, as the field shows it. */
function shown(value: unknown): string {
  if (Array.isArray(value)) return value.join(', ');
  return value === undefined || value === null ? '' : String(value);
}

/** A typed value of the field's text for a question's kind. */
function typed(kind: Question['kind'], text: string): unknown {
  if (kind === 'number') return text.trim() === '' ? 0 : Number(text);
  if (kind === 'yes_no') return text === 'true';
  return text;
}

export function ConditionField({
  path,
  label,
  optional,
  questions,
}: {
  path: Path;
  label: string;
  /** A question's condition may be left out (always shown); a rule's may not. */
  optional?: boolean;
  /** The questions the condition may ask about: for a question's condition, only the earlier ones. */
  questions: readonly Question[];
}) {
  const { t } = useI18n();
  const edit = useSopEdit();
  const value = getAt(edit.doc, path) as Condition | undefined;
  const [asJson, setAsJson] = useState(false);
  const compound = value !== undefined && !isLeaf(value);
  const json = asJson || compound;
  return (
    <fieldset className="sop-condition" data-path={path}>
      <legend>{label}</legend>
      {json ? (
        <JsonCondition path={path} value={value} />
      ) : (
        <LeafFields path={path} leaf={value as Leaf | undefined} optional={optional} questions={questions} />
      )}
      <button type="button" className="link" onClick={() => setAsJson(!json)} disabled={compound}>
        {json ? t('sop.when.simple') : t('sop.when.asJson')}
      </button>
      <Faults path={path} deep />
    </fieldset>
  );
}

function LeafFields({
  path,
  leaf,
  optional,
  questions,
}: {
  path: Path;
  leaf: Leaf | undefined;
  optional?: boolean;
  questions: readonly Question[];
}) {
  const { t, lang } = useI18n();
  const edit = useSopEdit();
  const question = questions.find((q) => q.id === leaf?.q);
  const op = leaf ? leafOperator(leaf) : 'eq';
  const operand = leaf ? (leaf as Record<string, unknown>)[op] : undefined;
  const kind = question?.kind ?? 'text';
  const put = (q: string, nextOp: string, next: unknown) => edit.set(path, { q, [nextOp]: next });
  const firstValue = (q: Question | undefined): unknown =>
    q?.kind === 'yes_no' ? true : q?.kind === 'number' ? 0 : (q?.options?.[0]?.value ?? '');
  return (
    <div className="inline">
      <label>
        {t('sop.when.q')}
        <select
          name={`${path}.q`}
          value={leaf?.q ?? ''}
          onChange={(e) => {
            if (e.target.value === '') return edit.set(path, undefined);
            const q = questions.find((x) => x.id === e.target.value);
            const ops = OPERATORS[q?.kind ?? 'text'];
            const keep = ops.includes(op) ? op : 'eq';
            put(e.target.value, keep, keep === 'answered' ? true : firstValue(q));
          }}
        >
          {(optional || !leaf) && <option value="">{optional ? t('sop.when.always') : '—'}</option>}
          {leaf && !question && <option value={leaf.q}>{leaf.q}</option>}
          {questions.map((q) => (
            <option key={q.id} value={q.id}>
              {lang === 'en' ? q.textEn : q.textId}
            </option>
          ))}
        </select>
      </label>
      {leaf && (
        <>
          <label>
            {t('sop.when.op')}
            <select
              name={`${path}.op`}
              value={op}
              onChange={(e) => {
                const next = e.target.value;
                if (next === 'answered') return put(leaf.q, next, true);
                if (next === 'in') return put(leaf.q, next, [firstValue(question)]);
                put(leaf.q, next, Array.isArray(operand) ? operand[0] : (operand ?? firstValue(question)));
              }}
            >
              {OPERATORS[kind].map((o) => (
                <option key={o} value={o}>
                  {t(`sop.op.${o}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <ValueField
            path={`${path}.${op}`}
            op={op}
            question={question}
            value={operand}
            onChange={(next) => put(leaf.q, op, next)}
          />
        </>
      )}
    </div>
  );
}

function ValueField({
  path,
  op,
  question,
  value,
  onChange,
}: {
  path: Path;
  op: string;
  question: Question | undefined;
  value: unknown;
  onChange: (value: unknown) => void;
}) {
  const { t, lang } = useI18n();
  const kind = question?.kind ?? 'text';
  if (op === 'answered' || kind === 'yes_no') {
    return (
      <label>
        {t('sop.when.value')}
        <select name={path} value={String(value)} onChange={(e) => onChange(e.target.value === 'true')}>
          <option value="true">{t('sop.yes')}</option>
          <option value="false">{t('sop.no')}</option>
        </select>
      </label>
    );
  }
  if (kind === 'choice' && op !== 'in') {
    return (
      <label>
        {t('sop.when.value')}
        <select name={path} value={String(value)} onChange={(e) => onChange(e.target.value)}>
          {!question?.options?.some((o) => o.value === value) && (
            <option value={String(value)}>{shown(value)}</option>
          )}
          {(question?.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {lang === 'en' ? o.labelEn : o.labelId}
            </option>
          ))}
        </select>
      </label>
    );
  }
  if (op === 'in') {
    return (
      <label>
        {t('sop.when.value')} <small>({t('sop.inHint')})</small>
        <input
          name={path}
          value={shown(value)}
          onChange={(e) =>
            onChange(
              e.target.value
                .split(',')
                .map((s) => s.trim())
                .filter((s) => s !== '')
                .map((s) => typed(kind, s)),
            )
          }
        />
      </label>
    );
  }
  return (
    <label>
      {t('sop.when.value')}
      <input
        name={path}
        type={kind === 'number' ? 'number' : 'text'}
        value={shown(value)}
        onChange={(e) => onChange(typed(kind, e.target.value))}
      />
    </label>
  );
}

/** A compound condition as JSON text: kept as typed while it does not parse, stored once it does. */
function JsonCondition({ path, value }: { path: Path; value: Condition | undefined }) {
  const { t } = useI18n();
  const edit = useSopEdit();
  const [text, setText] = useState(() => JSON.stringify(value ?? {}, null, 1));
  const [bad, setBad] = useState(false);
  // Another change of the document (a reload, the JSON view) replaces the text when it differs in meaning.
  useEffect(() => {
    setText((current) => {
      try {
        if (JSON.stringify(JSON.parse(current)) === JSON.stringify(value ?? {})) return current;
      } catch {
        // the typed text does not parse: the stored value wins
      }
      return JSON.stringify(value ?? {}, null, 1);
    });
  }, [value]);
  return (
    <label>
      {t('sop.when.json')}
      <textarea
        name={path}
        className="sop-condition-json"
        rows={4}
        spellCheck={false}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          try {
            edit.set(path, JSON.parse(e.target.value));
            setBad(false);
          } catch {
            setBad(true);
          }
        }}
      />
      {bad && <span className="field-error">{t('sop.when.badJson')}</span>}
    </label>
  );
}
