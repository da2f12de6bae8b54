import type { Manifest, Problem } from '@shared/domain/packages'
import type { ServiceContext } from '../context'

/**
 * Each office numbers its packages 1, 2, 3 … and names the hash of the one before. The province
 * takes a package only if it comes right after the last one it has from that office (accepted or
 * rejected): an older or equal number is a replay; a broken chain means a package is missing on
 * the way (or another copy of the office's database is sending), and is explained, not guessed at.
 * The office's latest package a second time is not a problem: importing it again changes nothing.
 */
export async function sequenceProblem(ctx: ServiceContext, m: Manifest, manifestHash: string): Promise<Problem | null> {
  const same = await ctx.store.db
    .selectFrom('packages_received')
    .select(['status'])
    .where('manifest_hash', '=', manifestHash)
    .executeTakeFirst()
  if (same?.status === 'rejected')
    return { code: 'sequence.rejected-before', message: 'Gói này đã bị tỉnh từ chối trước đây; không nhập lại.' }
  // The office's current package again: importing it changes nothing. A superseded one is a replay (below).
  if (same?.status === 'accepted') return null
  const last = await ctx.store.db
    .selectFrom('packages_received')
    .select(['sequence', 'manifest_hash', 'received_at', 'period'])
    .where('office_code', '=', m.office.code)
    .orderBy('sequence', 'desc')
    .executeTakeFirst()
  if (!last) return null
  if (m.sequence <= last.sequence) {
    return {
      code: 'sequence.old',
      message:
        `Gói số ${m.sequence} của đơn vị ${m.office.code} cũ hơn (hoặc trùng số với) gói số ${last.sequence} mà tỉnh đã nhận ngày ` +
        `${last.received_at.slice(0, 10)}. Không nhập gói cũ hoặc gói gửi lại; hãy xuất gói mới từ đơn vị.`,
    }
  }
  if (m.previousPackageHash !== last.manifest_hash || m.sequence !== last.sequence + 1) {
    const missing =
      m.sequence - 1 > last.sequence ? `số ${last.sequence + 1}${m.sequence - 1 > last.sequence + 1 ? ` đến ${m.sequence - 1}` : ''}` : null
    return {
      code: 'sequence.gap',
      message:
        `Gói số ${m.sequence} không nối tiếp gói số ${last.sequence} mà tỉnh nhận gần nhất từ đơn vị ${m.office.code}` +
        (missing
          ? `: còn thiếu gói ${missing}. Hãy mang đến các gói còn thiếu (bản sao nằm trong thư mục "goi-da-gui" của đơn vị) rồi nhập lần lượt.`
          : ': có thể gói được tạo từ một bản sao khác của cơ sở dữ liệu đơn vị. Hãy liên hệ đơn vị.'),
    }
  }
  return null
}
