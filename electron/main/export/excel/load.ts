import type ExcelJS from 'exceljs'

/**
 * ExcelJS, loaded when a workbook is first read or written. Loading it takes about 300 ms — most
 * of a command line's start — and a command such as `info` or `package verify` never needs it.
 */
export async function loadExcelJS(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default
}
