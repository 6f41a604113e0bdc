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
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace chainrule {

/// The format name in the first line of a journal.
inline constexpr const char* journal_format = "chainrule-grade-journal/1";

/// What a journal holds.
struct JournalContents {
    nlohmann::ordered_json header;
    /// The rows by key (the first one when a key repeats), with their answer times.
    std::map<std::string, nlohmann::ordered_json> rows;
    std::map<std::string, nlohmann::ordered_json> times;
    /// The length of the file up to the end of its last whole, readable line.
    std::size_t good_length = 0;
};

/// Reads a journal. Throws InputError when the file cannot be read or has no header.
JournalContents read_journal(const std::string& path);

/// An open journal, appended to.
class Journal {
  public:
    /// Starts a fresh journal at path (any old one is replaced), or with `resume` continues
    /// the one there: its header must equal `header` (an InputError otherwise); a broken last
    /// line is cut off. With `resume` and no journal yet, starts a fresh one.
    Journal(const std::string& path, const nlohmann::ordered_json& header, bool resume);
    ~Journal();
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;

    /// The rows already done (when resumed).
    const JournalContents& done() const { return done_; }

    /// Appends one finished row and its answer times, in one write.
    void append(const nlohmann::ordered_json& row, const nlohmann::ordered_json& times);

  private:
    int fd_ = -1;
    std::string path_;
    JournalContents done_;
};

} // namespace chainrule
