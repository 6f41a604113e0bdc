#include "checker/question.hpp"
#include "checker/report.hpp"
#include "checker/steps.hpp"
#include "cli/commands.hpp"
#include "cli/limits.hpp"
#include "cli/terminal.hpp"
#include "expr/errors.hpp"
#include "expr/functions.hpp"
#include "generator/solution.hpp"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace chainrule {

namespace {

struct CheckOptions {
    std::string function;
    std::string expected;
    std::string wrt;
    std::string vars;
    std::vector<std::string> lets;
    std::string answer;
    std::string steps;
    bool hint = false;
    bool json = false;
    double time_limit = 10;
    std::size_t memory_limit = 2048;
    CLI::Option* answer_option = nullptr;
};

constexpr std::size_t max_input_bytes = 1 << 20;

std::string read_text(const std::string& path) {
    if (path == "-") return read_standard_input(max_input_bytes);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError("cannot read the steps file '" + printable(path) + "'");
    std::string text;
    char buffer[4096];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > max_input_bytes)
            throw InputError("the steps file '" + printable(path) + "' is over " +
                             std::to_string(max_input_bytes) + " bytes");
    }
    return text;
}

int exit_status(Outcome outcome) {
    switch (outcome) {
    case Outcome::correct: return 0;
    case Outcome::incorrect: return 1;
    case Outcome::invalid: return 2;
    }
    return 2;
}

// The scalar function and variable a derivation or a hint is about.
struct ScalarQuestion {
    GiNaC::ex function;
    std::string variable;
};

ScalarQuestion scalar_question(const Expectation& expectation, const char* what) {
    if (expectation.wrt.size() != 1 || !expectation.function.is_scalar())
        throw InputError(std::string(what) +
                         " needs --function of one expression and a single --wrt variable");
    return {expectation.function.scalar(), expectation.wrt.front()};
}

// The next line of the worked solution after the point the student reached: the first line
// with fewer unevaluated derivatives than the student's last right step. The last line (the
// answer itself) is never shown: only the rule that leads to it.
std::string next_hint(const WorkedSolution& solution, const std::optional<GiNaC::ex>& reached) {
    auto count_derivatives = [](const GiNaC::ex& e) {
        std::size_t count = 0;
        std::function<void(const GiNaC::ex&)> walk = [&](const GiNaC::ex& node) {
            if (is_ex_the_function(node, deriv)) ++count;
            for (std::size_t i = 0; i < node.nops(); ++i) walk(node.op(i));
        };
        walk(e);
        return count;
    };
    const auto& steps = solution.steps;
    auto describe = [&](std::size_t i) {
        if (i + 1 == steps.size())
            return "next: apply the " + steps[i].rule + " to finish (the result is not shown)";
        std::vector<std::string> lines = render_solution(solution, Notation::unicode);
        return "next: " + (i < lines.size() ? lines[i] : print(steps[i].expression, Notation::unicode));
    };
    if (!reached) return steps.size() > 1 ? describe(1) : "nothing to work out";
    // Where the student stands: the solution line written the same way, or else the first
    // line with fewer derivatives left to work out.
    for (std::size_t i = 0; i + 1 < steps.size(); ++i)
        if (steps[i].expression.is_equal(*reached)) return describe(i + 1);
    std::size_t reached_count = count_derivatives(*reached);
    for (std::size_t i = 1; i < steps.size(); ++i)
        if (count_derivatives(steps[i].expression) < reached_count) return describe(i);
    return "you have reached the end of the worked solution";
}

