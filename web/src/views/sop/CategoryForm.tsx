// One SOP category as forms, section by section: its data, the triage questions, the answers that raise the
// priority or add agencies, the instructions for the caller and the run card (RunCardSection.tsx). Each section is
// an entry of CATEGORY_SECTIONS, so another part of the SOP is added as one more entry with its own component.
import type { ComponentType } from 'react';
import type { Question, SopCategory } from '../../../../src/domain/sop/document.ts';
import { CATEGORY_GROUPS, PRIORITIES } from '../../../../src/domain/types.ts';
import { type MessageKey, useI18n } from '../../i18n.ts';
import { ConditionField } from './ConditionField.tsx';
import type { Path } from './edit.ts';
import {
  AgencyChecks,
  firstLeaf,
  ItemList,
  NumberField,
  RuleTexts,
  SelectField,
  TextField,
} from './fields.tsx';
import { RunCard } from './RunCardSection.tsx';

export interface SectionProps {
  /** `categories[i]`: the path every field of the section starts with. */
  path: Path;
  category: SopCategory;
}

/** The sections of a category's form, in order; a new part of the SOP (the run card) is one more entry here. */
const CATEGORY_SECTIONS: { key: string; title: MessageKey; Section: ComponentType<SectionProps> }[] = [
  { key: 'basics', title: 'sop.basics', Section: Basics },
  { key: 'questions', title: 'sop.questions', Section: Questions },
  { key: 'priorityRules', title: 'sop.priorityRules', Section: PriorityRules },
  { key: 'agencyRules', title: 'sop.agencyRules', Section: AgencyRules },
  { key: 'instructions', title: 'sop.instructions', Section: Instructions },
  { key: 'runCard', title: 'sop.runCard', Section: RunCard },
];

export function CategoryForm({ path, category }: SectionProps) {
  const { t } = useI18n();
  return (
    <div className="sop-category" data-testid="sop-category" data-code={category.code}>
      {CATEGORY_SECTIONS.map(({ key, title, Section }) => (
        <section key={key} className="sop-section" aria-label={t(title)}>
          <h3>{t(title)}</h3>
          <Section path={path} category={category} />
        </section>
      ))}
    </div>
  );
}

function usePriorityOptions() {
  const { t } = useI18n();
  return PRIORITIES.map((p) => ({ value: p, text: t(`priority.${p}`) }));
}

function Basics({ path }: SectionProps) {
  const { t } = useI18n();
  return (
    <div className="grid2">
      <TextField path={`${path}.nameId`} label={t('sop.nameId')} />
      <TextField path={`${path}.nameEn`} label={t('sop.nameEn')} />
      <TextField path={`${path}.code`} label={t('sop.code')} />
      <SelectField
        path={`${path}.group`}
        label={t('sop.group')}
        options={CATEGORY_GROUPS.map((g) => ({ value: g, text: t(`group.${g}`) }))}
      />
      <SelectField
        path={`${path}.defaultPriority`}
        label={t('sop.defaultPriority')}
        options={usePriorityOptions()}
      />
      <AgencyChecks path={`${path}.defaultAgencies`} label={t('sop.defaultAgencies')} />
    </div>
  );
}

const KINDS = ['yes_no', 'choice', 'number', 'text'] as const;

