#include "checker/question.hpp"
#include "checker/report.hpp"
#include "cli/commands.hpp"
#include "cli/terminal.hpp"
#include "expr/errors.hpp"

#include <iostream>
#include <memory>

namespace chainrule {

namespace {

struct CheckOptions {
    std::string function;
    std::string expected;
    std::string wrt;
    std::string vars;
    std::vector<std::string> lets;
    std::string answer;
    bool json = false;
};

constexpr std::size_t max_stdin_bytes = 1 << 20;

int run_check(const CheckOptions& options) {
    if (options.function.empty() == options.expected.empty())
        throw InputError("give exactly one of --function (with --wrt) or --expected");
    QuestionText question;
    question.function = options.function;
    question.expected = options.expected;
    question.wrt = split_names(options.wrt);
    question.variables = split_names(options.vars);
    question.lets = options.lets;
    Expectation expectation = build_expectation(question);

    std::string answer = options.answer == "-" ? read_standard_input(max_stdin_bytes)
                                               : options.answer;
    Verdict verdict = check_text(expectation, answer);
    if (options.json)
        std::cout << verdict_to_json(verdict).dump(2) << "\n";
    else
        std::cout << verdict_to_text(verdict, use_colour(stdout));
    switch (verdict.outcome) {
    case Outcome::correct: return 0;
    case Outcome::incorrect: return 1;
    case Outcome::invalid: return 2;
    }
    return 2;
}

} // namespace

CommandAction add_check_command(CLI::App& app) {
    auto options = std::make_shared<CheckOptions>();
    CLI::App* check = app.add_subcommand(
        "check", "Check one answer: against the derivative of a function, or an expression");
    check->add_option("-f,--function", options->function,
                      "Function to differentiate, e.g. \"3x^2 + 5x\" or \"softmax(z1, z2, z3)\"");
    check->add_option("--wrt", options->wrt,
                      "Variable(s) to differentiate against: x (a derivative), x,y,z (the "
                      "gradient, or the Jacobian of a vector function)");
    check->add_option("-e,--expected", options->expected,
                      "Compare with this expression instead of a derivative");
    check->add_option("--vars", options->vars,
                      "The question's variables, comma-separated (default: those of the "
                      "function); names not among them are reported in answers");
    check->add_option("--let", options->lets,
                      "A named value answers may use, NAME=EXPR (repeatable), e.g. "
                      "S1=exp(z1)/(exp(z1)+exp(z2))");
    check->add_option("-a,--answer", options->answer, "The answer to check; - reads standard input")
        ->required();
    check->add_flag("--json", options->json, "Print the verdict as JSON (schema in the README)");
    check->footer("Exit status: 0 correct, 1 incorrect, 2 invalid input or usage.");
    return [options] { return run_check(*options); };
}

} // namespace chainrule
