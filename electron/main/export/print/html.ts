import type { Block, DocTable, OfficialDocument } from '@shared/print/document'
import { formatCell, longViDate } from '@shared/print/format-cell'
import { escapeHtml as e } from './escape'
import { printFontFaces } from './fonts'

/**
 * Lays an official document out as one self-contained HTML page in the Decree 30/2020 layout: A4,
 * margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman (Tinos where it is
 * absent); agency top left, national title and motto top right, number and symbol, italic place
 * and date, bold capital title, tables whose header repeats on every page (Chromium repeats
 * <thead>), "Nơi nhận" bottom left and the signature block bottom right. Page numbers (from page 2)
 * are stamped afterwards on the PDF (see pdf-page-numbers.ts), because Chromium's header template
 * cannot skip page 1.
 */
export function documentHtml(doc: OfficialDocument): string {
  const landscape = doc.orientation === 'landscape'
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${e(doc.title)}</title>
<style>
${printFontFaces()}
@page { size: A4 ${landscape ? 'landscape' : 'portrait'}; margin: 20mm 15mm 20mm 30mm; }
html { -webkit-print-color-adjust: exact; }
body { font-family: 'Times New Roman', Tinos, 'Liberation Serif', serif; font-size: 13pt; line-height: 1.3; color: #000; margin: 0; }
.head { display: grid; grid-template-columns: 42% 58%; text-align: center; }
.head .agency .line { text-transform: uppercase; }
.head .agency .main { font-weight: bold; }
.rule { width: 35%; margin: 2px auto 6px; border-top: 1px solid #000; }
.nation { font-weight: bold; text-transform: uppercase; font-size: 12.5pt; }
.motto { font-weight: bold; font-size: 13pt; }
.motto span { border-bottom: 1px solid #000; padding-bottom: 1px; }
.number { margin-top: 4px; }
.dateline { font-style: italic; margin-top: 10px; }
h1 { font-size: 14pt; font-weight: bold; text-align: center; text-transform: uppercase; margin: 18px 0 2px; }
.subtitle { text-align: center; font-weight: bold; margin-bottom: 12px; }
p { margin: 6px 0; text-align: justify; text-indent: 1cm; }
p.center { text-align: center; text-indent: 0; }
p.left { text-align: left; text-indent: 0; }
h2 { font-size: 13pt; font-weight: bold; margin: 10px 0 4px; }
table.data { width: 100%; border-collapse: collapse; font-size: ${landscape ? '10.5pt' : '11pt'}; margin: 8px 0; }
table.data th, table.data td { border: 1px solid #000; padding: 2px 4px; vertical-align: middle; }
table.data th { font-weight: bold; text-align: center; }
table.data td.num { text-align: right; white-space: nowrap; }
table.data tr.bold td { font-weight: bold; }
table.data tr { page-break-inside: avoid; }
.foot { display: grid; grid-template-columns: 50% 50%; margin-top: 16px; page-break-inside: avoid; }
.recipients { font-size: 11pt; }
.recipients .label { font-weight: bold; font-style: italic; font-size: 12pt; }
.sign { text-align: center; }
.sign .authority, .sign .title { font-weight: bold; text-transform: uppercase; }
.sign .space { height: 70px; }
.sign .name { font-weight: bold; }
</style></head><body>
<div class="head">
  <div class="agency">${agencyLines(doc.agency)}<div class="rule"></div><div class="number">Số: ${e(doc.number || '      /')}</div></div>
  <div><div class="nation">Cộng hòa xã hội chủ nghĩa Việt Nam</div><div class="motto"><span>Độc lập - Tự do - Hạnh phúc</span></div>
  <div class="dateline">${e(doc.place)}, ${longViDate(doc.date)}</div></div>
</div>
<h1>${e(doc.title)}</h1>
${doc.subtitle ? `<div class="subtitle">${e(doc.subtitle)}</div>` : ''}
${doc.body.map(block).join('\n')}
<div class="foot">
  <div class="recipients"><div class="label">Nơi nhận:</div>${doc.recipients.map((r, i) => `<div>- ${e(r)}${i === doc.recipients.length - 1 ? '.' : ';'}</div>`).join('')}</div>
  <div class="sign"><div class="authority">${e(doc.signer.authority)}</div><div class="title">${e(doc.signer.title)}</div><div class="space"></div><div class="name">${e(doc.signer.name)}</div></div>
</div>
</body></html>`
}

function agencyLines(lines: string[]): string {
  return lines.map((l, i) => `<div class="line${i === lines.length - 1 ? ' main' : ''}">${e(l)}</div>`).join('')
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<h2>${e(b.text)}</h2>`
    case 'paragraph': {
      const cls = b.align === 'center' ? 'center' : b.align === 'left' ? 'left' : ''
      let text = e(b.text)
      if (b.bold) text = `<b>${text}</b>`
      if (b.italic) text = `<i>${text}</i>`
      return `<p class="${cls}">${text}</p>`
    }
    case 'table':
      return tableHtml(b.table)
  }
}

export function tableHtml(t: DocTable): string {
  const total = t.columns.reduce((s, c) => s + c.width, 0) || 1
  const cols = t.columns.map((c) => `<col style="width:${((c.width / total) * 100).toFixed(2)}%">`).join('')
  const head = t.header
    .map(
      (row) =>
        `<tr>${row.map((h) => `<th${h.colSpan && h.colSpan > 1 ? ` colspan="${h.colSpan}"` : ''}${h.rowSpan && h.rowSpan > 1 ? ` rowspan="${h.rowSpan}"` : ''}>${e(h.text)}</th>`).join('')}</tr>`,
    )
    .join('')
  const bold = new Set(t.boldRows ?? [])
  const body = t.rows
    .map((row, r) => {
      const cells = row.map((c, i) => {
        const spec = t.columns[i]
        const numeric = spec && spec.kind !== 'text' && spec.kind !== 'date'
        return `<td${numeric ? ' class="num"' : ''}>${e(formatCell(c, spec))}</td>`
      })
      return `<tr${bold.has(r) ? ' class="bold"' : ''}>${cells.join('')}</tr>`
    })
    .join('\n')
  return `<table class="data"><colgroup>${cols}</colgroup><thead>${head}</thead><tbody>${body}</tbody></table>`
}
