// The report files' look from the configuration: the letterhead, the logo, the centre's time zone.
import { readFileSync } from 'node:fs';
import { type Config, DEFAULT_REPORT_HEADING, reportClock } from '../config.ts';
import type { ReportLook } from './pdf.ts';

/** Reads the logo once; a configured logo that cannot be read stops start-up with its path. */
export function reportLook(
  config: Partial<Pick<Config, 'reportHeading' | 'reportLogo' | 'timeZone' | 'shiftHours'>>,
): ReportLook {
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
  const clock = reportClock(config);
  const hours = clock.tzOffsetMinutes / 60;
  return {
    heading,
    logo,
    ...clock,
    tzName: `${clock.tzName} (UTC${hours < 0 ? '−' : '+'}${Math.abs(hours)})`,
  };
}
