import './packages.css'
import type { OfficeProfile } from '@shared/domain/office'
import { useChanges } from '../data/useQuery'
import { t } from '../i18n'
import { KeyPanel } from './KeyPanel'
import { ExportPanel, SentPanel } from './OfficePanels'
import { ReceivedPanel, ReceivePanel } from './ProvincePanels'
import { SummaryPanel } from './SummaryPanel'
import { TrustPanel } from './TrustPanel'

/** Sending packages (office mode) or receiving and consolidating them (province mode). */
export function PackagesPage({ office }: { office: OfficeProfile }) {
  // The lists reload when main says packages changed (an export, an import, a receipt, a trusted
  // office), whichever window did it (data/useQuery.ts).
  const reload = useChanges(['packages'])
  if (office.mode === 'province') {
    return (
      <section>
        <h1>{t('packages.title.province')}</h1>
        <ReceivePanel />
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
      <ExportPanel />
      <SentPanel reload={reload} />
      <TrustPanel mode="office" reload={reload} />
    </section>
  )
}
