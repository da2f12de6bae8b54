import { useEffect, useState } from 'react'
import type { OfficeProfile } from '@shared/domain/office'
import type { StandardSummary } from '@shared/standards/schema'
import { call } from '../api'
import { t } from '../i18n'

export function OverviewPage({ office }: { office: OfficeProfile }) {
  const [units, setUnits] = useState<number | null>(null)
  const [standard, setStandard] = useState<StandardSummary | null>(null)
  useEffect(() => {
    void call('units.list', {}).then((u) => setUnits(u.length))
    void call('standards.list', {}).then((list) => setStandard(list.find((s) => s.id === office.standardId) ?? null))
  }, [office.standardId])
  return (
    <section>
      <h1>{t('overview.title')}</h1>
      {units === null ? <p>{t('common.loading')}</p> : <p>{t('overview.welcome', { name: office.name, units, households: 0 })}</p>}
      {standard ? <p>{t('overview.standard', { name: standard.name })}</p> : null}
    </section>
  )
}
