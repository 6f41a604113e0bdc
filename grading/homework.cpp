#include "grading/homework.hpp"

#include "grading/matrix_answer.hpp"

#include "expr/errors.hpp"
#include "generator/diagnostic.hpp"
#include "generator/render.hpp"
#include "grading/grade_row.hpp"
#include "grading/result_text.hpp"

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace chainrule {

const Problem& find_problem(const ProblemSet& set, const std::string& id) {
    for (const auto& problem : set.problems)
        if (problem.id == id) return problem;
    std::vector<std::string> ids = problem_ids(set);
    std::string message = "no problem '" + printable(id) + "' in this problem set";
    std::string close = closest_name(id, ids);
    if (!close.empty()) message += ": did you mean " + close + "?";
    std::string list;
    for (const auto& known : ids)
        list += (list.empty() ? "" : ", ") + known;
    throw InputError(message + " (its problems: " + list + ")");
}

namespace {

// A YAML scalar written safely (quoted when it needs to be).
std::string yaml_scalar(const std::string& text) {
    YAML::Emitter out;
    out << YAML::DoubleQuoted << text;
    return out.c_str();
}

// Text made safe for a one-line YAML comment.
std::string comment_text(const std::string& text) {
    std::string out = printable(text);
    return out;
}

} // namespace

std::string blank_submission_for(const ProblemSet& set, const std::string& spec_path,
                                 const std::string& submission_path) {
    std::string out;
    out += "# " + comment_text(set.title) + ": the answers of " + comment_text(set.student) + ".\n";
    out +=
        "# Write each answer after its problem id, in the answer language. Put it in double\n"
        "# quotes when it holds \": \" or \" #\" or starts with one of [ { * & ! | > ' % @.\n"
        "# A vector is [a, b, c]; a matrix is [[a, b], [c, d]]. A derivation is a list of steps:\n"
        "#   chain-rule-1:\n"
        "#     steps:\n"
        "#       - d/dx((3x + 1)^2)\n"
        "#       - 2(3x + 1) * 3\n"
        "#       - 18x + 6\n"
        "# Check it before you hand it in (it is graded the same way):\n"
        "#   chainrule check --set ";
    // Appended piece by piece: GCC 12 gives a false -Warray-bounds inside std::string for
    // operator+ on these temporaries when <string> comes from a precompiled header.
    out += comment_text(spec_path);
    out += " --submission ";
    out += comment_text(submission_path);
    out += "\n";
    out += std::string("format: ") + submission_format + "\n";
    out += "student: " + yaml_scalar(set.student) + "\n";
    out += "spec: " + yaml_scalar(set.title) + "\n";
    out += "answers:\n";
    for (const auto& p : set.problems) {
        out += "  # " + std::to_string(p.number) + ". " + comment_text(p.prompt.plain) + "\n";
        std::string form = describe_shape(p.expected);
        std::vector<std::string> titles = entry_titles(p, Notation::plain);
        if (p.matrix) {
            form = matrix_answer_words(p) + ", one expression such as W^T x";
        } else if (!p.expected.is_scalar()) {
            std::string list;
            for (const auto& t : titles)
                list += (list.empty() ? "" : ", ") + t;
            form += ": [" + list + "]";
        }
        out += "  #    (" + form + ", " + format_points(p.points) +
               (p.points == 1 ? " point)" : " points)") + "\n";
        out += "  " + p.id + ":\n";
    }
    return out;
}

nlohmann::ordered_json check_submission_file(const ProblemSource& source, const std::string& path,
                                             const std::string& student) {
    Submission submission = load_submission(path);
    if (!submission.error.empty()) throw InputError(printable_lines(submission.error));
    if (!student.empty() && submission.student != student)
        throw InputError("the submission " + printable(path) + " is for the student '" +
                         printable(submission.student) + "', not '" + printable(student) + "'");
    ProblemSet set = source.sheet_for(submission.student);
    return grade_submission(set, submission);
}

std::string submission_row_to_text(const ProblemSet& set, const nlohmann::ordered_json& row,
                                   bool colour) {
    std::string out =
        "Student: " + printable(row["student"].get<std::string>()) + " · " + set.title + "\n";
    const auto& problems = row["problems"];
    for (std::size_t i = 0; i < set.problems.size() && i < problems.size(); ++i) {
        const Problem& p = set.problems[i];
        const auto& j = problems[i];
        // The row holds what the text needs; rebuilt here so that one renderer serves both.
        ProblemResult r;
        r.problem = p.id;
        std::string verdict = j["verdict"];
        r.status = verdict == "correct"     ? GradeStatus::correct
                   : verdict == "incorrect" ? GradeStatus::incorrect
                   : verdict == "invalid"   ? GradeStatus::invalid
                   : verdict == "missing"   ? GradeStatus::missing
                                            : GradeStatus::error;
        r.score = j["score"];
        r.max_score = j["max_score"];
        r.message = j["message"];
        if (j["answer"].is_string()) r.answer = j["answer"];
        auto outcome_of = [](const std::string& v) {
            return v == "correct"     ? Outcome::correct
                   : v == "incorrect" ? Outcome::incorrect
                                      : Outcome::invalid;
        };
        for (const auto& part : j["parts"]) {
            PartResult pr;
            pr.label = part["label"];
            pr.outcome = outcome_of(part["verdict"]);
            pr.message = part["message"];
            for (const auto& d : part["diagnosis"])
                pr.diagnosis.push_back({d["id"], d["message"]});
            r.parts.push_back(pr);
        }
        for (const auto& step : j["steps"]) {
            StepResult sr;
            sr.index = step["index"];
            sr.outcome = outcome_of(step["verdict"]);
            sr.text = step["text"];
            sr.message = step["message"];
            r.steps.push_back(sr);
        }
        for (const auto& d : j["diagnosis"])
            r.diagnosis.push_back({d["id"], d["message"]});
        if (j.contains("form") && j["form"].is_object()) {
            FormVerdict form;
            form.satisfied = j["form"].value("satisfied", true);
            form.reason = j["form"].value("reason", "");
            r.form = form; // the text needs whether it is satisfied; the message names the form
        }
        out += "\n" + std::to_string(p.number) + ". " + p.title + " [" + p.id + "]\n";
        out += problem_result_to_text(r, colour);
    }
    for (const auto& note : row["notes"])
        out += "note: " + note.get<std::string>() + "\n";
    out += "\ntotal: " + format_points(row["score"].get<double>()) + " / " +
           format_points(row["max_score"].get<double>()) + "\n";
    return out;
}

} // namespace chainrule
