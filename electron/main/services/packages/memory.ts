/**
 * Peak resident memory (the process's own resourceUsage().maxRSS) that exporting, verifying or
 * importing a package may reach, whatever the register's size: a PC with 4 GB must carry a
 * province's register. Tables stream row by row (snapshot.ts, snapshot-stage.ts) and are staged on
 * disk (staging.ts), so what is left is Node itself, SQLite's page caches and V8's garbage.
 * Measured in docs/packages.md; asserted by tests/integration/packages-memory.test.ts.
 */
export const PACKAGE_RSS_LIMIT_BYTES = 400 * 1024 * 1024

/** The register size the limit is stated at (the largest measured, docs/packages.md). */
export const PACKAGE_RSS_REFERENCE_HOUSEHOLDS = 300_000

/**
 * The part of PACKAGE_RSS_LIMIT_BYTES that does not grow with the register: Node and the bundle
 * (about 100 MB for an idle command), SQLite's page caches at their bounds (the import's 64 MB,
 * the staging file's 16 MB), zlib's windows and V8's working garbage. Measured: the import peaks
 * at about 290 MB for 10,000 households, 300 MB for 20,000 and 322 MB for 60,000 (290 MB at
 * 60,000 and 314 MB at 300,000 once the search index was rebuilt in SQL; V8's heap
 * growth varies with the machine's load; the margin is for that). A test on a register smaller than
 * the reference scales only the rest: n households may take
 * FIXED + (LIMIT - FIXED) * n / PACKAGE_RSS_REFERENCE_HOUSEHOLDS (packageRssLimitFor).
 */
export const PACKAGE_RSS_FIXED_BYTES = 340 * 1024 * 1024

/** The peak RSS allowed for a register of `households` (the limit itself at the reference size and above). */
export function packageRssLimitFor(households: number): number {
  const share = Math.min(1, households / PACKAGE_RSS_REFERENCE_HOUSEHOLDS)
  return PACKAGE_RSS_FIXED_BYTES + (PACKAGE_RSS_LIMIT_BYTES - PACKAGE_RSS_FIXED_BYTES) * share
}
