import { once } from 'node:events'
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

// A reader that stops early (`so-giam-ngheo check | head -1`) closes the pipe: from then on the
// output goes nowhere, quietly, as with `ls | head`, and the command still finishes (an import
// printing progress is not cut off mid-transaction) and exits with its own code. No EPIPE trace.
const closed = { stdout: false, stderr: false }
for (const name of ['stdout', 'stderr'] as const) {
  process[name].on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e
    closed[name] = true
  })
}

runCli(process.argv.slice(2), {
  out: (line) => void (closed.stdout || process.stdout.write(`${line}\n`)),
  // once() rejects on 'error' (a closed pipe): the listing then goes on into the void, as `out` does.
  drain: () =>
    process.stdout.writableNeedDrain && !closed.stdout
      ? once(process.stdout, 'drain').then(
          () => undefined,
          () => undefined,
        )
      : Promise.resolve(),
  err: (line) => void (closed.stderr || process.stderr.write(`${line}\n`)),
  env: process.env,
  stdin: readStdin,
}).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    if (!closed.stderr) process.stderr.write(`Lỗi không mong đợi: ${String(e)}\n`)
    process.exitCode = 1
  },
)
