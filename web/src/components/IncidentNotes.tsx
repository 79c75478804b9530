// Situation reports on an incident: the notes of the dispatcher, the supervisor and the agencies, live, and a field
// to add one (`incident.add_note`). Also the incident's timeline as the console may read it, fetched again on change.
import { type FormEvent, useEffect, useState } from 'react';
import type { StoredEvent } from '../../../src/domain/events.ts';
import type { TimelineBody } from '../../../src/protocol/bodies.ts';
import { getJson } from '../api.ts';
import { agencyCode } from '../describe.ts';
import { FieldError, FormError } from '../errors.tsx';
import { formatTime } from '../format.ts';
import { useAction } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { useLive } from '../live.ts';

/** The incident's timeline, read again whenever the incident (or an assignment or unit of it) changes. */
export function useTimeline(incidentId: string): StoredEvent[] | null {
  const store = useLive();
  const [events, setEvents] = useState<StoredEvent[] | null>(null);
  const changedAt = store.changed.get(incidentId) ?? 0;
  useEffect(() => {
    let live = true;
    // changedAt: refetch whenever the incident or its assignments move.
    void changedAt;
    getJson<TimelineBody>(`/api/incidents/${encodeURIComponent(incidentId)}/timeline`).then(
      (answer) => live && setEvents(answer.events),
      () => live && setEvents(null),
    );
    return () => {
      live = false;
    };
  }, [incidentId, changedAt]);
  return events;
}

type NoteEvent = Extract<StoredEvent, { type: 'incident.note_added' }>;

export function IncidentNotes({ incidentId, canWrite }: { incidentId: string; canWrite: boolean }) {
  const { t, lang } = useI18n();
  const store = useLive();
  const events = useTimeline(incidentId);
  const notes = (events ?? []).filter((e): e is NoteEvent => e.type === 'incident.note_added');
  const action = useAction();
  const [text, setText] = useState('');
  const send = async (e?: FormEvent) => {
    e?.preventDefault();
    if (text.trim().length < 2) return;
    const ok = await action.run('incident.add_note', { incidentId, text: text.trim() });
    if (ok) setText('');
  };
  return (
    <section className="notes" data-testid="notes" aria-label={t('notes.title')}>
      <h3>{t('notes.title')}</h3>
      {notes.length === 0 ? (
        <p className="muted">{t('notes.none')}</p>
      ) : (
        <ol>
          {notes.map((n) => (
            <li key={n.seq} data-testid="note">
              <time>{formatTime(n.at, lang)}</time>{' '}
              <strong>{n.agencyId ? agencyCode(store.state, n.agencyId) : t('notes.centre')}</strong>:{' '}
              {n.text}
            </li>
          ))}
        </ol>
      )}
      {canWrite && (
        <form className="note-form" onSubmit={send}>
          <label>
            {t('notes.text')}
            <input
              name="situation"
              value={text}
              maxLength={500}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => {
                // Enter alone never sends; Ctrl+Enter does.
                if (e.key !== 'Enter') return;
                e.preventDefault();
                if (e.ctrlKey || e.metaKey) void send();
              }}
            />
          </label>
          <button type="submit" disabled={action.busy || text.trim().length < 2}>
            {t('notes.add')} <kbd>Ctrl+Enter</kbd>
          </button>
          <FieldError error={action.error} field="text" />
          <FormError error={action.error} fields={['text']} />
        </form>
      )}
    </section>
  );
}
