import { randomUUID } from 'node:crypto'
import { basename } from 'node:path'
import { ApiError } from '@shared/contract/errors'
import type { ImportResult } from '@shared/domain/household-import'
import type { ServiceContext } from '../../context'

/**
 * The renderer never names a path (design.md rule 9): a file chosen in main's dialog is kept here
 * under a random token, and the preview, the import and the error report refer to it by token.
 */
interface Picked {
  path: string
  fileName: string
  last: ImportResult | null
}
const sessions = new WeakMap<ServiceContext, Map<string, Picked>>()

function all(ctx: ServiceContext): Map<string, Picked> {
  let m = sessions.get(ctx)
  if (!m) sessions.set(ctx, (m = new Map()))
  return m
}

export function rememberFile(ctx: ServiceContext, path: string): { token: string; fileName: string } {
  const token = randomUUID()
  const fileName = basename(path)
  all(ctx).set(token, { path, fileName, last: null })
  return { token, fileName }
}

export function pickedFile(ctx: ServiceContext, token: string): Picked {
  const p = all(ctx).get(token)
  if (!p) throw new ApiError('NOT_FOUND', 'Tệp đã chọn không còn; hãy chọn lại tệp.', ['token'])
  return p
}
