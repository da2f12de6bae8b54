import { UsageError, type CliIO } from '../command'

export { withDb } from '../db'

/** Passphrases come from an environment variable named on the command line, never from argv itself. */
export function passphraseFrom(values: Record<string, unknown>, io: CliIO, option = 'passphrase-env'): string {
  // A key on a USB token: its PIN, named the same way (--pin-env) wherever a key passphrase is asked.
  if (option === 'passphrase-env' && values[option] === undefined && typeof values['pin-env'] === 'string') option = 'pin-env'
  const name = values[option]
  if (typeof name !== 'string' || !name)
    throw new UsageError(`Thiếu --${option} TÊN_BIẾN (mật khẩu lấy từ biến môi trường, không ghi trên dòng lệnh)`)
  const value = io.env[name]
  if (!value) throw new UsageError(`Biến môi trường ${name} chưa được đặt`)
  return value
}

/** The key passphrase or token PIN when one was named (--passphrase-env / --pin-env), else undefined. */
export function optionalSecret(values: Record<string, unknown>, io: CliIO): string | undefined {
  return values['passphrase-env'] === undefined && values['pin-env'] === undefined ? undefined : passphraseFrom(values, io)
}

export function one(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`Cần đúng một ${what}`)
  return positionals[0]!
}
