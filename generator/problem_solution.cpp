#include "generator/problem_solution.hpp"

#include "expr/functions.hpp"
#include "expr/printer.hpp"
#include "expr/symbols.hpp"
#include "expr/written_decimal.hpp"
#include "generator/named_solution.hpp"
#include "generator/parameter.hpp"
#include "generator/text_notation.hpp"
#include "generator/tolerance.hpp"

#include <algorithm>
#include <array>
#include <map>

namespace chainrule {

namespace {

// A question at a point ends with the derivative's value there, exact and as a decimal.
void evaluate_at_point(const Problem& problem, WorkedSolution& solution) {
    GiNaC::exmap point;
    std::string where;
    std::array<std::string, 3> shown_where;
    constexpr std::array<Notation, 3> notations = {Notation::plain, Notation::unicode,
                                                   Notation::latex};
    for (const auto& [name, value] : problem.at) {
        point[variable(name)] = written_decimal(value); // σ(0.5), not σ(1/2)
        where += (where.empty() ? "at " : ", ") + name + " = " + exact_number_text(value);
        for (std::size_t i = 0; i < notations.size(); ++i) {
            Notation n = notations[i];
            shown_where[i] +=
                (shown_where[i].empty() ? "at " : ", ") +
                math(print_name(name, n) + " = " + number_in(exact_number_text(value), n), n);
        }
    }
    SolutionStep step;
    step.rule = where;
    step.expression = solution.result.subs(point);
    step.note = "about " + decimal_text(step.expression);
    // The reason in each notation: −0.5 in Unicode as the lines write it, math in LaTeX.
    for (std::size_t i = 0; i < notations.size(); ++i) {
        Notation n = notations[i];
        step.reason[i] =
            shown_where[i] + "; about " + math(number_in(decimal_text(step.expression), n), n);
    }
    solution.result = step.expression;
    solution.named_result = GiNaC::ex();
    solution.steps.push_back(std::move(step));
}

// A derivative with respect to a named value that is not worked out along one path of the
// chain (the value used twice): the result alone, in the variables.
WorkedSolution stated_result(const Problem& problem, std::size_t index, const std::string& name,
                             const std::string& wrt) {
    WorkedSolution solution;
    solution.variable = wrt;
    solution.partial = true;
    solution.result = problem.expected.entries[index];
    SolutionStep first;
    first.expression = solution.result;
    first.shown = {"d" + name + "/d" + wrt,
                   "∂" + print_name(name, Notation::unicode) + "/∂" +
                       print_name(wrt, Notation::unicode),
                   "\\frac{\\partial " + print_name(name, Notation::latex) + "}{\\partial " +
                       print_name(wrt, Notation::latex) + "}"};
    solution.steps.push_back(first);
    SolutionStep last;
    last.rule = "chain rule";
    last.note = "through every part that " + wrt + " reaches";
    last.expression = solution.result;
    solution.steps.push_back(last);
    return solution;
}

bool has_written_form(const GiNaC::ex& e) {
    return has_written_decimal(e) || has_elu_call(e);
}

// What the checker reads: the decimals exact, ELU written out in indicators.
GiNaC::ex checked_form(const GiNaC::ex& e) {
    return exact_decimals(elu_calls_in_indicators(e));
}

// A solution worked out with the question's decimals (and ELU) as written: each line keeps its
// written form for showing, and its `expression` becomes the exact value (0.03 → 3/100, ELU in
// indicators), which is what is checked and what hints compare with.
void make_exact(WorkedSolution& solution) {
    bool written = false;
    for (auto& step : solution.steps) {
        if (!has_written_form(step.expression)) continue;
        written = true;
        step.written = step.expression;
        step.expression = checked_form(step.expression);
    }
    if (!written && !has_written_form(solution.result) &&
        !has_written_form(solution.named_result) && !has_written_form(solution.function))
        return;
    solution.written_result =
        solution.named_result.is_zero() ? solution.result : solution.named_result;
    solution.function = checked_form(solution.function);
    solution.result = checked_form(solution.result);
    solution.named_result = checked_form(solution.named_result);
}

std::vector<EntrySolution> work_out(const Problem& problem) {
    if (!problem.written_function.empty()) {
        // Solved in the written form, then made exact line by line (make_exact).
        Problem written = problem;
        written.function.entries = problem.written_function;
        written.lets = problem.written_lets;
        written.written_function.clear();
        std::vector<EntrySolution> out = work_out(written);
        return out;
    }
    std::vector<EntrySolution> out;
    const auto& components = problem.function.entries;
    out.reserve(components.size() * problem.wrt.size());
    for (std::size_t r = 0; r < components.size(); ++r)
        for (std::size_t c = 0; c < problem.wrt.size(); ++c) {
            std::size_t index = r * problem.wrt.size() + c;
            EntrySolution entry;
            entry.label = index < problem.labels.size() ? problem.labels[index] : "";
            entry.component = r;
            entry.variable = problem.wrt[c];
            std::string name = components.size() == 1
                                   ? problem.function_name
                                   : problem.function_name + std::to_string(r + 1);
            const std::string& wrt = problem.wrt[c];
            if (auto named = solve_in_named_values(problem, components[r], name, wrt))
                entry.solution = std::move(*named);
            else if (std::find(problem.variables.begin(), problem.variables.end(), wrt) ==
                     problem.variables.end())
                entry.solution = stated_result(problem, index, name, wrt);
            else
                entry.solution = solve_derivative(components[r], wrt, problem.variables);
            if (!problem.at.empty()) evaluate_at_point(problem, entry.solution);
            make_exact(entry.solution);
            out.push_back(std::move(entry));
        }
    return out;
}

// The same variant is solved the same way: a problem set for one student after another
// draws again and again from the few variants of each template.
constexpr std::size_t max_cached_solutions = 20000;

std::string solution_key(const Problem& problem) {
    std::string key = problem.template_id + '\x1f' + problem.prompt.plain + '\x1f';
    for (const auto& [name, value] : problem.parameters)
        key += name + '=' + value + '\x1f';
    for (const auto& w : problem.wrt)
        key += w + ',';
    return key;
}

} // namespace

std::vector<EntrySolution> solve_problem(const Problem& problem) {
    if (problem.matrix) return {}; // a matrix question's solution: generator/matrix_solution.hpp
    static std::map<std::string, std::vector<EntrySolution>> solved;
    bool keep = !problem.template_id.empty() && !problem.prompt.plain.empty();
    for (const auto& v : problem.variables)
        keep = keep && variable_is_permanent(v);
    if (!keep) return work_out(problem);
    std::string key = solution_key(problem);
    auto it = solved.find(key);
    if (it != solved.end()) return it->second;
    std::vector<EntrySolution> solutions = work_out(problem);
    if (solved.size() < max_cached_solutions) solved.emplace(key, solutions);
    return solutions;
}

} // namespace chainrule
