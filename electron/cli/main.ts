import { usePrivateTempFolder } from '../main/services/files/private-temp'
import { cliDbPath, runCli } from './run'

// Entry point of the `so-giam-ngheo` command: plain Node, no Electron.
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

// Ctrl-C (or a kill) ends through process.exit, so 'exit' handlers run (a temporary copy of an .xls
// is removed); an unfinished write is simply not committed, SQLite's journal keeps the file whole.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130))

// Temporary files of the libraries (ExcelJS's worksheet copies, Chromium's profile) go to the private
// folder next to the database, not the system temp folder, where a killed command would leave them.
const named = cliDbPath(process.argv.slice(2), process.env)
if (named && named.args.length > 0 && !['--help', 'help'].includes(named.args[0]!)) usePrivateTempFolder(named.dbPath)

runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  stdin: readStdin,
}).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    process.stderr.write(`Lỗi không mong đợi: ${String(e)}\n`)
    process.exitCode = 1
  },
)
