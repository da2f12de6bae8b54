import type { HouseholdInputValue } from '@shared/domain/households'

export interface Issue {
  path: (string | number)[]
  message: string
}

/**
 * The rules the schema cannot see on its own: exactly one head, no birth date in the future, no
 * citizen ID twice in the same household. Uniqueness across the register is checked against the
 * database by the caller. Shared by the form's save and the import, so both say the same thing.
 */
export function checkHousehold(input: HouseholdInputValue, today: string): Issue[] {
  const issues: Issue[] = []
  const heads = input.members.filter((m) => m.relationship === 'head').length
  if (heads !== 1) {
    issues.push({
      path: ['members'],
      message: heads === 0 ? 'Hộ phải có đúng một chủ hộ (chưa chọn ai là chủ hộ).' : `Hộ phải có đúng một chủ hộ (đang có ${heads}).`,
    })
  }
  const seen = new Map<string, number>()
  input.members.forEach((m, i) => {
    if (m.birthDate.length === 4 ? m.birthDate > today.slice(0, 4) : m.birthDate > today) {
      issues.push({ path: ['members', i, 'birthDate'], message: 'Ngày sinh không được ở tương lai' })
    }
    if (m.citizenId) {
      const j = seen.get(m.citizenId)
      if (j !== undefined) issues.push({ path: ['members', i, 'citizenId'], message: `Số CCCD trùng với thành viên thứ ${j + 1} của hộ` })
      else seen.set(m.citizenId, i)
    }
  })
  return issues
}
