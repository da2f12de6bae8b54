import { RELATIONSHIPS, SCHOOLING, SEXES, WORKING } from '@shared/domain/households'
import { useRef, useState } from 'react'
import { Field } from '../components/Field'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { t } from '../i18n'
import { addMember, removeMember, type MemberDraft } from './form-model'

interface Props {
  members: MemberDraft[]
  errors: Record<string, string>
  onChange: (members: MemberDraft[]) => void
}

/** The household's members, one fieldset each, every input labelled and its message right under it. */
export function MembersEditor({ members, errors, onChange }: Props) {
  const set = (i: number, patch: Partial<MemberDraft>) => onChange(members.map((m, j) => (j === i ? { ...m, ...patch } : m)))
  // The member waiting for "Xóa thành viên" to be confirmed, by key (indices move when one goes).
  const [removing, setRemoving] = useState<string | null>(null)
  const removingAt = members.findIndex((m) => m.key === removing)
  const addRef = useRef<HTMLButtonElement>(null)
  const listRef = useRef<HTMLFieldSetElement>(null)
  return (
    <fieldset className="members" ref={listRef}>
      <legend>{t('households.form.members')}</legend>
      {errors.members ? (
        <div className="form-error" role="alert" data-error-for="members">
          {errors.members}
        </div>
      ) : null}
      {members.map((m, i) => {
        const err = (f: string) => errors[`members.${i}.${f}`]
        const n = i + 1
        const label = (key: Parameters<typeof t>[0]) => `${t(key)} (${t('households.form.member', { n })})`
        return (
          <fieldset key={m.key} className="member" data-member={m.key}>
            <legend>{t('households.form.member', { n })}</legend>
            <div className="member__grid">
              <Field label={label('households.form.fullName')} error={err('fullName')}>
                {(p) => <input {...p} value={m.fullName} onChange={(e) => set(i, { fullName: e.target.value })} />}
              </Field>
              <Field label={label('households.form.relationship')} error={err('relationship')}>
                {(p) => (
                  <select
                    {...p}
                    value={m.relationship}
                    onChange={(e) => set(i, { relationship: e.target.value as MemberDraft['relationship'] })}
                  >
                    <option value="">{t('households.form.choose')}</option>
                    {RELATIONSHIPS.map((r) => (
                      <option key={r} value={r}>
                        {t(`households.rel.${r}` as const)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={label('households.form.sex')} error={err('sex')}>
                {(p) => (
                  <select {...p} value={m.sex} onChange={(e) => set(i, { sex: e.target.value as MemberDraft['sex'] })}>
                    <option value="">{t('households.form.choose')}</option>
                    {SEXES.map((s) => (
                      <option key={s} value={s}>
                        {t(`households.sex.${s}` as const)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={label('households.form.birth')} error={err('birthDate')} hint={t('households.form.birthHint')}>
                {(p) => <input {...p} inputMode="numeric" value={m.birth} onChange={(e) => set(i, { birth: e.target.value })} />}
              </Field>
              <Field label={label('households.form.citizenId')} error={err('citizenId')}>
                {(p) => (
                  <input
                    {...p}
                    inputMode="numeric"
                    maxLength={12}
                    value={m.citizenId}
                    onChange={(e) => set(i, { citizenId: e.target.value })}
                  />
                )}
              </Field>
              <Field label={label('households.form.ethnicity')} error={err('ethnicity')}>
                {(p) => <input {...p} value={m.ethnicity} onChange={(e) => set(i, { ethnicity: e.target.value })} />}
              </Field>
              <Field label={label('households.form.schooling')} error={err('schooling')}>
                {(p) => (
                  <select {...p} value={m.schooling} onChange={(e) => set(i, { schooling: e.target.value as MemberDraft['schooling'] })}>
                    {SCHOOLING.map((s) => (
                      <option key={s} value={s}>
                        {t(`households.school.${s}` as const)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={label('households.form.working')} error={err('working')}>
                {(p) => (
                  <select {...p} value={m.working} onChange={(e) => set(i, { working: e.target.value as MemberDraft['working'] })}>
                    {WORKING.map((w) => (
                      <option key={w} value={w}>
                        {t(`households.work.${w}` as const)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <label className="radio">
                <input type="checkbox" checked={m.healthInsurance} onChange={(e) => set(i, { healthInsurance: e.target.checked })} />
                {label('households.form.healthInsurance')}
              </label>
            </div>
            {members.length > 1 ? (
              <button type="button" className="link" onClick={() => setRemoving(m.key)}>
                {t('households.form.removeMember', { n })}
              </button>
            ) : null}
          </fieldset>
        )
      })}
      <button
        ref={addRef}
        type="button"
        onClick={() => {
          const next = addMember(members)
          onChange(next)
          // The clerk goes on with the new member: the focus goes to their first field (the name).
          const key = next.at(-1)!.key
          requestAnimationFrame(() =>
            listRef.current?.querySelector<HTMLElement>(`[data-member="${key}"] input, [data-member="${key}"] select`)?.focus(),
          )
        }}
      >
        {t('households.form.addMember')}
      </button>
      {removingAt >= 0 ? (
        <ConfirmDialog
          title={t('households.form.removeMemberTitle', {
            n: removingAt + 1,
            name: members[removingAt]!.fullName.trim() || t('households.form.unnamedMember'),
          })}
          message={<p>{t('households.form.removeMemberWhat')}</p>}
          irreversible={t('households.form.removeMemberUndo')}
          confirmLabel={t('households.form.removeMember', { n: removingAt + 1 })}
          danger
          onConfirm={() => {
            setRemoving(null)
            onChange(removeMember(members, removingAt))
            // The removed member's button is gone with them: the focus goes to "Thêm thành viên", not to the page.
            requestAnimationFrame(() => addRef.current?.focus())
          }}
          onCancel={() => setRemoving(null)}
        />
      ) : null}
    </fieldset>
  )
}
