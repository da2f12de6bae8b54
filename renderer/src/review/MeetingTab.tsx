import { useState } from 'react'
import { formatDate, parseDecimal } from '@shared/text/format'
import { viCollator } from '@shared/text/fold'
import { call } from '../api'
import { Field } from '../components/Field'
import { t } from '../i18n'
import { CLASS_TEXT, Feedback, useAction, useLoad } from './util'
import { DateInput } from '../components/DateInput'

/** The village meeting (date, chair, attendees, each household's agreement share), its minutes, and the public posting. */
export function MeetingTab({ year, today }: { year: number; today: string }) {
  const units = useLoad(() => call('units.list', {}), [])
  const villages = (units.data ?? [])
    .filter((u) => u.kind !== 'commune' && u.kind !== 'province')
    .sort((a, b) => viCollator.compare(a.name, b.name))
  const [unitId, setUnitId] = useState('')
  const village = unitId || villages[0]?.id || ''
  const waiting = useLoad(
    async () => (village ? call('review.cases', { year, unitId: village, stage: 'surveyed' }) : []),
    [year, village],
    ['reviews'],
  )
  const meetings = useLoad(() => call('review.meetings', { year }), [year], ['reviews'])
  const [m, setM] = useState({ heldOn: '', chair: '', secretary: '', attendees: '' })
  const [shares, setShares] = useState<Record<string, string>>({})
  const [postedOn, setPostedOn] = useState('')
  const save = useAction()
  const post = useAction()
  const files = useAction()
  return (
    <>
      <form
        aria-label={t('review.meeting.title')}
        onSubmit={(e) => {
          e.preventDefault()
          void save.run(async () => {
            const r = await call('review.meeting', {
              year,
              unitId: village,
              heldOn: m.heldOn || today,
              chair: m.chair,
              secretary: m.secretary,
              attendees: Number(m.attendees),
              votes: (waiting.data ?? [])
                // A blank share is no vote (spaces too: Number(' ') is 0, a vote against); words go to main as NaN to refuse.
                .filter((c) => (shares[c.id] ?? '').trim() !== '')
                .map((c) => ({ caseId: c.id, agreePercent: parseDecimal(shares[c.id]!) ?? NaN })),
            })
            setShares({})
            return t('review.meeting.saved', { passed: r.votes.filter((v) => v.passed).length, total: r.votes.length })
          })
        }}
      >
        <h2>{t('review.meeting.title')}</h2>
        <div className="form-grid">
          <Field label={t('review.meeting.village')}>
            {(p) => (
              <select {...p} value={village} onChange={(e) => setUnitId(e.target.value)}>
                {villages.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('review.meeting.heldOn')}>
            {(p) => <DateInput {...p} value={m.heldOn || today} onChange={(v) => setM({ ...m, heldOn: v })} />}
          </Field>
          <Field label={t('review.meeting.chair')}>
            {(p) => <input {...p} value={m.chair} onChange={(e) => setM({ ...m, chair: e.target.value })} />}
          </Field>
          <Field label={t('review.meeting.secretary')}>
            {(p) => <input {...p} value={m.secretary} onChange={(e) => setM({ ...m, secretary: e.target.value })} />}
          </Field>
          <Field label={t('review.meeting.attendees')}>
            {(p) => <input {...p} inputMode="numeric" value={m.attendees} onChange={(e) => setM({ ...m, attendees: e.target.value })} />}
          </Field>
        </div>
        {(waiting.data ?? []).length === 0 ? <p className="muted">{t('review.meeting.none')}</p> : null}
        <div className="form-grid">
          {(waiting.data ?? []).map((c) => (
            <Field
              key={c.id}
              label={t('review.meeting.share', { name: c.headName })}
              hint={c.classification ? CLASS_TEXT[c.classification] : ''}
            >
              {(p) => (
                <input
                  {...p}
                  inputMode="decimal"
                  value={shares[c.id] ?? ''}
                  onChange={(e) => setShares({ ...shares, [c.id]: e.target.value })}
                />
              )}
            </Field>
          ))}
        </div>
        <button type="submit" className="primary" disabled={save.busy}>
          {t('review.meeting.save')}
        </button>
        <Feedback status={save.status} error={save.error} />
      </form>

      <h2>{t('review.meeting.list')}</h2>
      <ul>
        {(meetings.data ?? []).map((mt) => (
          <li key={mt.id}>
            {formatDate(mt.heldOn)} · {mt.unitName} · {mt.chair} · {mt.votes.map((v) => `${v.headName} ${v.agreePercent}%`).join(', ')}{' '}
            <button
              type="button"
              onClick={() =>
                void files.run(async () => {
                  const r = await call('review.minutesPdf', { meetingId: mt.id })
                  return r.cancelled ? null : t('review.saved', { file: r.fileName, pages: r.pages })
                })
              }
            >
              {t('review.meeting.minutes')}
            </button>
          </li>
        ))}
      </ul>
      <Feedback status={files.status} error={files.error} />

      <form
        aria-label={t('review.post.title')}
        onSubmit={(e) => {
          e.preventDefault()
          void post.run(async () => {
            const r = await call('review.post', { year, unitId: village, postedOn: postedOn || today })
            return t('review.posted', { count: r.posted })
          })
        }}
      >
        <h2>{t('review.post.title')}</h2>
        <Field label={t('review.post.on')}>{(p) => <DateInput {...p} value={postedOn || today} onChange={(v) => setPostedOn(v)} />}</Field>
        <button type="submit" disabled={post.busy}>
          {t('review.post')}
        </button>{' '}
        <button
          type="button"
          onClick={() =>
            void post.run(async () => {
              const r = await call('review.publicListPdf', { year, unitId: village })
              return r.cancelled ? null : t('review.saved', { file: r.fileName, pages: r.pages })
            })
          }
        >
          {t('review.post.pdf')}
        </button>
        <Feedback status={post.status} error={post.error} />
      </form>
    </>
  )
}
