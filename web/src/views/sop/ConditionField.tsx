// A condition of the SOP as fields: one earlier question, a comparison and a value fitting the question's kind, or
// a combination (all of / at least one of / not) of such conditions, nested as deep as needed, each part with its
// own fields and faults. The JSON text stays for experts. Faults show beside the part they concern.
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
  return (
    <fieldset className="sop-condition" data-path={path}>
      <legend>{label}</legend>
      {asJson ? (
        <>
          <JsonCondition path={path} value={value} />
          <Faults path={path} deep />
        </>
      ) : (
        <ConditionParts path={path} value={value} optional={optional} questions={questions} />
      )}
      <button type="button" className="link" onClick={() => setAsJson(!asJson)}>
        {asJson ? t('sop.when.form') : t('sop.when.asJson')}
      </button>
    </fieldset>
  );
}

type Shape = 'leaf' | 'all' | 'any' | 'not';
const SHAPES: readonly Shape[] = ['leaf', 'all', 'any', 'not'];

function shapeOf(condition: Condition | undefined): Shape {
  if (condition === undefined || isLeaf(condition)) return 'leaf';
  if ('all' in condition) return 'all';
  if ('any' in condition) return 'any';
  return 'not';
}

/** A new part: the first question answered (the admin narrows it down). */
function blankLeaf(questions: readonly Question[]): Condition {
  return { q: questions[0]?.id ?? '', answered: true };
}

/**
 * The condition in another shape, keeping what was there: a single condition becomes the first part of a
 * combination, a combination's first part (when it is a single condition) becomes the single condition.
 */
function reshaped(condition: Condition | undefined, shape: Shape, questions: readonly Question[]): Condition {
  const current = shapeOf(condition);
  if (condition !== undefined && current === shape) return condition;
  const parts: Condition[] =
    condition === undefined
      ? [blankLeaf(questions)]
      : 'all' in condition
        ? condition.all
        : 'any' in condition
          ? condition.any
          : [condition];
  if (shape === 'all') return { all: parts };
  if (shape === 'any') return { any: parts };
  if (shape === 'not') return { not: condition ?? blankLeaf(questions) };
  const first = condition !== undefined && 'not' in condition ? condition.not : parts[0];
  return first !== undefined && isLeaf(first) ? first : blankLeaf(questions);
}

/** One part of a condition: its shape, then its fields (a single condition) or its parts (a combination). */
function ConditionParts({
  path,
  value,
  optional,
  questions,
}: {
  path: Path;
  value: Condition | undefined;
  optional?: boolean;
  questions: readonly Question[];
}) {
  const { t } = useI18n();
  const edit = useSopEdit();
  const shape = shapeOf(value);
  const shapeField = (
    <label>
      {t('sop.when.shape')}
      <select
        name={`${path}.shape`}
        value={shape}
        onChange={(e) => edit.set(path, reshaped(value, e.target.value as Shape, questions))}
      >
        {SHAPES.map((s) => (
          <option key={s} value={s}>
            {t(`sop.when.shape.${s}` as MessageKey)}
          </option>
        ))}
      </select>
    </label>
  );
  if (value === undefined || isLeaf(value)) {
    return (
      <div className="sop-condition-part" data-path={path}>
        {/* Left out, a question is always asked: its shape is chosen once it has a condition. */}
        <div className="inline">
          {value !== undefined && shapeField}
          <LeafFields path={path} leaf={value} optional={optional} questions={questions} />
        </div>
        <Faults path={path} deep />
      </div>
    );
  }
  const list: Path | null = 'all' in value ? `${path}.all` : 'any' in value ? `${path}.any` : null;
  const parts = 'all' in value ? value.all : 'any' in value ? value.any : [];
  return (
    <div className="sop-condition-part sop-condition-group" data-path={path}>
      <div className="inline">
        {shapeField}
        {optional && (
          <button type="button" className="link" onClick={() => edit.set(path, undefined)}>
            {t('sop.when.clear')}
          </button>
        )}
      </div>
      <Faults path={path} />
      {list === null ? (
        <ConditionParts
          path={`${path}.not`}
          value={(value as { not: Condition }).not}
          questions={questions}
        />
      ) : (
        <>
          <Faults path={list} />
          <ol className="sop-condition-parts">
            {parts.map((part, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a part is its place in the list, as its path and faults
              <li key={i}>
                <ConditionParts path={`${list}[${i}]`} value={part} questions={questions} />
                <button
                  type="button"
                  className="remove"
                  disabled={parts.length === 1}
                  onClick={() => edit.set(`${list}[${i}]`, undefined)}
                >
                  {t('sop.when.removePart')}
                </button>
              </li>
            ))}
          </ol>
          <button type="button" onClick={() => edit.set(`${list}[${parts.length}]`, blankLeaf(questions))}>
            {t('sop.when.addPart')}
          </button>
        </>
      )}
    </div>
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
