import { useState } from 'react'
import { LIST_BASIS_LABEL, SCREENING_CRITERIA, STAGE_LABEL, type CaseDetail, type Screening } from '@shared/domain/reviews'
import { formatDate, formatInt, parseArea, parseMoney } from '@shared/text/format'
import { call } from '../api'
import { Drawer } from '../components/Drawer'
import { Field } from '../components/Field'
import { Button } from '../components/Button'
import { useAccess } from '../auth/access'
import { DecisionFields } from './DecisionFields'
import { t } from '../i18n'
import { CLASS_TEXT, Feedback, useAction, useLoad } from './util'

const NO_SCREENING: Screening = { salaried: false, car: false, house: false, business: false, land: false, result: null }

/** The B1 score as typed: a whole number, or empty (not entered); anything else is refused next to the field. */
function parseB1(text: string): number | null | undefined {
  const s = text.trim()
  if (!s) return null
  return /^\d{1,4}$/.test(s) ? Number(s) : undefined
}

/** One household's case: form A, B1 and B2, the class with its reasons, and (for an approver) reopening and approving a correction. */
export function CasePanel({ caseId, today, onClose }: { caseId: string; today: string; onClose: () => void }) {
  const detail = useLoad(() => call('review.case', { id: caseId }), [caseId], ['reviews'])
  const [form, setForm] = useState<{ screening: Screening; b1: string; income: string; area: string; deprived: number[] } | null>(null)
  const [reopenReason, setReopenReason] = useState('')
  // Reopening and approving a correction are the approver's: a clerk sees them off, with the reason.
  const refused = useAccess()
  const [decision, setDecision] = useState({ decisionNumber: '', decisionDate: '' })
  const [typed, setTyped] = useState<{ income?: string; area?: string; b1?: string }>({})
  const action = useAction()
  const c = detail.data
  if (!c) return null
  const f = form ?? {
    screening: c.screening ?? NO_SCREENING,
    b1: c.incomeScore === null ? '' : String(c.incomeScore),
    income: c.incomePerPersonMonth === null ? '' : String(c.incomePerPersonMonth),
    area: c.housingAreaM2 === null ? '' : String(c.housingAreaM2),
    deprived: c.indicators.filter((i) => i.deprived && i.source !== 'derived').map((i) => i.no),
  }
  const done = (d: CaseDetail, message: string | null) => {
    setForm(null)
    detail.reload()
    void d
    return message
  }
  const editable = !c.locked && ['listed', 'surveyed', 'redo'].includes(c.stage)
  return (
    <Drawer label={`${t('review.survey.title')} — ${c.headName}`} onClose={onClose}>
      <div className="row">
        <h2>
          {c.headName} ({c.code}) — {c.unitName}
        </h2>
        <button type="button" onClick={onClose}>
          {t('review.case.close')}
        </button>
      </div>
      <p>
        {STAGE_LABEL[c.stage]}
        {c.dueOn ? ` · ${t('review.col.due')} ${formatDate(c.dueOn)}` : ''}
        {c.locked ? ` · ${t('review.locked')}` : ''}
        {c.listBasis ? ` · ${LIST_BASIS_LABEL[c.listBasis]}` : ''}
        {c.applicantName ? ` · ${t('review.case.applicant', { name: c.applicantName })}` : ''}
      </p>
      {c.classification ? (
        <div aria-label={t('review.reasons')}>
          <p className="bold">{t('review.result', { result: CLASS_TEXT[c.classification] })}</p>
          <p>{t('review.scores', { a: c.incomeScore === null ? '—' : formatInt(c.incomeScore), b: formatInt(c.deprivationScore ?? 0) })}</p>
          <ul>
            {c.reasons.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
          {c.screeningWarning ? <p className="notice">{c.screeningWarning}</p> : null}
        </div>
      ) : null}
      {editable ? (
        <form
          aria-label={t('review.survey.title')}
          onSubmit={(e) => {
            e.preventDefault()
            // What cannot be sent as typed is said next to its field here; the rest is main's to refuse.
            const b1 = parseB1(f.b1)
            // With a B1 score the income may stay empty: main keeps the register's.
            const income = f.income.trim() === '' && typeof b1 === 'number' ? undefined : parseMoney(f.income)
            const area = parseArea(f.area)
            setTyped({
              income: income === null ? t('error.income') : undefined,
              area: area === undefined ? t('error.area') : undefined,
              b1: b1 === undefined ? t('review.survey.b1Error') : undefined,
            })
            if (income === null || area === undefined || b1 === undefined) return
            void action.run(async () =>
              done(
                await call('review.survey', {
                  caseId,
                  screening: f.screening,
                  b1Score: b1,
                  assessment: {
                    ...(income === undefined ? {} : { incomePerPersonMonth: income }),
                    housingAreaM2: area,
                    indicators: c.indicators
                      .filter((i) => i.source !== 'derived')
                      .map((i) => ({ no: i.no, deprived: f.deprived.includes(i.no) })),
                  },
                }),
                null,
              ),
            )
          }}
        >
          <fieldset>
            <legend>{t('review.survey.formA')}</legend>
            {SCREENING_CRITERIA.map((s) => (
              <label key={s.key} className="radio">
                <input
                  type="checkbox"
                  checked={f.screening[s.key]}
                  onChange={(e) => setForm({ ...f, screening: { ...f.screening, [s.key]: e.target.checked } })}
                />
                {s.label}
              </label>
            ))}
            <Field label={t('review.survey.formAResult')}>
              {(p) => (
                <select
                  {...p}
                  value={f.screening.result ?? ''}
                  onChange={(e) =>
                    setForm({ ...f, screening: { ...f.screening, result: (e.target.value || null) as Screening['result'] } })
                  }
                >
                  <option value="">{t('review.survey.formANone')}</option>
                  <option value="pass">{t('review.survey.formAPass')}</option>
                  <option value="fail">{t('review.survey.formAFail')}</option>
                </select>
              )}
            </Field>
          </fieldset>
          <div className="form-grid">
            <Field
              label={t('review.survey.b1')}
              error={typed.b1}
              hint={
                c.b1Thresholds
                  ? t('review.survey.b1Hint', { rural: c.b1Thresholds.rural, urban: c.b1Thresholds.urban })
                  : t('review.survey.b1NoThreshold')
              }
            >
              {(p) => <input {...p} inputMode="numeric" value={f.b1} onChange={(e) => setForm({ ...f, b1: e.target.value })} />}
            </Field>
            <Field label={t('review.survey.income')} error={typed.income}>
              {(p) => <input {...p} inputMode="numeric" value={f.income} onChange={(e) => setForm({ ...f, income: e.target.value })} />}
            </Field>
            <Field label={t('review.survey.area')} error={typed.area}>
              {(p) => <input {...p} inputMode="decimal" value={f.area} onChange={(e) => setForm({ ...f, area: e.target.value })} />}
            </Field>
          </div>
          <fieldset>
            <legend>{t('review.survey.formB2')}</legend>
            {c.indicators.map((i) => (
              <label key={i.no} className="radio" title={i.value}>
                <input
                  type="checkbox"
                  disabled={i.source === 'derived'}
                  checked={i.source === 'derived' ? i.deprived : f.deprived.includes(i.no)}
                  onChange={(e) =>
                    setForm({ ...f, deprived: e.target.checked ? [...f.deprived, i.no] : f.deprived.filter((n) => n !== i.no) })
                  }
                />
                {i.no}. {i.name}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="primary" disabled={action.busy}>
            {t('review.survey.save')}
          </button>
        </form>
      ) : null}
      {c.locked ? (
        <form
          aria-label={t('review.reopen')}
          onSubmit={(e) => {
            e.preventDefault()
            void action.run(async () => done(await call('review.reopen', { caseId, reason: reopenReason }), null))
          }}
        >
          <fieldset disabled={Boolean(refused('review.reopen'))} className="plain">
            <Field label={t('review.reopen.reason')}>
              {(p) => <input {...p} value={reopenReason} onChange={(e) => setReopenReason(e.target.value)} />}
            </Field>
          </fieldset>
          <Button type="submit" busy={action.busy} disabledReason={refused('review.reopen')}>
            {t('review.reopen')}
          </Button>
        </form>
      ) : null}
      {!c.locked &&
      (c.stage === 'surveyed' || c.stage === 'met' || c.stage === 'posted') &&
      (c.decisionNumber || c.origin === 'ongoing') ? (
        <form
          aria-label={t('review.approveCase')}
          onSubmit={(e) => {
            e.preventDefault()
            void action.run(async () =>
              done(
                await call('review.approveCase', {
                  caseId,
                  decisionNumber: decision.decisionNumber,
                  decisionDate: decision.decisionDate || today,
                }),
                null,
              ),
            )
          }}
        >
          <fieldset disabled={Boolean(refused('review.approveCase'))} className="plain">
            <DecisionFields value={decision} today={today} onChange={setDecision} />
          </fieldset>
          <Button type="submit" busy={action.busy} disabledReason={refused('review.approveCase')}>
            {t('review.approveCase')}
          </Button>
        </form>
      ) : null}
      <Feedback status={action.status} error={action.error} />
      <h3>{t('review.history')}</h3>
      <ul aria-label={t('review.history')}>
        {c.history.map((h, i) => (
          <li key={i}>
            {formatDate(h.at.slice(0, 10))} · {h.actor}: {h.note || h.action}
          </li>
        ))}
      </ul>
    </Drawer>
  )
}
