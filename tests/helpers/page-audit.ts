import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import { ARTIFACTS } from './app-in-chromium'

/**
 * The checks the accessibility test runs on each page and dialog, at the window's size: nothing makes
 * the page scroll sideways, every form control has a name, every action is reached with Tab and shows
 * where the focus is, every checkbox and radio sits beside its own label. Each returns the problems it
 * found, in words that name the element, so one failing run lists them all.
 *
 * The in-page parts are plain functions with no closure (they run in Chromium), typed loosely since
 * the tests are compiled without the DOM's types.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- the DOM in the page, untyped here */

const SCREENS = join(ARTIFACTS, 'screens')

/**
 * Runs every check on what is on screen now and saves `test-artifacts/screens/<name>.png`.
 * `keyboard: false` leaves out the Tab walk, for a page whose controls an earlier call walked already.
 */
export async function auditPage(page: Page, name: string, options: { keyboard?: boolean } = {}): Promise<string[]> {
  mkdirSync(SCREENS, { recursive: true })
  await page.evaluate(describeInPage)
  await page.evaluate(shownInPage)
  await page.screenshot({ path: join(SCREENS, `${name}.png`) })
  const problems = [
    ...(await page.evaluate(sidewaysScroll)),
    ...(await page.evaluate(crampedTables)),
    ...(await page.evaluate(unnamedControls)),
    ...(await page.evaluate(controlsApartFromLabels)),
    ...(await page.evaluate(labelsRunTogether)),
    ...(options.keyboard === false ? [] : await keyboardWalk(page)),
    ...(await axeViolations(page)),
  ]
  return problems.map((p) => `${name}: ${p}`)
}

/** The WCAG 2.1 A and AA rules axe-core checks; serious and critical violations fail (issue 17). */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/** axe-core's serious and critical violations on the page now, each with the elements it names. */
async function axeViolations(page: Page): Promise<string[]> {
  // Legacy mode runs axe in the page itself: the default opens a second page to finish the run,
  // which the app's window (one page, its CSP) does not allow.
  const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).setLegacyMode(true).analyze()
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `axe ${v.impact} ${v.id} (${v.help}): ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join('; ')}`,
    )
}

/** A short description of an element for a problem's message: tag, name or text. */
function describeInPage() {
  ;(globalThis as any).__describe = (el: any): string => {
    const name =
      el.getAttribute('aria-label') ??
      el.labels?.[0]?.textContent ??
      el.getAttribute('name') ??
      el.textContent ??
      el.getAttribute('title') ??
      ''
    const type = el.getAttribute('type') ? `[type=${el.getAttribute('type')}]` : ''
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.split(/\s+/).join('.')}` : ''
    return `<${el.tagName.toLowerCase()}${type}${cls}> "${String(name).replace(/\s+/g, ' ').trim().slice(0, 60)}"`
  }
}

/**
 * The page scrolls sideways: the document or the page's own scrolling area (the shell's <main>) or an
 * open dialog is wider than the window. A wide table scrolls inside its own frame instead. Names the
 * outermost elements that stick out, to say what to fix.
 */
function sidewaysScroll(): string[] {
  const doc = (globalThis as any).document
  const frames = [doc.scrollingElement, doc.querySelector('main'), ...doc.querySelectorAll('dialog[open]')].filter(Boolean)
  const out: string[] = []
  for (const frame of frames) {
    if (frame.scrollWidth <= frame.clientWidth + 1) continue
    const right = frame === doc.scrollingElement ? frame.clientWidth : frame.getBoundingClientRect().left + frame.clientWidth
    // The outermost elements past the frame's right edge (their children would only repeat them).
    const wide = [...frame.querySelectorAll('*')].filter(
      (el: any) => el.getBoundingClientRect().right > right + 1 && !(el.parentElement.getBoundingClientRect().right > right + 1),
    )
    const tag = frame === doc.scrollingElement ? 'the document' : `<${frame.tagName.toLowerCase()}>`
    out.push(
      `${tag} scrolls sideways (${frame.scrollWidth} px in ${frame.clientWidth}); past its edge: ${wide
        .slice(0, 3)
        .map((el: any) => `<${el.tagName.toLowerCase()} class="${el.className}">`)
        .join(', ')}`,
    )
  }
  return out
}

/**
 * A table whose columns run into each other: in any row, the text of one cell ends less than 8 px
 * before the next cell's begins (the review's progress table had its heads touching).
 */
function crampedTables(): string[] {
  const g = globalThis as any
  const doc = g.document
  const out: string[] = []
  const textBox = (cell: any) => {
    const range = doc.createRange()
    range.selectNodeContents(cell)
    const rects = [...range.getClientRects()].filter((r: any) => r.width > 0)
    return rects.length ? { left: Math.min(...rects.map((r: any) => r.left)), right: Math.max(...rects.map((r: any) => r.right)) } : null
  }
  for (const table of doc.querySelectorAll('table')) {
    if (!g.__shown(table)) continue
    const rows = [...table.rows].slice(0, 40)
    const bad = rows.find((row: any) => {
      const boxes: any[] = [...row.cells].map(textBox)
      return boxes.some((b, i) => {
        const before = boxes[i - 1]
        return i > 0 && b && before && b.left - before.right < 8 && b.left > before.left
      })
    })
    if (bad)
      out.push(
        `the table "${table.getAttribute('aria-label') ?? table.caption?.textContent ?? ''}" is cramped: in the row "${bad.textContent.slice(0, 60)}" two cells' texts are less than 8 px apart`,
      )
  }
  return out
}

