import { killSuite } from './harness/kill-suite'
import { KILL_SUBJECT_GROUPS } from './kill-subjects'

// The suite is split over four files of about the same length (kill-subjects.ts groups the subjects)
// so the two reliability workers share it evenly. This one: package export, plain and encrypted.
killSuite('kill -9 at random points during package export', KILL_SUBJECT_GROUPS.packageExport)
