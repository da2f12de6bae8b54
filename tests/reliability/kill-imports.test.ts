import { killSuite } from './harness/kill-suite'
import { KILL_SUBJECT_GROUPS } from './kill-subjects'

// Household import from an .xlsx (see kill.test.ts for why the suite has four files).
killSuite('kill -9 at random points during household import', KILL_SUBJECT_GROUPS.householdsImport)
