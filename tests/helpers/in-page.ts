/**
 * Checks that run in the page (passed to a locator's `evaluate`): plain functions with no closure,
 * typed by the little of the DOM they use, since the tests are compiled without the DOM's types.
 */

/** The element's box lies inside the window (at the window's size, 1366×768 in these tests). */
export const inViewport = (el: {
  getBoundingClientRect(): { top: number; left: number; bottom: number; right: number; height: number }
  ownerDocument: { defaultView: { innerHeight: number; innerWidth: number } | null }
}) => {
  const r = el.getBoundingClientRect()
  const w = el.ownerDocument.defaultView!
  return r.top >= 0 && r.left >= 0 && r.bottom <= w.innerHeight + 1 && r.right <= w.innerWidth + 1 && r.height > 0
}

/** The element has the keyboard focus. */
export const isFocused = (el: { ownerDocument: { activeElement: unknown } }) => el === el.ownerDocument.activeElement

/**
 * Records, in the page, every text the elements matching `selector` show, as it changes (a poll from
 * the test could miss a short one): read it back with `page.evaluate(() => globalThis.seenTexts)`.
 */
export const recordTexts = (selector: string) => {
  const g = globalThis as unknown as {
    seenTexts: string[]
    document: { body: unknown; querySelector(s: string): { textContent: string | null } | null }
    MutationObserver: new (cb: () => void) => { observe(target: unknown, options: object): void }
  }
  const seen: string[] = []
  g.seenTexts = seen
  new g.MutationObserver(() => {
    const text = g.document.querySelector(selector)?.textContent
    if (text && seen[seen.length - 1] !== text) seen.push(text)
  }).observe(g.document.body, { subtree: true, childList: true, characterData: true })
}
