import { execFileSync } from 'node:child_process'

/**
 * Reads an .xlsx back with openpyxl (Debian's python3-openpyxl), a reader nobody here wrote, and
 * returns what a spreadsheet program would see: values, merges, fonts, number formats, freeze
 * panes, print setup.
 */
export interface SheetDump {
  title: string
  maxRow: number
  maxColumn: number
  merged: string[]
  freeze: string | null
  printTitleRows: string | null
  orientation: string | null
  paperSize: number | null
  cells: Record<string, { v: unknown; bold: boolean; italic: boolean; fmt: string; border: boolean; font: string | null }>
}

const SCRIPT = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    cells = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is None: continue
            cells[c.coordinate] = {"v": c.value if isinstance(c.value, (int, float, str, bool)) else str(c.value),
              "bold": bool(c.font.b), "italic": bool(c.font.i), "fmt": c.number_format,
              "border": c.border.left.style is not None, "font": c.font.name}
    out.append({"title": ws.title, "maxRow": ws.max_row, "maxColumn": ws.max_column,
      "merged": [str(r) for r in ws.merged_cells.ranges], "freeze": ws.freeze_panes,
      "printTitleRows": ws.print_title_rows, "orientation": ws.page_setup.orientation,
      "paperSize": int(ws.page_setup.paperSize) if ws.page_setup.paperSize else None, "cells": cells})
print(json.dumps(out, ensure_ascii=False))
`

export function readXlsx(file: string): SheetDump[] {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', SCRIPT, file], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 }))
}

const VALUES_SCRIPT = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
ws = wb[sys.argv[2]] if len(sys.argv) > 2 else wb.worksheets[0]
print(json.dumps([[c if isinstance(c, (int, float, str, bool)) or c is None else str(c) for c in row]
  for row in ws.iter_rows(values_only=True)], ensure_ascii=False))
`

/** The cell values of one sheet (the first by default), row by row, as openpyxl reads them: quick enough for 100,000-row lists. */
export function readSheetValues(file: string, sheet?: string): unknown[][] {
  const args = ['-c', VALUES_SCRIPT, file, ...(sheet === undefined ? [] : [sheet])]
  return JSON.parse(execFileSync('/usr/bin/python3', args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 }))
}
