// The run card of one SOP category in the editor: the kinds of unit, and how many, it sends whatever the answers,
// and the rules that send more when the answers say so (the SOP's `units` and `unitRules`).
import { unitKind } from '../../describe.ts';
import { useI18n } from '../../i18n.ts';
import { useLive } from '../../live.ts';
import type { SectionProps } from './CategoryForm.tsx';
import { ConditionField } from './ConditionField.tsx';
import type { Path } from './edit.ts';
import { firstLeaf, ItemList, NumberField, RuleTexts, SelectField } from './fields.tsx';

/** A line of the run card: a kind of unit and how many. */
interface UnitNeed {
  kind: string;
  count: number;
}

/** The kinds the units carry (fire_engine, ambulance, …), of the seeded fleet and of every unit the centre has. */
const KNOWN_KINDS = ['fire_engine', 'tanker', 'rescue', 'ambulance', 'boat', 'patrol', 'vehicle', 'service'];

function useKinds(): { value: string; text: string }[] {
  const { t } = useI18n();
  const store = useLive();
  const kinds = new Set(KNOWN_KINDS);
  for (const unit of store.state.units.values()) kinds.add(unit.kind);
  return [...kinds].map((k) => ({ value: k, text: unitKind(k, t) }));
}

function Needs({
  path,
  title,
  kinds,
}: {
  path: Path;
  title: string;
  kinds: { value: string; text: string }[];
}) {
  const { t } = useI18n();
  return (
    <ItemList<UnitNeed>
      path={path}
      title={title}
      itemTitle={(n) => t('sop.unit', { n })}
      addLabel={t('sop.unit.add')}
      blank={() => ({ kind: kinds[0]?.value ?? 'fire_engine', count: 1 })}
    >
      {(at) => (
        <div className="grid2">
          <SelectField path={`${at}.kind`} label={t('sop.unit.kind')} options={kinds} />
          <NumberField path={`${at}.count`} label={t('sop.unit.count')} />
        </div>
      )}
    </ItemList>
  );
}

export function RunCard({ path, category }: SectionProps) {
  const { t } = useI18n();
  const kinds = useKinds();
  return (
    <>
      <Needs path={`${path}.units`} title={t('sop.units.always')} kinds={kinds} />
      <ItemList
        path={`${path}.unitRules`}
        title={t('sop.unitRules')}
        itemTitle={(n) => t('sop.unitRule', { n })}
        addLabel={t('sop.rule.add')}
        blank={() => ({
          id: `unit_${(category.unitRules?.length ?? 0) + 1}`,
          when: firstLeaf(category),
          units: [{ kind: kinds[0]?.value ?? 'fire_engine', count: 1 }],
          reasonId: '',
          reasonEn: '',
        })}
      >
        {(at) => (
          <>
            <ConditionField path={`${at}.when`} label={t('sop.when.rule')} questions={category.questions} />
            <Needs path={`${at}.units`} title={t('sop.units.more')} kinds={kinds} />
            <RuleTexts at={at} />
          </>
        )}
      </ItemList>
    </>
  );
}
