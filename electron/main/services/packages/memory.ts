/**
 * Peak resident memory (the process's own resourceUsage().maxRSS) that exporting, verifying or
 * importing a package may reach, whatever the register's size: a PC with 4 GB must carry a
 * province's register. Tables stream row by row (snapshot.ts, snapshot-stage.ts) and are staged on
 * disk (staging.ts), so what is left is Node itself, SQLite's page caches and V8's garbage.
 * Measured in docs/packages.md; asserted by tests/integration/packages-memory.test.ts.
 */
export const PACKAGE_RSS_LIMIT_BYTES = 400 * 1024 * 1024

/** The register size the limit is stated at (the largest measured: tests scale the part above an idle process to their size). */
export const PACKAGE_RSS_REFERENCE_HOUSEHOLDS = 300_000
