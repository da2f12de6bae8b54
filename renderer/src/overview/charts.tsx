import { formatDecimal } from '@shared/text/format'

export interface Series {
  name: string
  color: string
  values: number[]
}

const pct = (v: number) => `${formatDecimal(v * 100, 1)}%`

/** Grouped bars (one group per label), values as shares 0..1. Plain SVG: nothing to load, prints crisply. */
export function BarChart({ labels, series, title }: { labels: string[]; series: Series[]; title: string }) {
  const max = Math.max(0.01, ...series.flatMap((s) => s.values))
  const group = 28 + series.length * 22
  const h = 180
  const width = Math.max(320, labels.length * group + 60)
  return (
    <svg className="chart" width={width} height={h + 84} role="img" aria-label={title} viewBox={`0 0 ${width} ${h + 84}`}>
      <line x1={40} y1={h + 24} x2={width - 10} y2={h + 24} stroke="#999" />
      {labels.map((label, i) => (
        <g key={label} transform={`translate(${50 + i * group}, 0)`}>
          {series.map((s, k) => {
            const v = s.values[i] ?? 0
            const bh = (v / max) * h
            return (
              <g key={s.name}>
                <rect x={k * 22} y={h + 24 - bh} width={18} height={bh} fill={s.color}>
                  <title>{`${label} — ${s.name}: ${pct(v)}`}</title>
                </rect>
                <text x={k * 22 + 9} y={h + 19 - bh} fontSize={10} textAnchor="middle">
                  {pct(v)}
                </text>
              </g>
            )
          })}
          <text x={(series.length * 22) / 2} y={h + 40} fontSize={11} textAnchor="middle">
            {label.length > 18 ? `${label.slice(0, 17)}…` : label}
          </text>
        </g>
      ))}
      <Legend series={series} y={h + 62} />
    </svg>
  )
}

/** Lines over the years, values as shares 0..1. */
export function LineChart({ years, series, title }: { years: number[]; series: Series[]; title: string }) {
  const max = Math.max(0.01, ...series.flatMap((s) => s.values))
  const h = 180
  const step = 80
  const width = Math.max(320, years.length * step + 80)
  const x = (i: number) => 60 + i * step
  const y = (v: number) => h + 24 - (v / max) * h
  return (
    <svg className="chart" width={width} height={h + 84} role="img" aria-label={title} viewBox={`0 0 ${width} ${h + 84}`}>
      <line x1={40} y1={h + 24} x2={width - 10} y2={h + 24} stroke="#999" />
      {years.map((yr, i) => (
        <text key={yr} x={x(i)} y={h + 40} fontSize={11} textAnchor="middle">
          {yr}
        </text>
      ))}
      {series.map((s) => (
        <g key={s.name}>
          <polyline fill="none" stroke={s.color} strokeWidth={2} points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')} />
          {s.values.map((v, i) => (
            <g key={i}>
              <circle cx={x(i)} cy={y(v)} r={3.5} fill={s.color} />
              <text x={x(i)} y={y(v) - 7} fontSize={10} textAnchor="middle">
                {pct(v)}
              </text>
            </g>
          ))}
        </g>
      ))}
      <Legend series={series} y={h + 62} />
    </svg>
  )
}

function Legend({ series, y }: { series: Series[]; y: number }) {
  return (
    <g transform={`translate(50, ${y})`}>
      {series.map((s, i) => (
        <g key={s.name} transform={`translate(${i * 150}, 0)`}>
          <rect width={12} height={12} fill={s.color} />
          <text x={18} y={10} fontSize={11}>
            {s.name}
          </text>
        </g>
      ))}
    </g>
  )
}
