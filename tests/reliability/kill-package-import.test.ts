import { killSuite } from './harness/kill-suite'
import { KILL_SUBJECT_GROUPS } from './kill-subjects'

// Package import at the province, and household import of an .xls through its converted copy
// (see kill.test.ts for why the suite has four files).
killSuite('kill -9 at random points during package import and .xls import', KILL_SUBJECT_GROUPS.packageImportAndXls)
