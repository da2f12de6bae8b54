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
