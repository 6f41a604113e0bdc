#include "checker/matrix_check.hpp"
#include "checker/matrix_report.hpp"
#include "cli/check_matrix.hpp"
#include "cli/terminal.hpp"

#include <iostream>
#include <nlohmann/json.hpp>

namespace chainrule {

CommandResult run_matrix_check(const MatrixCheckOptions& options) {
    MatrixExpectation expectation(options.question);
    std::string answer = options.answer;
    if (answer == "-") {
        answer = read_standard_input(1 << 20);
        while (!answer.empty() && (answer.back() == '\n' || answer.back() == '\r'))
            answer.pop_back();
    }
    MatrixVerdict verdict = check_matrix_text(expectation, answer);
    if (options.json)
        std::cout << matrix_verdict_to_json(verdict).dump(2, ' ', false,
                                                          nlohmann::json::error_handler_t::replace)
                  << "\n";
    else
        std::cout << matrix_verdict_to_text(verdict, use_colour(stdout));
    switch (verdict.verdict.outcome) {
    case Outcome::correct:
        return CommandResult::success;
    case Outcome::incorrect:
        return CommandResult::rejected;
    case Outcome::invalid:
        return CommandResult::invalid;
    }
    return CommandResult::invalid;
}

} // namespace chainrule
