import type { PovertyCause, SpecialGroup } from './households'

/** Vietnamese names of the coded household fields, as reports and lists print them. */
export const SPECIAL_GROUP_LABELS: Record<SpecialGroup, string> = {
  ethnic_minority: 'Hộ dân tộc thiểu số',
  no_working_capacity: 'Hộ không có khả năng lao động',
  meritorious: 'Hộ có người có công với cách mạng',
  social_protection: 'Hộ thuộc diện bảo trợ xã hội khác',
}

export const POVERTY_CAUSE_LABELS: Record<PovertyCause, string> = {
  land: 'Thiếu đất sản xuất',
  capital: 'Thiếu vốn sản xuất, kinh doanh',
  labour: 'Thiếu lao động',
  tools: 'Thiếu phương tiện sản xuất',
  skills: 'Không biết cách làm ăn, thiếu kỹ năng lao động',
  illness: 'Có người ốm đau nặng, tai nạn',
  other: 'Nguyên nhân khác',
}
