import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'

export interface Column<R> {
  header: string
  width: string
  className?: string
  cell: (row: R, index: number) => ReactNode
}

interface Props<R> {
  label: string
  total: number
  rowAt: (index: number) => R | undefined
  /** Asked for the rows in view (plus a margin) whenever the view moves. */
  ensure: (first: number, last: number) => void
  columns: Column<R>[]
  loadingText: string
  rowHeight?: number
  height?: number
}

const OVERSCAN = 10

/**
 * A windowed table: only the rows in view (and a few either side) are in the DOM, positioned inside
 * a spacer as tall as the whole list, so 500,000 households scroll like 50. Written here rather
 * than taken from a library: fixed-height rows need ~80 lines, and the ARIA table roles
 * (aria-rowcount/aria-rowindex) and keyboard movement are ours to get right either way.
 * Arrow keys move between rows' first buttons, scrolling as needed; Tab leaves the table.
 */
export function VirtualTable<R>({ label, total, rowAt, ensure, columns, loadingText, rowHeight = 36, height = 540 }: Props<R>) {
  const viewport = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [focusIndex, setFocusIndex] = useState<number | null>(null)
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN)
  const last = Math.min(total, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN)

  useEffect(() => {
    if (total > 0) ensure(first, last)
  }, [first, last, total, ensure])

  useEffect(() => {
    if (focusIndex === null) return
    viewport.current?.querySelector<HTMLElement>(`[data-row="${focusIndex}"] button`)?.focus()
  }, [focusIndex, scrollTop])

  const move = (e: KeyboardEvent<HTMLDivElement>) => {
    const from = Number((e.target as HTMLElement).closest('[data-row]')?.getAttribute('data-row') ?? -1)
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 }[e.key]
    if (from < 0 || step === undefined) return
    e.preventDefault()
    const to = Math.min(total - 1, Math.max(0, from + step))
    const v = viewport.current!
    if (to * rowHeight < v.scrollTop) v.scrollTop = to * rowHeight
    else if ((to + 1) * rowHeight > v.scrollTop + height) v.scrollTop = (to + 1) * rowHeight - height
    setScrollTop(v.scrollTop)
    setFocusIndex(to)
  }

  const template = columns.map((c) => c.width).join(' ')
  const rows: ReactNode[] = []
  for (let i = first; i < last; i++) {
    const row = rowAt(i)
    rows.push(
      <div
        key={i}
        role="row"
        aria-rowindex={i + 2}
        data-row={i}
        className="vt__row"
        style={{ top: i * rowHeight, height: rowHeight, gridTemplateColumns: template }}
      >
        {row ? (
          columns.map((c, j) => (
            <div key={j} role="cell" className={c.className}>
              {c.cell(row, i)}
            </div>
          ))
        ) : (
          <div role="cell" className="muted">
            {loadingText}
          </div>
        )}
      </div>,
    )
  }
  return (
    <div role="table" aria-label={label} aria-rowcount={total + 1} className="vt">
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className="vt__head" style={{ gridTemplateColumns: template }}>
          {columns.map((c, j) => (
            <div key={j} role="columnheader" className={c.className}>
              {c.header}
            </div>
          ))}
        </div>
      </div>
      <div
        ref={viewport}
        className="vt__viewport"
        style={{ height }}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={move}
      >
        <div role="rowgroup" className="vt__body" style={{ height: total * rowHeight }}>
          {rows}
        </div>
      </div>
    </div>
  )
}
