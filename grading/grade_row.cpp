#include "grading/grade_row.hpp"

#include "expr/errors.hpp"

#include <set>

namespace chainrule {

std::vector<std::string> problem_ids(const ProblemSet& set) {
    std::vector<std::string> ids;
    for (const auto& p : set.problems) ids.push_back(p.id);
    return ids;
}

std::vector<std::string> submission_notes(const Submission& submission, const ProblemSet& set) {
    std::vector<std::string> notes = submission.warnings;
    if (!submission.spec.empty() && !set.title.empty() && submission.spec != set.title)
        notes.push_back("the submission names the problem set '" + printable(submission.spec) +
                        "', graded against '" + printable(set.title) + "'");
    std::set<std::string> known;
    for (const auto& p : set.problems) known.insert(p.id);
    for (const auto& [id, answer] : submission.answers)
        if (!known.count(id))
            notes.push_back("unknown problem id '" + printable(id) + "' ignored");
    return notes;
}

ProblemResult grade_problem(const Problem& problem, const Submission& submission) {
    auto it = submission.answers.find(problem.id);
    if (it == submission.answers.end()) return missing_result(problem);
    return check_problem(problem, it->second);
}

nlohmann::ordered_json graded_row(const std::string& key, const Submission& submission,
                                  const std::vector<std::string>& notes,
                                  const std::vector<nlohmann::ordered_json>& problems) {
    double score = 0, max_score = 0;
    std::size_t errors = 0;
    for (const auto& p : problems) {
        score += p["score"].get<double>();
        max_score += p["max_score"].get<double>();
        errors += p["verdict"] == "error";
    }
    nlohmann::ordered_json row;
    row["key"] = key;
    row["student"] = submission.student;
    row["source"] = submission.path;
    row["status"] = "graded";
    row["message"] = errors == 0 ? std::string("graded")
                                 : "graded; " + std::to_string(errors) +
                                       (errors == 1 ? " answer" : " answers") +
                                       " could not be checked";
    row["notes"] = notes;
    row["score"] = round_score(score);
    row["max_score"] = round_score(max_score);
    row["problems"] = problems;
    return row;
}

nlohmann::ordered_json ungraded_row(const std::string& key, const std::string& student,
                                    const std::string& source, const std::string& status,
                                    const std::string& message,
                                    const std::vector<std::string>& notes, double max_score) {
    nlohmann::ordered_json row;
    row["key"] = key;
    row["student"] = student.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(student);
    row["source"] = source.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(source);
    row["status"] = status;
    row["message"] = message;
    row["notes"] = notes;
    row["score"] = 0.0;
    row["max_score"] = round_score(max_score);
    row["problems"] = nlohmann::ordered_json::array();
    return row;
}

nlohmann::ordered_json grade_submission(const ProblemSet& set, const Submission& submission) {
    std::vector<nlohmann::ordered_json> problems;
    for (const auto& problem : set.problems)
        problems.push_back(problem_result_to_json(grade_problem(problem, submission)));
    return graded_row(submission.student, submission, submission_notes(submission, set), problems);
}

} // namespace chainrule
