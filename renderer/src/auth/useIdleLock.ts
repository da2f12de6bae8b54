import { useEffect, useRef } from 'react'

/** Calls `onIdle` once the user has not typed, clicked or moved the mouse for `minutes`. */
export function useIdleLock(minutes: number | null, onIdle: () => void): void {
  const last = useRef(0)
  const idle = useRef(onIdle)
  useEffect(() => {
    idle.current = onIdle
  }, [onIdle])
  useEffect(() => {
    if (minutes === null) return
    last.current = Date.now()
    const touch = () => {
      last.current = Date.now()
    }
    const events = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart'] as const
    for (const e of events) window.addEventListener(e, touch, { passive: true })
    const timer = window.setInterval(() => {
      if (Date.now() - last.current > minutes * 60_000) idle.current()
    }, 15_000)
    return () => {
      for (const e of events) window.removeEventListener(e, touch)
      window.clearInterval(timer)
    }
  }, [minutes])
}
