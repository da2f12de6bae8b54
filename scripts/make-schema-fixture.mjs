// Builds tests/fixtures/schema-vN/office.sqlite: a database at schema version N (the first N
// migrations, run by Kysely's Migrator exactly as the app runs them) holding the rows of
// tests/fixtures/schema-vN/seed.sql. Run once when a release adds migration N, commit both files,
// and never rebuild an existing fixture: it stands for files that clerks already have.
//
//   node scripts/make-schema-fixture.mjs 2      (Node 24: imports the TypeScript migrations directly)
//
// The migration files may import packages and pure modules of shared/ (as `@shared/...`, which a
// resolve hook below maps the way the bundler does); nothing else.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { register } from 'node:module'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, SqliteDialect, sql } from 'kysely'
import { Migrator } from 'kysely/migration'

const version = Number(process.argv[2])
if (!Number.isInteger(version) || version < 1) {
  console.error('Cách dùng: node scripts/make-schema-fixture.mjs N')
  process.exit(2)
}
const root = resolve(import.meta.dirname, '..')
// `@shared/x` → shared/x.ts, and extensionless relative imports inside shared/ → .ts (Node's type
// stripping needs the file's own name; the bundler and Vitest add it themselves).
const shared = pathToFileURL(join(root, 'shared/')).href
register(
  `data:text/javascript,${encodeURIComponent(`
    export async function resolve(spec, context, next) {
      if (spec.startsWith('@shared/')) return next(${JSON.stringify(shared)} + spec.slice(8) + '.ts', context)
      if (/^\\.\\.?\\//.test(spec) && context.parentURL?.startsWith(${JSON.stringify(shared)}) && !/\\.[cm]?[jt]s$/.test(spec))
        return next(new URL(spec + '.ts', context.parentURL).href, context)
      return next(spec, context)
    }`)}`,
)
const migrationsDir = join(root, 'electron/main/store/migrations')
const files = readdirSync(migrationsDir)
  .filter((f) => /^\d{4}_.*\.ts$/.test(f))
  .sort()
  .slice(0, version)
if (files.length !== version) throw new Error(`only ${files.length} migrations exist`)

const dir = join(root, `tests/fixtures/schema-v${version}`)
const seed = join(dir, 'seed.sql')
if (!existsSync(seed)) throw new Error(`write ${seed} first: rows for every table of schema v${version}`)
const out = join(dir, 'office.sqlite')
rmSync(out, { force: true })

const migrations = {}
for (const [i, f] of files.entries()) {
  const m = await import(pathToFileURL(join(migrationsDir, f)).href)
  // The same wrapper as migrations/index.ts: each migration stamps user_version in its transaction.
  migrations[f.replace(/\.ts$/, '')] = {
    async up(db) {
      await m.up(db)
      await sql.raw(`PRAGMA user_version = ${i + 1}`).execute(db)
    },
  }
}
const sqlite = new SqliteDatabase(out)
const db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) })
const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest()
if (error) throw error
await db.destroy()

const raw = new SqliteDatabase(out)
raw.pragma('foreign_keys = ON')
raw.exec(readFileSync(seed, 'utf8'))
const empty = raw
  .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'")
  .all()
  .map((r) => r.name)
  .filter((t) => raw.prepare(`select count(*) as n from "${t}"`).get().n === 0)
if (empty.length) throw new Error(`seed.sql leaves tables empty: ${empty.join(', ')}`)
// One self-contained file (no WAL), as small as it can be.
raw.pragma('journal_mode = DELETE')
raw.exec('VACUUM')
raw.close()
console.log(`${out}: schema v${version}, ${files.join(', ')}`)
