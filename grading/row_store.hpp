#pragma once
// The finished rows of a grading run, kept as the compact JSON text they are written to the
// journal in, not as JSON trees: a class of 10,000 students makes rows of tens of megabytes,
// which a tree multiplies several times over. A row of `grade` is not even kept in memory:
// the store remembers where its text is in the journal and reads it back, one row at a time,
// when the reports are written. What the reports need before they read the rows (the totals
// at the head of report.json and junit.xml) and --fail-under are kept beside, as RowFacts.
#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace chainrule {

/// What is known of a row without reading it again.
struct RowFacts {
    bool graded = false;      ///< status "graded"
    double score = 0;         ///< the row's "score"
    double max_score = 0;     ///< the row's "max_score"
    std::size_t tests = 0;    ///< junit.xml test cases: one per problem, one for an ungraded row
    std::size_t failures = 0; ///< junit.xml failures among them
    std::size_t errors = 0;   ///< junit.xml errors among them
    /// Status "error", or an answer whose check did not finish (verdict "error": a time or
    /// memory limit, a crash): what `grade --resume --regrade-errors` grades again.
    bool unfinished = false;
};

/// Counts one problem's verdict ("correct", "error", ...) into the junit.xml figures.
void count_verdict(RowFacts& facts, std::string_view verdict);

/// The facts of a row (grade_row.hpp).
RowFacts row_facts(const nlohmann::ordered_json& row);

/// The rows of a run by key.
class RowStore {
  public:
    /// `file` is what add_at's offsets point into (the journal); "" when every row is added
    /// as text.
    explicit RowStore(std::string file = {});

    /// A row whose compact JSON text is in the file, `length` bytes from `offset`; `times` is
    /// the JSON text of its answer times ({problem: ms}).
    void add_at(const std::string& key, std::uint64_t offset, std::uint64_t length,
                const RowFacts& facts, std::string times);
    /// A row given as its JSON text.
    void add_text(const std::string& key, std::string text, const RowFacts& facts,
                  std::string times);
    /// Replaces a row's answer times (JSON text).
    void set_times(const std::string& key, std::string times);

    bool contains(const std::string& key) const { return rows_.count(key) != 0; }
    std::size_t size() const { return rows_.size(); }

    /// Calls `visit` for each row in key order with its facts, its JSON text and the JSON
    /// text of its times ("" when there are none). Rows in the file are read one at a time.
    /// Throws InputError when the file cannot be read.
    void for_each(const std::function<void(const RowFacts& facts, const std::string& row,
                                           const std::string& times)>& visit) const;

    /// Calls `visit` for each row's facts, in key order, without reading any row.
    void for_each_facts(const std::function<void(const RowFacts& facts)>& visit) const;

  private:
    struct Entry {
        RowFacts facts;
        std::uint64_t offset = 0;
        std::uint64_t length = 0;
        bool in_file = false;
        std::string text; ///< when not in the file
        std::string times;
    };
    std::string file_;
    std::map<std::string, Entry> rows_;
};

/// Whether a row scores below fail_under percent (the exit status 1 of --fail-under).
bool any_below(const RowStore& rows, double fail_under);

} // namespace chainrule
