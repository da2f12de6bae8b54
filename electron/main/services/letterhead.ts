import { LetterheadSchema, type Letterhead, type OfficeProfile } from '@shared/domain/office'
import { localityOf } from '@shared/domain/office-levels'
import type { ServiceContext } from './context'
import { requireOffice } from './office'
import { readSetting, writeSetting } from './settings'

const KEY = 'office.letterhead'

/**
 * The place, agency lines and signature block every document starts from: what the admin saved in
 * Settings, else what the office profile gives (a commune office dates its documents from the
 * commune: "UBND xã Tân Thành" → "Tân Thành").
 */
export async function getLetterhead(ctx: ServiceContext): Promise<Letterhead> {
  const office = await requireOffice(ctx)
  return (await readSetting(ctx, KEY, LetterheadSchema)) ?? defaultLetterhead(office)
}

export async function saveLetterhead(ctx: ServiceContext, input: Letterhead): Promise<Letterhead> {
  await requireOffice(ctx)
  const value = LetterheadSchema.parse(input)
  await writeSetting(ctx, KEY, value)
  return value
}

export function defaultLetterhead(office: OfficeProfile): Letterhead {
  return {
    place: localityOf(office.name) ?? (office.provinceName || office.name),
    agency: [office.name],
    signer: { authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', name: '' },
  }
}
