import { useEffect, useState } from 'react'
import type { OfficeProfile } from '@shared/domain/office'
import type { OverviewStats } from '@shared/domain/reports'
import type { TargetProgress } from '@shared/domain/reviews'
import type { ChannelOutput } from '@shared/contract'
import type { StandardSummary } from '@shared/standards/schema'
import { formatDecimal, formatInt } from '@shared/text/format'
import { call } from '../api'
import { t } from '../i18n'
import { TargetsChart } from '../review/TargetsChart'
import { BarChart, LineChart } from './charts'
import { PrintableCard } from './PrintableCard'

const POOR = '#b3261e'
const NEAR = '#e0a100'

/** The office at a glance: the year's results, the trend, targets against results and the tasks that are late. */
/** The by-area chart's title: its rows are one level under the office (reports/grouping.ts). */
const BY_AREA_TITLE = { commune: 'overview.byVillage', district: 'overview.byCommune', province: 'overview.byOffice' } as const

export function OverviewPage({ office }: { office: OfficeProfile }) {
  const [year, setYear] = useState<number | null>(null)
  const [stats, setStats] = useState<OverviewStats | null>(null)
  const [targets, setTargets] = useState<TargetProgress[]>([])
  const [due, setDue] = useState<ChannelOutput<'tasks.due'> | null>(null)
  const [standard, setStandard] = useState<StandardSummary | null>(null)

  useEffect(() => {
    void call('standards.list', {}).then((list) => setStandard(list.find((s) => s.id === office.standardId) ?? null))
    void call('targets.progress', {}).then(setTargets, () => setTargets([]))
    void call('tasks.due', { withinDays: 14 }).then(setDue, () => setDue(null))
    // Start from the latest year with assessments (the current year may not be reviewed yet).
    void call('overview.stats', { year: new Date().getFullYear() }).then((s) => {
      const latest = s.trend.at(-1)?.year ?? s.year
      if (latest === s.year) setStats(s)
      setYear(latest)
    })
  }, [office.standardId])
  useEffect(() => {
    if (year !== null && stats?.year !== year) void call('overview.stats', { year }).then(setStats)
  }, [year, stats?.year])

  const latest = stats?.trend.find((r) => r.year === stats.year)
  return (
    <section className="overview">
      <h1>{t('overview.title')}</h1>
      <p className="muted">
        {office.name}
        {standard ? ` — ${t('overview.standard', { name: standard.name })}` : ''}
      </p>
      {stats && year !== null ? (
        <>
          <div className="toolbar">
            <label>
              {t('reports.year')}
              <select value={year} onChange={(e) => setYear(Number(e.target.value))}>
                {(stats.trend.length ? stats.trend.map((r) => r.year) : [year]).map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="cards">
            <Stat label={t('overview.registered')} value={formatInt(stats.registered)} />
            <Stat
              label={t('overview.poor')}
              value={latest ? `${formatInt(latest.poor)} (${formatDecimal(latest.poorRate * 100, 2)}%)` : '—'}
            />
            <Stat
              label={t('overview.nearPoor')}
              value={latest ? `${formatInt(latest.nearPoor)} (${formatDecimal(latest.nearPoorRate * 100, 2)}%)` : '—'}
            />
            <Stat
              label={t('overview.overdue')}
              value={due ? formatInt(due.overdue.length) : '—'}
              tone={due && due.overdue.length > 0 ? 'alert' : undefined}
            />
            <Stat label={t('overview.dueSoon')} value={due ? formatInt(due.soon.length) : '—'} />
          </div>
          <div className="chart-grid">
            <PrintableCard title={t(BY_AREA_TITLE[stats.level], { year: stats.year })}>
              <BarChart
                title={t(stats.level === 'commune' ? 'overview.byVillage' : 'overview.byCommune', { year: stats.year })}
                labels={stats.byCommune.map((r) => r.label)}
                series={[
                  { name: t('overview.poorRate'), color: POOR, values: stats.byCommune.map((r) => r.poorRate) },
                  { name: t('overview.nearPoorRate'), color: NEAR, values: stats.byCommune.map((r) => r.nearPoorRate) },
                ]}
              />
            </PrintableCard>
            <PrintableCard title={t('overview.trend')}>
              <LineChart
                title={t('overview.trend')}
                years={stats.trend.map((r) => r.year)}
                series={[
                  { name: t('overview.poorRate'), color: POOR, values: stats.trend.map((r) => r.poorRate) },
                  { name: t('overview.nearPoorRate'), color: NEAR, values: stats.trend.map((r) => r.nearPoorRate) },
                ]}
              />
            </PrintableCard>
            <PrintableCard title={t('overview.targets')}>
              <TargetsChart targets={targets} year={year} />
            </PrintableCard>
            <PrintableCard title={t('overview.tasks')}>
              {due && due.overdue.length ? (
                <ul className="late-tasks">
                  {due.overdue.slice(0, 10).map((task) => (
                    <li key={task.id}>
                      <strong>{task.leadAgency.name}</strong>: {task.content}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">{t('overview.noOverdue')}</p>
              )}
            </PrintableCard>
          </div>
        </>
      ) : (
        <p>{t('common.loading')}</p>
      )}
    </section>
  )
}

function Stat({ label, value, tone }: { label: string; value: string; tone?: 'alert' | undefined }) {
  return (
    <div className={`stat${tone ? ` stat--${tone}` : ''}`}>
      <div className="stat__value">{value}</div>
      <div className="stat__label">{label}</div>
    </div>
  )
}
