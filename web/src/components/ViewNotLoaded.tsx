// Code that did not arrive (the signed-in part, or a view): the reason, with a way to try again.
import { useI18n } from '../i18n.ts';

export function ViewNotLoaded() {
  const { t } = useI18n();
  return (
    <div className="banner banner-offline" role="alert">
      {t('view.notLoaded')}{' '}
      <button type="button" onClick={() => location.reload()}>
        {t('view.reload')}
      </button>
    </div>
  );
}
