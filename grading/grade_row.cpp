#include "grading/grade_row.hpp"

#include "expr/errors.hpp"
#include "grading/reports.hpp"

#include <iterator>
#include <nlohmann/json.hpp>
#include <set>

namespace chainrule {

std::vector<std::string> problem_ids(const ProblemSet& set) {
    std::vector<std::string> ids;
    for (const auto& p : set.problems)
        ids.push_back(p.id);
    return ids;
}

std::vector<std::string> submission_notes(const Submission& submission, const ProblemSet& set) {
    // A row's notes are kept until the reports are written, for every student: a file of
    // 40,000 unknown keys gets the first few named and a count of the others, not 40,000
    // notes.
    std::vector<std::string> notes;
    for (std::size_t i = 0; i < submission.warnings.size() && i < max_notes_of_a_kind; ++i)
        notes.push_back(submission.warnings[i]);
    if (submission.warnings.size() > max_notes_of_a_kind)
        notes.push_back("... and " +
                        std::to_string(submission.warnings.size() - max_notes_of_a_kind) +
                        " more warnings");
    if (!submission.spec.empty() && !set.title.empty() && submission.spec != set.title)
        notes.push_back("the submission names the problem set '" + printable(submission.spec) +
                        "', graded against '" + printable(set.title) + "'");
    std::set<std::string> known;
    for (const auto& p : set.problems)
        known.insert(p.id);
    std::size_t unknown = 0;
    for (const auto& [id, answer] : submission.answers)
        if (!known.count(id) && ++unknown <= max_notes_of_a_kind)
            notes.push_back("unknown problem id '" + printable(id) + "' ignored");
    if (unknown > max_notes_of_a_kind)
        notes.push_back("... and " + std::to_string(unknown - max_notes_of_a_kind) +
                        " more unknown problem ids ignored");
    return notes;
}

void drop_unknown_answers(Submission& submission, const ProblemSet& set) {
    std::set<std::string> known;
    for (const auto& p : set.problems)
        known.insert(p.id);
    for (auto it = submission.answers.begin(); it != submission.answers.end();)
        it = known.count(it->first) ? std::next(it) : submission.answers.erase(it);
}

ProblemResult grade_problem(const Problem& problem, const Submission& submission) {
    auto it = submission.answers.find(problem.id);
    if (it == submission.answers.end()) return missing_result(problem);
    return check_problem(problem, it->second);
}

ProblemOutcome problem_outcome(const ProblemResult& result) {
    ProblemOutcome out;
    out.json = dump_json(problem_result_to_json(result));
    out.verdict = result.status;
    out.score = result.score;
    out.max_score = result.max_score;
    return out;
}

RowText graded_row_text(const std::string& key, const Submission& submission,
                        const std::vector<std::string>& notes,
                        const std::vector<ProblemOutcome>& problems) {
    using json = nlohmann::ordered_json;
    RowText out;
    out.facts.graded = true;
    double score = 0, max_score = 0;
    std::size_t errors = 0;
    std::size_t size = 0;
    for (const auto& p : problems) {
        score += p.score;
        max_score += p.max_score;
        errors += p.verdict == GradeStatus::error;
        count_verdict(out.facts, to_string(p.verdict));
        size += p.json.size() + 1;
    }
    out.facts.score = round_score(score);
    out.facts.max_score = round_score(max_score);
    std::string message = errors == 0 ? std::string("graded")
                                      : "graded; " + std::to_string(errors) +
                                            (errors == 1 ? " answer" : " answers") +
                                            " could not be checked";
    // The keys and their order are those of ungraded_row: the text is what dumping the row as
    // JSON would give.
    std::string& t = out.text;
    t.reserve(size + 256);
    t += "{\"key\":";
    t += dump_json(json(key));
    t += ",\"student\":";
    t += dump_json(json(submission.student));
    t += ",\"source\":";
    t += dump_json(json(submission.path));
    t += ",\"status\":\"graded\",\"message\":";
    t += dump_json(json(message));
    t += ",\"notes\":";
    t += dump_json(json(notes));
    t += ",\"score\":";
    t += dump_json(json(out.facts.score));
    t += ",\"max_score\":";
    t += dump_json(json(out.facts.max_score));
    t += ",\"problems\":[";
    for (std::size_t i = 0; i < problems.size(); ++i) {
        if (i > 0) t += ',';
        t += problems[i].json;
    }
    t += "]}";
    return out;
}

RowText row_text(const nlohmann::ordered_json& row) {
    return RowText{dump_json(row), row_facts(row)};
}

nlohmann::ordered_json ungraded_row(const std::string& key, const std::string& student,
                                    const std::string& source, const std::string& status,
                                    const std::string& message,
                                    const std::vector<std::string>& notes, double max_score) {
    nlohmann::ordered_json row;
    row["key"] = key;
    row["student"] =
        student.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(student);
    row["source"] =
        source.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(source);
    row["status"] = status;
    row["message"] = message;
    row["notes"] = notes;
    row["score"] = 0.0;
    row["max_score"] = round_score(max_score);
    row["problems"] = nlohmann::ordered_json::array();
    return row;
}

nlohmann::ordered_json grade_submission(const ProblemSet& set, const Submission& submission) {
    std::vector<ProblemOutcome> problems;
    for (const auto& problem : set.problems)
        problems.push_back(problem_outcome(grade_problem(problem, submission)));
    return nlohmann::ordered_json::parse(
        graded_row_text(submission.student, submission, submission_notes(submission, set), problems)
            .text);
}

} // namespace chainrule
