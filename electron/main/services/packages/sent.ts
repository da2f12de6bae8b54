import type { ReceivedPackage, SentPackage } from '@shared/domain/packages'
import type { ServiceContext } from '../context'

/** Office side: every package exported, newest first, with the province's answer. */
export async function listSent(ctx: ServiceContext): Promise<SentPackage[]> {
  const rows = await ctx.store.db.selectFrom('packages_sent').selectAll().orderBy('sequence', 'desc').execute()
  return rows.map((r) => ({
    packageId: r.id,
    period: r.period,
    sequence: r.sequence,
    manifestHash: r.manifest_hash,
    fileName: r.file_name,
    createdAt: r.created_at,
    status: r.status,
    comments: r.comments,
    receiptAt: r.receipt_at,
  }))
}

/** Province side: every package received, by office then newest first, superseded ones included. */
export async function listReceived(ctx: ServiceContext): Promise<ReceivedPackage[]> {
  const rows = await ctx.store.db.selectFrom('packages_received').selectAll().orderBy('office_code').orderBy('sequence', 'desc').execute()
  return rows.map((r) => ({
    packageId: r.id,
    officeCode: r.office_code,
    officeName: r.office_name,
    period: r.period,
    sequence: r.sequence,
    manifestHash: r.manifest_hash,
    receivedAt: r.received_at,
    status: r.status,
    supersededBy: r.superseded_by,
    counts: JSON.parse(r.counts_json) as Record<string, number>,
  }))
}
