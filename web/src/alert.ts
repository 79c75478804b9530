// Attention for new work: a short tone when something new arrives and the count in the tab title.
import { createElement, useEffect, useRef, useState } from 'react';
import { useI18n } from './i18n.ts';

let audio: AudioContext | null = null;
const SOUND_KEY = 'pinisi.sound';

function soundOn(): boolean {
  try {
    return localStorage.getItem(SOUND_KEY) !== 'off';
  } catch {
    return true;
  }
}

/** Turns the arrival tone on or off for this browser (remembered); the highlight stays either way. */
export function SoundToggle() {
  const { t } = useI18n();
  const [on, setOn] = useState(soundOn);
  return createElement(
    'button',
    {
      type: 'button',
      className: 'sound-toggle',
      'aria-pressed': on,
      onClick: () => {
        try {
          localStorage.setItem(SOUND_KEY, on ? 'off' : 'on');
        } catch {
          // storage unavailable: the choice lasts for this page only
        }
        setOn(!on);
      },
    },
    on ? t('sound.on') : t('sound.off'),
  );
}

/** Two short tones; silent where audio is unavailable or not yet allowed by the browser. */
function chime(): void {
  if (!soundOn()) return;
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
    const now = audio.currentTime;
    for (const [i, freq] of [880, 1320].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.15, now + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.001, now + i * 0.18 + 0.16);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.18);
      osc.stop(now + i * 0.18 + 0.17);
    }
  } catch {
    // no audio on this machine
  }
}

/** Chimes when an id appears that was not there before (not for what is already there on load). */
export function useArrivalAlert(ids: string[], title?: string): void {
  const seen = useRef<Set<string> | null>(null);
  const key = ids.join(',');
  useEffect(() => {
    const current = new Set(key ? key.split(',') : []);
    const before = seen.current;
    seen.current = current;
    if (before && [...current].some((id) => !before.has(id))) chime();
    if (title !== undefined) document.title = current.size > 0 ? `(${current.size}) ${title}` : title;
  }, [key, title]);
}