int run_steps(const CheckOptions& options, const Expectation& expectation) {
    ScalarQuestion question = scalar_question(expectation, "--steps");
    std::vector<std::string> steps = split_steps(read_text(options.steps));
    DerivationVerdict derivation =
        check_derivation(expectation, question.function, question.variable, steps);
    std::optional<GiNaC::ex> reached;
    if (options.hint) {
        ParseOptions parse_options;
        parse_options.open = false;
        parse_options.variables = expectation.variables;
        parse_options.lets = expectation.lets;
        for (std::size_t i = 0; i < derivation.steps.size(); ++i) {
            if (derivation.steps[i].outcome != Outcome::correct) break;
            reached = parse_scalar(steps[i], parse_options);
        }
    }
    std::string hint;
    if (options.hint)
        hint = next_hint(solve_derivative(question.function, question.variable,
                                          expectation.variables),
                         reached);
    if (options.json) {
        nlohmann::ordered_json out = verdict_to_json(derivation.final_verdict);
        out["verdict"] = to_string(derivation.outcome);
        out["message"] = derivation.message;
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const auto& step : derivation.steps) {
            nlohmann::ordered_json diagnosis = nlohmann::ordered_json::array();
            for (const auto& d : step.diagnosis)
                diagnosis.push_back({{"id", d.id}, {"message", d.message}});
            list.push_back({{"index", step.index},
                            {"verdict", to_string(step.outcome)},
                            {"message", step.message},
                            {"diagnosis", diagnosis}});
        }
        out["steps"] = list;
        out["first_wrong_step"] = derivation.first_wrong_step
                                      ? nlohmann::ordered_json(*derivation.first_wrong_step)
                                      : nlohmann::ordered_json(nullptr);
        out["unfinished"] = derivation.unfinished;
        if (options.hint) out["hint"] = hint;
        std::cout << out.dump(2) << "\n";
    } else {
        bool on = use_colour(stdout);
        for (const auto& step : derivation.steps) {
            bool ok = step.outcome == Outcome::correct;
            std::cout << colour(ok ? "✓" : "✗", ok ? "32" : "31", on) << " " << step.index << ". "
                      << step.text << "\n";
            if (!ok) std::cout << "     " << printable_lines(step.message) << "\n";
        }
        std::cout << derivation.message << "\n";
        if (options.hint) std::cout << "hint: " << hint << "\n";
    }
    return exit_status(derivation.outcome);
}

int run_check(const CheckOptions& options) {
    limit_process(options.time_limit, options.memory_limit);
    if (options.function.empty() == options.expected.empty())
        throw InputError("give exactly one of --function (with --wrt) or --expected");
    bool has_answer = options.answer_option->count() > 0;
    if (has_answer == !options.steps.empty() || (!has_answer && options.steps.empty() && !options.hint))
        if (!(options.hint && !has_answer && options.steps.empty()))
            throw InputError("give exactly one of --answer or --steps");
    QuestionText question;
    question.function = options.function;
    question.expected = options.expected;
    question.wrt = split_names(options.wrt);
    question.variables = split_names(options.vars);
    question.lets = options.lets;
    Expectation expectation = build_expectation(question);
    if (!options.steps.empty()) return run_steps(options, expectation);

    if (!has_answer) { // --hint alone: the first step of the worked solution
        ScalarQuestion scalar = scalar_question(expectation, "--hint");
        std::cout << "hint: "
                  << next_hint(solve_derivative(scalar.function, scalar.variable,
                                                expectation.variables),
                               std::nullopt)
                  << "\n";
        return 0;
    }
    std::string answer = options.answer == "-" ? read_standard_input(max_input_bytes)
                                               : options.answer;
    Verdict verdict = check_text(expectation, answer);
    std::string hint;
    if (options.hint && verdict.outcome != Outcome::correct) {
        ScalarQuestion scalar = scalar_question(expectation, "--hint");
        hint = next_hint(solve_derivative(scalar.function, scalar.variable, expectation.variables),
                         std::nullopt);
    }
    if (options.json) {
        nlohmann::ordered_json out = verdict_to_json(verdict);
        if (options.hint) out["hint"] = hint;
        std::cout << out.dump(2) << "\n";
    } else {
        std::cout << verdict_to_text(verdict, use_colour(stdout));
        if (!hint.empty()) std::cout << "hint: " << hint << "\n";
    }
    return exit_status(verdict.outcome);
}

} // namespace

CommandAction add_check_command(CLI::App& app) {
    auto options = std::make_shared<CheckOptions>();
    CLI::App* check = app.add_subcommand(
        "check", "Check one answer or derivation: against the derivative of a function, or an "
                 "expression");
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
    options->answer_option = check->add_option("-a,--answer", options->answer,
                                               "The answer to check; - reads standard input");
    check->add_option("--steps", options->steps,
                      "A derivation to check step by step: a file with one expression per line "
                      "(- reads standard input)");
    check->add_flag("--hint", options->hint,
                    "Show the next step of the worked solution from where the answer or steps "
                    "reached (never the final answer)");
    check->add_flag("--json", options->json, "Print the verdict as JSON (schema in the README)");
    check->add_option("--time-limit", options->time_limit,
                      "CPU seconds the whole check may take (default 10; 0: no limit)")
        ->check(CLI::Range(0.0, 86400.0));
    check->add_option("--memory-limit", options->memory_limit,
                      "Address space the check may use, in MB (default 2048; 0: no limit)")
        ->check(CLI::Range(std::size_t(0), std::size_t(1) << 20));
    check->footer("Exit status: 0 correct, 1 incorrect, 2 invalid input or usage, 3 a limit "
                  "exceeded or an internal error.");
    return [options] { return run_check(*options); };
}

} // namespace chainrule
