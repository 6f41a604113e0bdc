#pragma once
// The journal: results on disk as they come, so that a run killed at any moment (kill -9
// included) can be resumed without grading again what is done, and without losing or
// doubling a row.
//
// <out>/journal.jsonl: one JSON object per line. The first line is the header
// {"journal": "chainrule-grade-journal/1", "header": {...}}: the run's metadata, options and
// shard; a resumed run must have the same. Each further line is one finished row:
// {"row": {...}, "times": {"<problem id>": milliseconds, ...}}. Lines are written whole with
// one write() each; a last line cut short by a kill is dropped on resume (and cut from the
// file) and its row graded again.
//
// The rows are not kept in memory once written: the journal is where the reports read them
// back from (row_store.hpp), so a row's place in the file is remembered.
#include "grading/row_store.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace chainrule {

/// The format name in the first line of a journal.
inline constexpr const char* journal_format = "chainrule-grade-journal/1";

/// A row of a journal: where its JSON text is, and what the reports need of it.
struct JournalRow {
    std::uint64_t offset = 0; ///< of the row's JSON text in the file
    std::uint64_t length = 0;
    /// The row's JSON text when it cannot be read from the file as it is (a line not laid out
    /// as this program writes it); "" otherwise.
    std::string text;
    RowFacts facts;
    std::string times; ///< the JSON text of its answer times
};

/// What a journal holds.
struct JournalContents {
    nlohmann::ordered_json header;
    /// The rows by key. A key repeats when a row was graded again (--regrade-errors): the last
    /// line is the row.
    std::map<std::string, JournalRow> rows;
    /// The length of the file up to the end of its last whole, readable line.
    std::uint64_t good_length = 0;
};

/// Reads a journal, one line at a time. Throws InputError when the file cannot be read or
/// has no header.
JournalContents read_journal(const std::string& path);

/// An open journal, appended to.
class Journal {
  public:
    /// Starts a fresh journal at path (any old one is replaced), or with `resume` continues
    /// the one there: its header must equal `header` (an InputError otherwise) but for the
    /// time and memory limits (meta.options.time_limit_s and memory_limit_mb), which only a
    /// check that did not finish depends on; a broken last line is cut off. With `resume` and
    /// no journal yet, starts a fresh one.
    Journal(const std::string& path, const nlohmann::ordered_json& header, bool resume);
    ~Journal();
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;

    /// The rows already done (when resumed).
    const JournalContents& done() const { return done_; }
    const std::string& path() const { return path_; }

    /// Appends one finished row (its compact JSON text) and its answer times (a JSON object's
    /// text), in one write. Returns the offset of the row's text in the file. Throws
    /// InputError (a full disk), leaving only whole lines in the file.
    std::uint64_t append(std::string_view row, std::string_view times);

  private:
    int fd_ = -1;
    std::string path_;
    JournalContents done_;
};

} // namespace chainrule
