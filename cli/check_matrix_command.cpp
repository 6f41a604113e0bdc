#include "checker/matrix_check.hpp"
#include "checker/matrix_report.hpp"
#include "cli/check_matrix.hpp"
#include "cli/terminal.hpp"

#include <iostream>

namespace chainrule {

int run_matrix_check(const MatrixCheckOptions& options) {
    MatrixQuestionText question;
    question.shapes = options.shapes;
    question.constraints = options.constraints;
    question.lets = options.lets;
    question.function = options.function;
    question.wrt = options.wrt;
    question.expected = options.expected;
    MatrixExpectation expectation(question);
    std::string answer = options.answer;
    if (answer == "-") {
        answer = read_standard_input(1 << 20);
        while (!answer.empty() && (answer.back() == '\n' || answer.back() == '\r')) answer.pop_back();
    }
    MatrixVerdict verdict = check_matrix_text(expectation, answer);
    if (options.json)
        std::cout << matrix_verdict_to_json(verdict).dump(2) << "\n";
    else
        std::cout << matrix_verdict_to_text(verdict, use_colour(stdout));
    switch (verdict.verdict.outcome) {
    case Outcome::correct: return 0;
    case Outcome::incorrect: return 1;
    case Outcome::invalid: return 2;
    }
    return 2;
}

} // namespace chainrule