/** Elements shown on screen and not shut out by an open modal dialog. */
function shownInPage() {
  ;(globalThis as any).__shown = (el: any): boolean => {
    const doc = el.ownerDocument
    const modal = doc.querySelector('dialog[open]:modal, [aria-modal="true"]')
    if (modal && !modal.contains(el)) return false
    // Inert, or hidden from assistive technology on purpose (the date picker's native input behind its button).
    if (el.closest('[inert], [aria-hidden="true"]')) return false
    // Inside a closed <details>, display:none or visibility:hidden: not on screen.
    return el.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true })
  }
}

/** Form controls and buttons without a name a screen reader can say (label, aria-label(ledby), title). */
function unnamedControls(): string[] {
  const g = globalThis as any
  if (!g.__shown) throw new Error('shownInPage first')
  const doc = g.document
  const out: string[] = []
  for (const el of doc.querySelectorAll('input:not([type=hidden]), select, textarea, button, [role=button], [role=tab]')) {
    if (!g.__shown(el)) continue
    const byIds = (el.getAttribute('aria-labelledby') ?? '')
      .split(/\s+/)
      .map((id: string) => doc.getElementById(id)?.textContent ?? '')
      .join('')
    const own = ['button', 'tab'].includes(el.getAttribute('role')) || el.tagName === 'BUTTON' ? el.textContent : ''
    const labels = [...(el.labels ?? [])].map((l: any) => l.textContent).join('')
    const name = [byIds, el.getAttribute('aria-label') ?? '', labels, own, el.getAttribute('title') ?? ''].join('').trim()
    if (!name) out.push(`${g.__describe(el)} has no label`)
  }
  return out
}

/**
 * Each checkbox and radio with a label sits on the same line as the label's text, just before it
 * (at most 16 px between them): a box far from its words, or above them, is a box nobody can match
 * to its label at a glance.
 */
function controlsApartFromLabels(): string[] {
  const g = globalThis as any
  const doc = g.document
  const out: string[] = []
  for (const el of doc.querySelectorAll('input[type=checkbox], input[type=radio]')) {
    if (!g.__shown(el)) continue
    const label = el.labels?.[0]
    if (!label) continue
    const range = doc.createRange()
    const walker = doc.createTreeWalker(label, 4 /* text nodes */)
    let first: any = null
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.textContent.trim() && !n.parentElement.closest('input, select, textarea, button')) {
        first = n
        break
      }
    }
    if (!first) continue
    range.selectNodeContents(first)
    const text = [...range.getClientRects()].find((r: any) => r.width > 0)
    if (!text) continue
    // The box Chromium draws (about 13 px) sits in the middle of the element, however wide it was made.
    const rect = el.getBoundingClientRect()
    const middle = (rect.top + rect.bottom) / 2
    const box = { top: middle - 6.5, bottom: middle + 6.5, right: (rect.left + rect.right) / 2 + 6.5 }
    const sameLine = middle > text.top && middle < text.bottom
    const gap = text.left - box.right
    if (!sameLine)
      out.push(
        `${g.__describe(el)} is not on the line of its label (box ${Math.round(box.top)}–${Math.round(box.bottom)} px, text ${Math.round(text.top)}–${Math.round(text.bottom)} px)`,
      )
    else if (gap < 0 || gap > 16) out.push(`${g.__describe(el)} is ${Math.round(gap)} px from its label's text (at most 16, box first)`)
  }
  return out
}

