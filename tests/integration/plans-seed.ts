import { expect } from 'vitest'
import type { ChannelInput, ChannelName, ChannelOutput } from '@shared/contract'
import type { Router } from '../../electron/main/ipc'

export const OFFICE = {
  code: '37000',
  name: 'UBND tỉnh Ninh Bình',
  provinceCode: '37',
  provinceName: 'Ninh Bình',
  mode: 'office' as const,
  standardId: 'mdp-2022-2025',
}

export const UNITS = [{ kind: 'commune' as const, code: '14563', name: 'Xã Tân Thành', parentIndex: null }]
export const ADMIN = { username: 'quantri', displayName: 'Quản trị viên', password: 'mat-khau-thu-nghiem' }

/** Calls a channel through the real router and fails the test with main's message when it errs. */
export async function ok<K extends ChannelName>(api: Router, channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
  const r = await api.invoke(channel, input)
  if (!r.ok) expect.fail(`${channel}: ${r.error.message}`)
  return r.data as ChannelOutput<K>
}

/** The office, four agencies and plan 200/KH-UBND of 06/12/2021 (2022–2025 extended to 2026). */
export async function seedPlan(api: Router) {
  // Setting up the office creates the first admin and signs this router in as that admin.
  await ok(api, 'office.setup', { office: OFFICE, units: UNITS, admin: ADMIN })
  const names = ['Sở Y tế', 'Sở Tài chính', 'Sở Xây dựng', 'Ngân hàng Chính sách xã hội tỉnh']
  const agencies: Record<string, string> = {}
  for (const name of names) agencies[name] = (await ok(api, 'agencies.create', { name, kind: 'department' })).id
  const plan = await ok(api, 'plans.create', {
    number: '200/KH-UBND',
    issuedOn: '2021-12-06',
    issuer: 'UBND tỉnh Ninh Bình',
    title: 'Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021–2025',
    periodFrom: 2021,
    periodTo: 2026,
    implements: 'Quyết định số 90/QĐ-TTg ngày 18/01/2022',
    targets: 'Giảm tỷ lệ hộ nghèo đa chiều bình quân 1%/năm',
    originalLocation: 'Tủ hồ sơ số 2, ngăn 3',
  })
  return { agencies, plan }
}
