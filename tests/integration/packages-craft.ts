import { createHash } from 'node:crypto'
import { gunzipSync, gzipSync } from 'node:zlib'
import type { Manifest } from '@shared/domain/packages'
import { buildPackage, type PackageFile } from '../../electron/main/export/package/build'
import { readZip } from '../../electron/main/export/package/zip-reader'
import type { SigningIdentity } from '../../electron/main/export/signing/cms'
import type { ServiceContext } from '../../electron/main/services/context'

/**
 * Opening a real package, changing its rows or its manifest, and signing it again with a key the
 * province trusts: what a trusted but hostile (or broken) office could send.
 */
export type Row = Record<string, string | number | null>
export interface CraftedTable {
  header: Record<string, unknown>
  columns: string[]
  rows: Row[]
}
export interface OpenedPackage {
  fields: Omit<Manifest, 'files'>
  tables: Map<string, CraftedTable>
  /** Reports and attachments, kept as they are (their PDF signatures stay the office's). */
  others: PackageFile[]
}

export function openPackage(zip: Buffer): OpenedPackage {
  const entries = readZip(zip)
  const { files, ...fields } = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as Manifest
  const tables = new Map<string, CraftedTable>()
  const others: PackageFile[] = []
  for (const f of files) {
    const bytes = entries.get(f.name)!
    if (f.kind !== 'snapshot') {
      others.push({ name: f.name, kind: f.kind, bytes })
      continue
    }
    const [head, ...lines] = gunzipSync(bytes).toString('utf8').split('\n').filter(Boolean)
    const header = JSON.parse(head!) as { table: string; columns: string[] }
    const rows = lines.map((l) => Object.fromEntries((JSON.parse(l) as Row[keyof Row][]).map((v, i) => [header.columns[i]!, v])))
    tables.set(header.table, { header, columns: header.columns, rows })
  }
  return { fields, tables, others }
}

/** Writes the tables back (counts follow the rows) and signs the manifest with `id`. */
export function sealPackage(p: OpenedPackage, id: SigningIdentity): Buffer {
  const files: PackageFile[] = []
  const counts: Record<string, number> = {}
  for (const [table, t] of p.tables) {
    const lines = [JSON.stringify(t.header), ...t.rows.map((r) => JSON.stringify(t.columns.map((c) => r[c] ?? null)))]
    files.push({ name: `du-lieu/${table}.jsonl.gz`, kind: 'snapshot', bytes: gzipSync(`${lines.join('\n')}\n`) })
    counts[table] = t.rows.length
  }
  return buildPackage({ ...p.fields, counts }, [...files, ...p.others], id).zip
}

/** A real package with one change, signed again by `id`. */
export function craft(zip: Buffer, id: SigningIdentity, change: (p: OpenedPackage) => void): Buffer {
  const p = openPackage(zip)
  change(p)
  return sealPackage(p, id)
}

export function table(p: OpenedPackage, name: string): CraftedTable {
  const t = p.tables.get(name)
  if (!t) throw new Error(`no table ${name} in the package`)
  return t
}

/** Every table of a database: its row count and one hash over all its rows, to prove nothing was written. */
export function databaseDigest(ctx: ServiceContext): Record<string, string> {
  const sqlite = ctx.store.sqlite
  const tables = sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .pluck()
    .all() as string[]
  return Object.fromEntries(
    tables.map((t) => {
      // Sorted here rather than by rowid: some tables are WITHOUT ROWID.
      const rows = (sqlite.prepare(`select * from "${t}"`).raw().all() as unknown[]).map((r) => JSON.stringify(r)).sort()
      return [t, `${rows.length} ${createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 16)}`]
    }),
  )
}
