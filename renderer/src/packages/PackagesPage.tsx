import './packages.css'
import { useState } from 'react'
import type { OfficeProfile } from '@shared/domain/office'
import { t } from '../i18n'
import { KeyPanel } from './KeyPanel'
import { ExportPanel, SentPanel } from './OfficePanels'
import { ReceivedPanel, ReceivePanel } from './ProvincePanels'
import { SummaryPanel } from './SummaryPanel'
import { TrustPanel } from './TrustPanel'

/** Sending packages (office mode) or receiving and consolidating them (province mode). */
export function PackagesPage({ office }: { office: OfficeProfile }) {
  const [reload, setReload] = useState(0)
  const changed = () => setReload((n) => n + 1)
  if (office.mode === 'province') {
    return (
      <section>
        <h1>{t('packages.title.province')}</h1>
        <ReceivePanel onChanged={changed} />
        <SummaryPanel reload={reload} />
        <ReceivedPanel reload={reload} />
        <TrustPanel mode="province" reload={reload} />
        <KeyPanel />
      </section>
    )
  }
  return (
    <section>
      <h1>{t('packages.title.office')}</h1>
      <KeyPanel />
      <ExportPanel onExported={changed} />
      <SentPanel reload={reload} />
      <TrustPanel mode="office" reload={reload} />
    </section>
  )
}
