#include "checker/question.hpp"
#include "checker/report.hpp"
#include "checker/steps.hpp"
#include "cli/check_matrix.hpp"
#include "cli/command_options.hpp"
#include "cli/commands.hpp"
#include "cli/limits.hpp"
#include "cli/plot_output.hpp"
#include "cli/terminal.hpp"
#include "expr/ansi.hpp"
#include "expr/errors.hpp"
#include "expr/function_table.hpp"
#include "expr/functions.hpp"
#include "expr/written_decimal.hpp"
#include "generator/hint.hpp"
#include "generator/problem_solution.hpp"
#include "generator/problem_source.hpp"
#include "generator/render.hpp"
#include "generator/solution.hpp"
#include "generator/spec.hpp"
#include "grading/atomic_file.hpp"
#include "grading/classroom.hpp"
#include "grading/homework.hpp"
#include "grading/result_text.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

namespace chainrule {

namespace {

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

// A right answer in the wrong form is not a pass: rejected, as a wrong one.
CommandResult result_of(Outcome outcome, const std::optional<FormVerdict>& form = std::nullopt) {
    if (outcome == Outcome::correct && form && !form->satisfied) return CommandResult::rejected;
    switch (outcome) {
    case Outcome::correct:
        return CommandResult::success;
    case Outcome::incorrect:
        return CommandResult::rejected;
    case Outcome::invalid:
        return CommandResult::invalid;
    }
    return CommandResult::invalid;
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

CommandResult run_steps(const CheckOptions& options, const Expectation& expectation) {
    ScalarQuestion question = scalar_question(expectation, "--steps");
    std::vector<std::string> steps = split_steps(read_text(options.steps));
    DerivationVerdict derivation =
        check_derivation(expectation, question.function, question.variable, steps);
    std::optional<GiNaC::ex> reached;
    if (options.hint) {
        ParseOptions parse_options =
            ParseOptions::for_answer(expectation.variables, expectation.lets);
        for (std::size_t i = 0; i < derivation.steps.size(); ++i) {
            if (derivation.steps[i].outcome != Outcome::correct) break;
            reached = parse_scalar(steps[i], parse_options);
        }
    }
    std::string hint;
    if (options.hint)
        hint = next_hint(
            solve_derivative(question.function, question.variable, expectation.variables), reached);
    std::string plot_note = write_plot_file(derivation.final_verdict, expectation, options.plot);
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
        out["right_share"] = derivation.right_share;
        if (options.hint) out["hint"] = hint;
        std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
        bool on = use_colour(stdout);
        std::ostringstream text;
        for (const auto& step : derivation.steps) {
            bool ok = step.outcome == Outcome::correct;
            text << paint(ok ? "✓" : "✗", ok ? "32" : "31", on) << " " << step.index << ". "
                 << step.text << "\n";
            if (!ok) text << "     " << printable_lines(step.message) << "\n";
        }
        text << derivation.message << "\n";
        if (options.hint) text << "hint: " << hint << "\n";
        std::cout << fit_to_terminal(stdout, text.str());
        std::cout << plot_note
                  << terminal_plot(derivation.final_verdict, expectation, options.plot);
    }
    return result_of(derivation.outcome, derivation.final_verdict.form);
}

// `check --set SPEC`: one answer of a student's own variant, or a whole submission.
CommandResult run_set_check(const CheckOptions& options) {
    if (!options.function.empty() || !options.expected.empty() || !options.wrt.empty() ||
        !options.vars.empty() || !options.lets.empty() || !options.form.empty())
        throw InputError("--set takes the question from the problem set: --function, "
                         "--expected, --wrt, --vars, --let and --form do not go with it");
    if (!options.plot.svg_path.empty())
        throw InputError("--plot goes with --function or --expected, not with --set");
    ProblemSource source = ProblemSource::load(options.set);
    bool colour_on = use_colour(stdout);
    if (!options.submission.empty()) {
        if (options.answer_given || !options.steps.empty() || !options.problem.empty() ||
            options.hint)
            throw InputError("--submission checks every answer of the file: --problem, "
                             "--answer, --steps and --hint do not go with it");
        if (options.json && options.markdown)
            throw InputError("--json and --markdown are two formats: give one");
        nlohmann::ordered_json row =
            check_submission_file(source, options.submission, options.student);
        ProblemSet set = source.sheet_for(row["student"].get<std::string>());
        if (!options.classroom_result.empty())
            write_file_atomically(options.classroom_result,
                                  base64_encode(classroom_result_json(set, row)) + "\n");
        if (options.json)
            std::cout << row.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        else if (options.markdown)
            std::cout << submission_row_to_markdown(set, row);
        else
            std::cout << fit_to_terminal(stdout, submission_row_to_text(set, row, colour_on));
        bool all_correct = true;
        for (const auto& p : row["problems"]) {
            bool wrong_form = p.contains("form") && p["form"].value("satisfied", true) == false;
            all_correct = all_correct && p["verdict"] == "correct" && !wrong_form;
        }
        return all_correct ? CommandResult::success : CommandResult::rejected;
    }
    if (options.student.empty() || options.problem.empty())
        throw InputError("--set needs --student and --problem (one answer), or --submission "
                         "FILE (a whole submission)");
    if (!options.classroom_result.empty() || options.markdown)
        throw InputError("--classroom-result and --markdown go with --submission");
    check_student_id(options.student);
    bool has_answer = options.answer_given;
    if (has_answer == !options.steps.empty())
        throw InputError("give exactly one of --answer or --steps");
    ProblemSet set = source.sheet_for(options.student);
    const Problem& problem = find_problem(set, options.problem);
    SubmittedAnswer submitted;
    if (has_answer) {
        submitted.answer =
            options.answer == "-" ? read_standard_input(max_input_bytes) : options.answer;
        while (!submitted.answer.empty() &&
               (submitted.answer.back() == '\n' || submitted.answer.back() == '\r'))
            submitted.answer.pop_back();
    } else {
        submitted.has_steps = true;
        submitted.steps = split_steps(read_text(options.steps));
    }
    ProblemResult result = check_problem(problem, submitted);
    std::string hint;
    if (options.hint && result.status != GradeStatus::correct) {
        std::size_t right = 0;
        while (right < result.steps.size() && result.steps[right].outcome == Outcome::correct)
            ++right;
        HintCursor cursor = cursor_after_steps(problem, submitted.steps, right);
        hint = next_problem_hint(problem, solve_problem(problem), cursor);
    }
    if (options.json) {
        nlohmann::ordered_json out = problem_result_to_json(result);
        if (options.hint) out["hint"] = hint;
        std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
        std::cout << fit_to_terminal(stdout, std::to_string(problem.number) + ". " + problem.title +
                                                 " [" + problem.id + "]\n" +
                                                 problem_result_to_text(result, colour_on) +
                                                 (hint.empty() ? "" : "hint: " + hint + "\n"));
    }
    switch (result.status) {
    case GradeStatus::correct:
        return result_of(Outcome::correct, result.form);
    case GradeStatus::incorrect:
        return result_of(Outcome::incorrect);
    default:
        return result_of(Outcome::invalid);
    }
}

// A matrix question: names declared with --shape.
CommandResult run_matrix(const CheckOptions& options) {
    if (options.shapes.empty()) throw InputError("--constraint goes with --shape");
    if (!options.steps.empty() || options.hint || !options.form.empty() || !options.vars.empty() ||
        !options.plot.svg_path.empty() || options.plot.terminal > 0)
        throw InputError("a matrix question (--shape) takes --function with --wrt or --expected, "
                         "--let, --constraint, --answer and --json; not --steps, --hint, --form, "
                         "--vars or plots");
    if (!options.answer_given) throw InputError("give --answer");
    if (options.function.empty() && options.expected.empty())
        throw InputError("give --function (with --wrt) or --expected");
    if (options.function.empty() && !options.wrt.empty())
        throw InputError("--wrt goes with --function");
    MatrixCheckOptions matrix;
    MatrixQuestionText& question = matrix.question;
    question.shapes = options.shapes;
    question.constraints = options.constraints;
    question.lets = options.lets;
    question.function = options.function;
    question.wrt = options.wrt;
    question.expected = options.expected;
    matrix.answer = options.answer;
    matrix.json = options.json;
    return run_matrix_check(matrix);
}

} // namespace

CommandResult run_check_command(const CheckOptions& options) {
    limit_process(options.time_limit, options.memory_limit);
    if (!options.set.empty()) return run_set_check(options);
    if (!options.classroom_result.empty() || options.markdown)
        throw InputError("--classroom-result and --markdown go with --set SPEC.yaml --submission "
                         "FILE");
    if (!options.student.empty() || !options.problem.empty() || !options.submission.empty())
        throw InputError("--student, --problem and --submission go with --set SPEC.yaml");
    if (!options.shapes.empty() || !options.constraints.empty()) return run_matrix(options);
    if (options.function.empty() == options.expected.empty())
        throw InputError("give exactly one of --function (with --wrt) or --expected");
    if (!options.expected.empty() && !options.wrt.empty())
        throw InputError("--wrt goes with --function: --expected is compared as it is (name its "
                         "variables with --vars)");
    bool has_answer = options.answer_given;
    if (has_answer == !options.steps.empty() ||
        (!has_answer && options.steps.empty() && !options.hint))
        if (!(options.hint && !has_answer && options.steps.empty()))
            throw InputError("give exactly one of --answer or --steps");
    QuestionText question;
    question.function = options.function;
    question.expected = options.expected;
    question.wrt = split_names(options.wrt);
    question.variables = split_names(options.vars);
    question.lets = options.lets;
    // A question given with decimals reads as given: its expected answer and mistakes say
    // 0.03 and 0.09, not 3/100 and 9/100 (what is computed stays exact).
    int places = std::max(decimal_places(options.function), decimal_places(options.expected));
    for (const auto& let : options.lets)
        places = std::max(places, decimal_places(let));
    DecimalsShown decimals(places);
    if (options.json && options.plot.terminal > 0)
        throw InputError("--plot-terminal draws under the text output: not with --json");
    Expectation expectation = build_expectation(question);
    if (!options.form.empty() && !parse_answer_form(options.form, expectation.form))
        throw InputError("--form must be simplified, expanded or factored, not '" +
                         printable(options.form) + "'");
    if (!options.steps.empty()) return run_steps(options, expectation);

    if (!has_answer) { // --hint alone: the first step of the worked solution
        ScalarQuestion scalar = scalar_question(expectation, "--hint");
        std::cout << "hint: "
                  << next_hint(
                         solve_derivative(scalar.function, scalar.variable, expectation.variables),
                         std::nullopt)
                  << "\n";
        return CommandResult::success;
    }
    std::string answer =
        options.answer == "-" ? read_standard_input(max_input_bytes) : options.answer;
    Verdict verdict = check_text(expectation, answer);
    std::string hint;
    if (options.hint && verdict.outcome != Outcome::correct) {
        ScalarQuestion scalar = scalar_question(expectation, "--hint");
        hint = next_hint(solve_derivative(scalar.function, scalar.variable, expectation.variables),
                         std::nullopt);
    }
    std::string plot_note = write_plot_file(verdict, expectation, options.plot);
    if (options.json) {
        nlohmann::ordered_json out = verdict_to_json(verdict);
        if (options.hint) out["hint"] = hint;
        std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
        std::cout << fit_to_terminal(stdout, verdict_to_text(verdict, use_colour(stdout)) +
                                                 (hint.empty() ? "" : "hint: " + hint + "\n"));
        std::cout << plot_note << terminal_plot(verdict, expectation, options.plot);
    }
    return result_of(verdict.outcome, verdict.form);
}

} // namespace chainrule
