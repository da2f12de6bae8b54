import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react'
import './components.css'

export interface DrawerProps {
  /** The panel's accessible name ("Phiếu khảo sát — Hoàng Văn An"); it is a complementary landmark. */
  label: string
  /** Escape inside the panel closes it. */
  onClose: () => void
  children: ReactNode
}

/**
 * A side panel for editing one row of a list in place: fixed to the right of the window, always in
 * view whatever the list's scroll, while the page makes room for it (the list stays readable and
 * clickable beside it; clicking another row swaps the panel's content). Not modal. The keyboard
 * lands in the panel when it opens; Escape closes it.
 */
export function Drawer({ label, onClose, children }: DrawerProps) {
  const ref = useRef<HTMLElement>(null)
  useEffect(() => {
    // The page narrows to make room, so the row that opened the panel may move: keep it in view.
    const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null
    opener?.scrollIntoView({ block: 'nearest' })
    ref.current?.focus({ preventScroll: true })
  }, [])
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return
    e.stopPropagation()
    onClose()
  }
  return (
    <aside ref={ref} className="drawer" aria-label={label} tabIndex={-1} onKeyDown={onKeyDown}>
      {children}
    </aside>
  )
}