/**
 * Two labels of different fields run on as one line of text ("…bằng mật khẩuMật khẩu sao lưu…"):
 * the text of one ends where the next one's begins, on the same line, with less than 8 px between.
 */
function labelsRunTogether(): string[] {
  const g = globalThis as any
  const doc = g.document
  const out: string[] = []
  const textBox = (label: any) => {
    const range = doc.createRange()
    range.selectNodeContents(label)
    return [...range.getClientRects()].filter((r: any) => r.width > 0)
  }
  const labels = [...doc.querySelectorAll('label')].filter((l: any) => g.__shown(l) && l.textContent.trim())
  for (let i = 0; i + 1 < labels.length; i++) {
    const a = textBox(labels[i]).at(-1)
    const b = textBox(labels[i + 1])[0]
    if (!a || !b) continue
    const sameLine = Math.abs((a.top + a.bottom) / 2 - (b.top + b.bottom) / 2) < 4
    if (sameLine && b.left >= a.left && b.left - a.right < 8)
      out.push(`the labels ${g.__describe(labels[i])} and ${g.__describe(labels[i + 1])} run together on one line`)
  }
  return out
}

/**
 * Tabs through the page (or the open modal dialog) from the start: every action on screen (button,
 * link, field, tab, summary, anything with a tabindex) is reached, and each shows where the focus is
 * (an outline or a shadow); anything that looks clickable (a pointer cursor) is reachable too.
 */
async function keyboardWalk(page: Page): Promise<string[]> {
  await page.evaluate(() => {
    const doc = (globalThis as any).document
    for (const el of doc.querySelectorAll('[data-audit-reached]')) el.removeAttribute('data-audit-reached')
    doc.activeElement?.blur?.()
    // Start from the top of the page or the dialog: a focused, then blurred, sentinel moves the
    // sequential-navigation starting point there.
    const modal = doc.querySelector('dialog[open]:modal, [aria-modal="true"]')
    const start = doc.createElement('span')
    start.tabIndex = -1
    ;(modal ?? doc.body).prepend(start)
    start.focus()
    start.remove()
  })
  const problems: string[] = []
  const seen = new Set<string>()
  for (let press = 0; press < 600; press++) {
    await page.keyboard.press('Tab')
    const step = await page.evaluate(() => {
      const g = globalThis as any
      const el = g.document.activeElement
      if (!el || el === g.document.body) return null
      const modal = g.document.querySelector('dialog[open]:modal, [aria-modal="true"]')
      const outside = modal !== null && !modal.contains(el)
      const again = el.hasAttribute('data-audit-reached')
      el.setAttribute('data-audit-reached', '')
      const style = g.getComputedStyle(el)
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
      const shadow = style.boxShadow !== 'none'
      return { again, outside, visible: outline || shadow, what: g.__describe(el) as string }
    })
    if (!step) continue
    if (step.again) break
    if (step.outside) {
      problems.push(`Tab leaves the open dialog for ${step.what}, behind it`)
      break
    }
    if (!step.visible && !seen.has(step.what)) problems.push(`${step.what} shows no focus outline`)
    seen.add(step.what)
  }
  const missed = await page.evaluate(() => {
    const g = globalThis as any
    const doc = g.document
    const actions =
      'button, a[href], input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"]), [role=tab], [role=button]'
    const out: string[] = []
    for (const el of doc.querySelectorAll(`${actions}, *`)) {
      if (el.hasAttribute('data-audit-reached') || !g.__shown(el)) continue
      const isAction = el.matches(actions)
      if (isAction && (el.disabled || el.closest('fieldset:disabled'))) continue
      // A radio group is one Tab stop: reached when any radio of its name was.
      if (el.type === 'radio' && el.name && doc.querySelector(`input[type=radio][name="${el.name}"][data-audit-reached]`)) continue
      if (isAction) {
        out.push(`${g.__describe(el)} cannot be reached with Tab`)
        continue
      }
      // Looks clickable (its own pointer cursor, not its parent's, not a label's) but is no action.
      const cursor = g.getComputedStyle(el).cursor
      if (
        cursor === 'pointer' &&
        el.tagName !== 'LABEL' &&
        !el.closest('label') &&
        g.getComputedStyle(el.parentElement).cursor !== 'pointer' &&
        !el.closest(actions)
      )
        out.push(`${g.__describe(el)} looks clickable but cannot be reached with Tab`)
    }
    return out
  })
  return [...problems, ...missed]
}
