#include "grading/matrix_answer.hpp"

#include "checker/matrix_compare.hpp"
#include "checker/matrix_mistakes.hpp"
#include "expr/errors.hpp"
#include "expr/work_budget.hpp"
#include "generator/matrix_problem.hpp"

#include <algorithm>

namespace chainrule {

namespace {

// The instructor's foreseen mistakes that the answer is, at every size.
std::vector<Diagnosis> authored(const Problem& problem, const MatrixExpectation& expectation,
                                const std::string& answer) {
    std::vector<Diagnosis> found;
    if (problem.mistakes.empty()) return found;
    try {
        TypedMatrix given = expectation.read(answer);
        for (const auto& mistake : problem.mistakes) {
            TypedMatrix foreseen = expectation.read(mistake.answer);
            if (foreseen.shape.scalar != given.shape.scalar ||
                foreseen.shape.rows != given.shape.rows || foreseen.shape.cols != given.shape.cols)
                continue;
            if (equal_at_every_size(
                    expectation,
                    [&](std::size_t k) -> std::optional<MatrixValue> {
                        return expectation.at_size(foreseen, k, false);
                    },
                    [&](std::size_t k) -> std::optional<MatrixValue> {
                        return expectation.at_size(given, k, false);
                    }))
                found.push_back({"authored", mistake.feedback});
        }
    } catch (const std::exception&) {
        // A diagnosis is a bonus: the verdict stands without it.
    }
    return found;
}

} // namespace

std::string matrix_answer_words(const Problem& problem) {
    std::string shape = problem.matrix->answer_shape(problem.function_name);
    if (shape == "1×1") return "a scalar";
    bool vector = shape.size() > 3 && shape.compare(shape.size() - 3, 3, "×1") == 0;
    return std::string("an ") + shape + (vector ? " vector" : " matrix");
}

ProblemResult check_matrix_problem(const Problem& problem, const SubmittedAnswer& submitted) {
    ProblemResult result;
    result.problem = problem.id;
    result.max_score = round_score(problem.points);
    if (!submitted.error.empty()) {
        result.status = GradeStatus::invalid;
        result.message = submitted.error;
        return result;
    }
    if (submitted.has_steps) {
        for (std::size_t i = 0; i < submitted.steps.size(); ++i)
            result.answer += (i ? "\n" : "") + printable(submitted.steps[i]);
        result.status = GradeStatus::invalid;
        result.message = "steps are accepted for a single derivative only: give this answer as "
                         "one expression of the matrix language, " +
                         matrix_answer_words(problem);
        return result;
    }
    result.answer = printable(submitted.answer);
    std::string text = submitted.answer;
    std::size_t first = text.find_first_not_of(" \t");
    if (first != std::string::npos && text[first] == '[') {
        // A YAML list (or list of lists) is a vector or matrix of entries: this question's
        // names have symbolic shapes, so its answer is one expression over them.
        result.status = GradeStatus::invalid;
        result.message = "this question asks for one expression of the matrix language over its "
                         "names (such as W^T x), " +
                         matrix_answer_words(problem) + " of symbolic shape, not a list of entries";
        return result;
    }
    MatrixExpectation expectation(problem.matrix->question(problem.function_name));
    MatrixVerdict verdict = check_matrix_text(expectation, text);
    result.status = grade_status_of(verdict.verdict.outcome);
    // Students read this: never the key, nor an entry of it.
    result.message = verdict.hidden_message;
    if (result.message.empty())
        result.message = result.status == GradeStatus::correct ? "correct" : "incorrect";
    if (result.status == GradeStatus::correct) {
        result.score = result.max_score;
        return result;
    }
    for (const auto& note : verdict.verdict.notes)
        result.message += "\n" + note;
    std::vector<Diagnosis> named;
    for (const auto& d : verdict.diagnosis)
        named.push_back({d.id, hidden_matrix_mistake_message(d)});
    std::vector<Diagnosis> own;
    if (result.status == GradeStatus::incorrect) own = authored(problem, expectation, text);
    if (!own.empty()) {
        // One voice per slip: the instructor's words replace the engine's.
        Diagnosis out = own.front();
        for (const auto& d : named)
            out.slips.push_back(d.id);
        result.diagnosis = {out};
    } else {
        result.diagnosis = named;
    }
    return result;
}

} // namespace chainrule
