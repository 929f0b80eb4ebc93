#pragma once
// The schema step that adds trials.stderr_tail (internal), the same in SQLite and
// PostgreSQL but for the name of the function that finds a text in another ({strpos}:
// SQLite's instr, PostgreSQL's strpos, both 1-based in characters, 0 when absent).

namespace ecopt::storage::detail {

/// Adds the column and moves the tails that older ecopt versions appended to a failed
/// trial's error out of it, once per database. They wrote the reason, then this marker
/// (the runner's old kStderrTailMarker: a newline, the words, a newline), then the tail;
/// only FAIL rows ever had one. Rows without the marker keep their error as it was. Tails
/// are made valid UTF-8 when read (SQLite kept whatever bytes a trial wrote).
inline constexpr const char* kAddStderrTailSql = R"sql(
ALTER TABLE trials ADD COLUMN stderr_tail TEXT NOT NULL DEFAULT '';
UPDATE trials SET
  stderr_tail = substr(error, {strpos}(error, '
--- last lines of stderr ---
') + length('
--- last lines of stderr ---
')),
  error = substr(error, 1, {strpos}(error, '
--- last lines of stderr ---
') - 1)
WHERE state = 'FAIL' AND {strpos}(error, '
--- last lines of stderr ---
') > 0;
)sql";

}  // namespace ecopt::storage::detail
