// The report files' look from the configuration: the letterhead, the logo, the centre's time zone.
import { readFileSync } from 'node:fs';
import { type Config, DEFAULT_REPORT_HEADING } from '../config.ts';
import { CENTRE_TZ_OFFSET_MINUTES } from '../domain/reports/summary.ts';
import type { ReportLook } from './pdf.ts';

/** Reads the logo once; a configured logo that cannot be read stops start-up with its path. */
export function reportLook(config: Partial<Pick<Config, 'reportHeading' | 'reportLogo'>>): ReportLook {
  const heading = (config.reportHeading ?? DEFAULT_REPORT_HEADING).split('|').map((line) => line.trim());
  let logo: string | null = null;
  if (config.reportLogo) {
    const type = /\.png$/i.test(config.reportLogo) ? 'png' : 'jpeg';
    try {
      logo = `data:image/${type};base64,${readFileSync(config.reportLogo).toString('base64')}`;
    } catch (error) {
      throw new Error(`PINISI_REPORT_LOGO=${config.reportLogo}: ${(error as Error).message}`);
    }
  }
  return { heading, logo, tzOffsetMinutes: CENTRE_TZ_OFFSET_MINUTES, tzName: 'WITA (UTC+8)' };
}
