import { useMemo, useState } from 'react'
import { STAGE_LABEL, ORIGIN_LABEL } from '@shared/domain/reviews'
import { fold, viCollator } from '@shared/text/fold'
import { formatInt } from '@shared/text/format'
import { call } from '../api'
import { Button } from '../components/Button'
import { Field } from '../components/Field'
import { t } from '../i18n'
import { CasePanel } from './CasePanel'
import { RegisterCaseForm } from './RegisterCaseForm'
import { CLASS_TEXT, Feedback, useAction, useLoad } from './util'
import { DateInput } from '../components/DateInput'

/**
 * The year's list (the poor and near-poor households when it opened, applicants, households the clerk
 * added): each with its step and result; a click opens its survey. Applicants and additions are made here.
 */
export function CasesTab({ year, today }: { year: number; today: string }) {
  const units = useLoad(() => call('units.list', {}), [])
  const [unitId, setUnitId] = useState<string | null>(null)
  const cases = useLoad(() => call('review.cases', { year, unitId }), [year, unitId], ['reviews'])
  const [openId, setOpenId] = useState<string | null>(null)
  const [query, setQuery] = useState('')
  const [page, setPage] = useState(0)
  // Search folds Vietnamese (no accents needed) over the head's name, the household code and the village.
  const folded = useMemo(() => (cases.data ?? []).map((c) => fold(`${c.headName} ${c.code} ${c.unitName}`)), [cases.data])
  const matching = useMemo(() => {
    const q = fold(query)
    const all = cases.data ?? []
    return q ? all.filter((_, i) => folded[i]!.includes(q)) : all
  }, [cases.data, folded, query])
  // Pages of PAGE_SIZE rows: every household is reachable (pager or search), none is dropped.
  const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE))
  const shownPage = Math.min(page, pages - 1)
  const rows = matching.slice(shownPage * PAGE_SIZE, (shownPage + 1) * PAGE_SIZE)
  const villages = (units.data ?? [])
    .filter((u) => u.kind !== 'commune' && u.kind !== 'province')
    .sort((a, b) => viCollator.compare(a.name, b.name))
  const [applicant, setApplicant] = useState({ fullName: '', birthDate: '', sex: 'male' as 'male' | 'female', unitId: '', appliedOn: '' })
  const add = useAction()
  return (
    <>
      <div className="toolbar">
        <label>
          {t('review.filterUnit')}
          <select
            value={unitId ?? ''}
            onChange={(e) => {
              setUnitId(e.target.value || null)
              setPage(0)
            }}
          >
            <option value="">{t('review.allUnits')}</option>
            {(units.data ?? [])
              .filter((u) => u.kind !== 'province')
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
          </select>
        </label>
        <Field label={t('review.cases.search')} hint={t('review.cases.searchHint')}>
          {(p) => (
            <input
              {...p}
              type="search"
              value={query}
              onChange={(e) => {
                setQuery(e.target.value)
                setPage(0)
              }}
            />
          )}
        </Field>
      </div>
      <Pager page={shownPage} pages={pages} total={matching.length} onPage={setPage} />
      <table className="grid" aria-label={t('review.tab.cases')}>
        <thead>
          <tr>
            {(['head', 'village', 'origin', 'previous', 'result', 'agree', 'stage'] as const).map((c) => (
              <th key={c}>{t(`review.col.${c}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.id} data-case={c.headName}>
              <td>
                <button type="button" className="link" onClick={() => setOpenId(c.id)}>
                  {c.headName}
                </button>
              </td>
              <td>{c.unitName}</td>
              <td>{ORIGIN_LABEL[c.origin]}</td>
              <td>{c.previousClassification ? CLASS_TEXT[c.previousClassification] : ''}</td>
              <td>{c.classification ? CLASS_TEXT[c.classification] : ''}</td>
              <td className="num">{c.agreePercent === null ? '' : `${String(c.agreePercent).replace('.', ',')}%`}</td>
              <td>
                {STAGE_LABEL[c.stage]}
                {c.locked ? ' 🔒' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {cases.data && matching.length === 0 ? <p className="muted">{t('review.cases.none')}</p> : null}
      {pages > 1 ? <Pager page={shownPage} pages={pages} total={matching.length} onPage={setPage} /> : null}
      {openId ? <CasePanel key={openId} caseId={openId} today={today} onClose={() => setOpenId(null)} /> : null}
      <RegisterCaseForm year={year} today={today} />
      <form
        aria-label={t('review.applicant.title')}
        onSubmit={(e) => {
          e.preventDefault()
          void add.run(async () => {
            const c = await call('review.addApplicant', {
              year,
              appliedOn: applicant.appliedOn || today,
              household: {
                household: { unitId: applicant.unitId || villages[0]?.id || '', areaType: 'rural' },
                members: [{ fullName: applicant.fullName, sex: applicant.sex, birthDate: applicant.birthDate, relationship: 'head' }],
              },
            })
            return `${c.headName}: ${ORIGIN_LABEL[c.origin]}`
          })
        }}
      >
        <h2>{t('review.applicant.title')}</h2>
        <div className="form-grid">
          <Field label={t('review.applicant.head')}>
            {(p) => <input {...p} value={applicant.fullName} onChange={(e) => setApplicant({ ...applicant, fullName: e.target.value })} />}
          </Field>
          <Field label={t('review.applicant.birth')}>
            {(p) => (
              <input {...p} value={applicant.birthDate} onChange={(e) => setApplicant({ ...applicant, birthDate: e.target.value })} />
            )}
          </Field>
          <Field label={t('review.applicant.sex')}>
            {(p) => (
              <select
                {...p}
                value={applicant.sex}
                onChange={(e) => setApplicant({ ...applicant, sex: e.target.value as 'male' | 'female' })}
              >
                <option value="male">{t('review.sex.male')}</option>
                <option value="female">{t('review.sex.female')}</option>
              </select>
            )}
          </Field>
          <Field label={t('review.col.village')}>
            {(p) => (
              <select {...p} value={applicant.unitId} onChange={(e) => setApplicant({ ...applicant, unitId: e.target.value })}>
                {villages.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('review.applicant.appliedOn')}>
            {(p) => (
              <DateInput {...p} value={applicant.appliedOn || today} onChange={(v) => setApplicant({ ...applicant, appliedOn: v })} />
            )}
          </Field>
        </div>
        <button type="submit" disabled={add.busy}>
          {t('review.applicant.add')}
        </button>
        <Feedback status={add.status} error={add.error} />
      </form>
    </>
  )
}

const PAGE_SIZE = 100

function Pager({ page, pages, total, onPage }: { page: number; pages: number; total: number; onPage: (page: number) => void }) {
  if (total === 0) return null
  return (
    <div className="pager">
      <Button disabled={page === 0} onClick={() => onPage(page - 1)}>
        {t('review.cases.prev')}
      </Button>
      <span aria-live="polite">
        {t('review.cases.shown', {
          from: formatInt(page * PAGE_SIZE + 1),
          to: formatInt(Math.min(total, (page + 1) * PAGE_SIZE)),
          total: formatInt(total),
        })}
      </span>
      <Button disabled={page >= pages - 1} onClick={() => onPage(page + 1)}>
        {t('review.cases.next')}
      </Button>
    </div>
  )
}
