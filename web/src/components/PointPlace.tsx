// Names where a point lies: its kecamatan and desa, the other regency it is in, or the sea off which coast.
import { isOutsideHome } from '../../../src/geo/place.ts';
import { placeName, useGeo } from '../geo.ts';
import { useI18n } from '../i18n.ts';

export function PointPlace({ lat, lon }: { lat: number | null; lon: number | null }) {
  const { t } = useI18n();
  const geo = useGeo();
  const place = geo && lat !== null && lon !== null ? geo.locator.locate(lat, lon) : null;
  if (!place) return null;
  const outside = isOutsideHome(place);
  return (
    <span
      className={`map-place${outside ? ' outside' : ''}`}
      data-testid="point-place"
      role={outside ? 'alert' : undefined}
    >
      {outside ? '⚠ ' : ''}
      {placeName(t, place)}
    </span>
  );
}
