import { useEffect, type RefObject } from 'react'

/**
 * While the element is shown, everything else on the page is inert (no Tab stop, no click, hidden from
 * screen readers), as a native modal <dialog> makes it: Tab then stays in a dialog drawn in the page
 * instead of walking on through the list hidden behind its backdrop. Undone when it closes.
 */
export function useInertBehind(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const made: Element[] = []
    // Up to <body>'s children: <head> and the document itself are left alone.
    for (let el = ref.current; el && el.parentElement && el !== document.body; el = el.parentElement) {
      for (const sibling of el.parentElement.children) {
        if (sibling === el || sibling.hasAttribute('inert')) continue
        sibling.setAttribute('inert', '')
        made.push(sibling)
      }
    }
    return () => made.forEach((el) => el.removeAttribute('inert'))
  }, [ref])
}
