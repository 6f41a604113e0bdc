#pragma once
// summary.md: what an instructor reads after a run.
#include "grading/row_store.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace chainrule {

struct ReportHead;

/// What one row puts into summary.md (made from the row alone, so on any thread).
struct SummaryRow {
    /// A graded row's answer to one problem.
    struct Answer {
        std::string problem;
        bool correct = false;
        bool error = false;
        double score = 0;
        std::vector<std::string> diagnoses;
    };
    std::vector<Answer> answers; ///< a graded row's answers
    std::string ungraded;        ///< its line of the table of rows not graded
    std::string unchecked;       ///< its lines of the table of answers that could not be checked
};

/// What summary.md takes from a row.
SummaryRow summary_row(const nlohmann::ordered_json& row);

/// summary.md, gathered row by row in key order.
class Summary {
  public:
    explicit Summary(const nlohmann::ordered_json& problems);
    /// Adds a row's part.
    void add(const SummaryRow& row);
    /// summary.md; `rows` gives the scores of every row for the distribution.
    std::string markdown(const ReportHead& head, const RowStore& rows) const;

  private:
    struct ProblemTally {
        std::size_t correct = 0, answered = 0, errors = 0;
        double sum = 0;
        std::map<std::string, std::size_t> diagnoses;
    };
    std::map<std::string, ProblemTally> tallies_;
    std::string ungraded_, unchecked_;
};

} // namespace chainrule
