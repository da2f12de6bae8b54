import type { TargetProgress } from '@shared/domain/reviews'
import { formatDecimal } from '@shared/text/format'
import { t } from '../i18n'

/**
 * Targets against results, one small bar chart per target (planned vs actual per year, SVG, no
 * library) with the same figures as a table under it. Mounted by the overview page with the
 * output of the `targets.progress` channel.
 */
export function TargetsChart({ targets, year }: { targets: TargetProgress[]; year?: number }) {
  if (!targets.length) return <p className="muted">{t('review.targets.none')}</p>
  return (
    <div className="targets-chart">
      {targets.map((tg) => {
        const years = tg.years
        const max = Math.max(1, ...years.flatMap((y) => [y.expected, y.actual ?? 0]))
        const w = 56
        const h = 120
        return (
          <figure key={tg.id} aria-label={tg.label}>
            <figcaption>
              {tg.scopeName}: {tg.label}
            </figcaption>
            <svg
              width={years.length * w + 20}
              height={h + 30}
              role="img"
              aria-label={`${tg.label}: ${t('review.targets.expected')} / ${t('review.targets.actual')}`}
            >
              {years.map((y, i) => {
                const e = (y.expected / max) * h
                const a = ((y.actual ?? 0) / max) * h
                const x = 10 + i * w
                return (
                  <g key={y.year}>
                    <rect x={x} y={h - e} width={18} height={e} fill="#9db4d4">
                      <title>{`${y.year} ${t('review.targets.expected')}: ${formatDecimal(y.expected)}`}</title>
                    </rect>
                    <rect
                      x={x + 20}
                      y={h - Math.max(0, a)}
                      width={18}
                      height={Math.max(0, a)}
                      fill={y.met === false ? '#c0392b' : '#2e7d32'}
                    >
                      <title>{`${y.year} ${t('review.targets.actual')}: ${y.actual === null ? '—' : formatDecimal(y.actual)}`}</title>
                    </rect>
                    <text x={x + 19} y={h + 16} textAnchor="middle" fontSize="11" fontWeight={y.year === year ? 'bold' : undefined}>
                      {y.year}
                    </text>
                  </g>
                )
              })}
            </svg>
            <table className="grid">
              <thead>
                <tr>
                  <th />
                  {years.map((y) => (
                    <th key={y.year}>{y.year}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th>{t('review.targets.expected')}</th>
                  {years.map((y) => (
                    <td key={y.year} className="num">
                      {formatDecimal(y.expected)}
                    </td>
                  ))}
                </tr>
                <tr>
                  <th>{t('review.targets.actual')}</th>
                  {years.map((y) => (
                    <td key={y.year} className="num" data-met={y.met === null ? 'none' : String(y.met)}>
                      {y.actual === null
                        ? t('review.targets.noData')
                        : `${formatDecimal(y.actual)} (${y.met ? t('review.targets.met') : t('review.targets.notMet')})`}
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
          </figure>
        )
      })}
    </div>
  )
}
