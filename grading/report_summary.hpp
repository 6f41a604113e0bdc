#pragma once
// summary.md: what an instructor reads after a run, and goes over in class.
#include "grading/row_store.hpp"

#include <nlohmann/json_fwd.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace chainrule {

struct ReportHead;

/// What becomes of one answer in summary.md's counts.
enum class AnswerOutcome { correct, wrong_form, wrong, blank, unreadable, error };

/// What one row puts into summary.md (made from the row alone, so on any thread).
struct SummaryRow {
    /// A graded row's answer to one problem.
    struct Answer {
        std::string problem;
        AnswerOutcome outcome = AnswerOutcome::blank;
        double score = 0;
        /// A wrong answer's text as the student wrote it (a derivation's steps joined by
        /// " = "), runs of spaces made one, cut at 120 bytes: what wrong answers are grouped
        /// by.
        std::string text;
        /// A wrong answer's own diagnosis ids, each once.
        std::vector<std::string> diagnoses;
    };
    std::vector<Answer> answers; ///< a graded row's answers
    std::string ungraded;        ///< its line of the table of rows not graded
    std::string unchecked;       ///< its lines of the table of answers that could not be checked
    std::string student;         ///< the student it names ("" for none)
    /// When the row is an identity problem (is_identity_problem): its status, where (the
    /// source, else the key) and why; "" otherwise.
    std::string problem_status, problem_where, problem_message;
};

/// What summary.md takes from a row.
SummaryRow summary_row(const nlohmann::ordered_json& row);

/// summary.md, gathered row by row in key order.
class Summary {
  public:
    /// problems: the set's problems ({"id", "title", "topic", "points", ...}).
    explicit Summary(const nlohmann::ordered_json& problems);
    /// Adds a row's part.
    void add(const SummaryRow& row);
    /// summary.md; `rows` gives the scores of every row for the distribution.
    std::string markdown(const ReportHead& head, const RowStore& rows) const;
    /// The identity problems of the rows added, one line each ("conflict: <message>"), then
    /// one line per group of look-alike ids among the students the rows name.
    std::vector<std::string> identity_problems() const;

    /// How many answers of each outcome, their score, and the wrong answers' diagnoses.
    struct Tally {
        std::size_t counts[6] = {0, 0, 0, 0, 0, 0}; ///< by AnswerOutcome
        double score = 0;
        std::map<std::string, std::size_t> diagnoses;
        std::size_t count(AnswerOutcome o) const { return counts[static_cast<int>(o)]; }
        std::size_t graded() const;
        std::size_t answered() const; ///< all but blanks
        void add(const Tally& other);
    };
    /// A wrong answer given by `count` students, with their answers' diagnoses.
    struct WrongAnswer {
        std::size_t count = 0;
        std::map<std::string, std::size_t> diagnoses;
    };

  private:
    std::map<std::string, Tally> tallies_;
    std::map<std::string, std::map<std::string, WrongAnswer>> wrong_answers_;
    std::string ungraded_, unchecked_;
    struct Problem {
        std::string status, where, message;
    };
    std::vector<Problem> problems_;
    std::set<std::string> students_;
};

} // namespace chainrule