function Questions({ path, category }: SectionProps) {
  const { t } = useI18n();
  return (
    <ItemList<Question>
      path={`${path}.questions`}
      itemTitle={(n) => t('sop.question', { n })}
      addLabel={t('sop.question.add')}
      blank={() => ({
        id: `pertanyaan_${category.questions.length + 1}`,
        kind: 'yes_no',
        textId: '',
        textEn: '',
      })}
    >
      {(at, question, i) => (
        <>
          <div className="grid2">
            <TextField path={`${at}.textId`} label={t('sop.textId')} />
            <TextField path={`${at}.textEn`} label={t('sop.textEn')} />
            <TextField path={`${at}.id`} label={t('sop.question.id')} />
            <SelectField
              path={`${at}.kind`}
              label={t('sop.question.kind')}
              options={KINDS.map((k) => ({ value: k, text: t(`sop.kind.${k}`) }))}
            />
            {question.kind === 'number' && (
              <>
                <NumberField path={`${at}.min`} label={t('sop.min')} optional />
                <NumberField path={`${at}.max`} label={t('sop.max')} optional />
              </>
            )}
          </div>
          {(question.kind === 'choice' || question.options) && (
            <ItemList<{ value: string; labelId: string; labelEn: string }>
              path={`${at}.options`}
              title={t('sop.options')}
              itemTitle={(n) => `${t('sop.options')} ${n}`}
              addLabel={t('sop.option.add')}
              blank={() => ({ value: '', labelId: '', labelEn: '' })}
            >
              {(o) => (
                <div className="grid3">
                  <TextField path={`${o}.labelId`} label={t('sop.textId')} />
                  <TextField path={`${o}.labelEn`} label={t('sop.textEn')} />
                  <TextField path={`${o}.value`} label={t('sop.option.value')} />
                </div>
              )}
            </ItemList>
          )}
          <ConditionField
            path={`${at}.when`}
            label={t('sop.when.question')}
            optional
            questions={category.questions.slice(0, i)}
          />
        </>
      )}
    </ItemList>
  );
}

function PriorityRules({ path, category }: SectionProps) {
  const { t } = useI18n();
  const priorities = usePriorityOptions();
  return (
    <ItemList
      path={`${path}.priorityRules`}
      itemTitle={(n) => t('sop.priorityRule', { n })}
      addLabel={t('sop.rule.add')}
      blank={() => ({
        id: `prioritas_${category.priorityRules.length + 1}`,
        when: firstLeaf(category),
        priority: 1,
        reasonId: '',
        reasonEn: '',
      })}
    >
      {(at) => (
        <>
          <ConditionField path={`${at}.when`} label={t('sop.when.rule')} questions={category.questions} />
          <SelectField path={`${at}.priority`} label={t('sop.priority')} options={priorities} />
          <RuleTexts at={at} />
        </>
      )}
    </ItemList>
  );
}

function AgencyRules({ path, category }: SectionProps) {
  const { t } = useI18n();
  return (
    <ItemList
      path={`${path}.agencyRules`}
      itemTitle={(n) => t('sop.agencyRule', { n })}
      addLabel={t('sop.rule.add')}
      blank={() => ({
        id: `instansi_${category.agencyRules.length + 1}`,
        when: firstLeaf(category),
        agencies: [],
        reasonId: '',
        reasonEn: '',
      })}
    >
      {(at) => (
        <>
          <ConditionField path={`${at}.when`} label={t('sop.when.rule')} questions={category.questions} />
          <AgencyChecks path={`${at}.agencies`} label={t('sop.agencies')} />
          <RuleTexts at={at} />
        </>
      )}
    </ItemList>
  );
}

function Instructions({ path }: SectionProps) {
  const { t } = useI18n();
  return (
    <ItemList
      path={`${path}.instructions`}
      itemTitle={(n) => t('sop.instruction', { n })}
      addLabel={t('sop.instruction.add')}
      blank={() => ({ textId: '', textEn: '' })}
    >
      {(at) => (
        <div className="grid2">
          <TextField path={`${at}.textId`} label={t('sop.textId')} wide />
          <TextField path={`${at}.textEn`} label={t('sop.textEn')} wide />
        </div>
      )}
    </ItemList>
  );
}

/** The document's own fields: its title and the escalation timers of each priority. */
export function DocumentForm() {
  const { t } = useI18n();
  const fields = ['ackSeconds', 'enRouteSeconds', 'onSceneMinutes', 'repeatSeconds'] as const;
  return (
    <div className="sop-category" data-testid="sop-document">
      <section className="sop-section">
        <h3>{t('sop.document')}</h3>
        <TextField path="title" label={t('sop.title.field')} wide />
      </section>
      <section className="sop-section">
        <h3>{t('sop.timers')}</h3>
        {PRIORITIES.map((p) => (
          <fieldset key={p} className="sop-item">
            <legend>{t(`priority.${p}`)}</legend>
            <div className="grid4">
              {fields.map((f) => (
                <NumberField key={f} path={`timers.p${p}.${f}`} label={t(`sop.timer.${f}`)} />
              ))}
            </div>
          </fieldset>
        ))}
      </section>
    </div>
  );
}
