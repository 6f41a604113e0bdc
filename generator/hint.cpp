#include "generator/hint.hpp"

#include "generator/matrix_solution.hpp"

#include "expr/errors.hpp"
#include "expr/functions.hpp"
#include "expr/parser.hpp"
#include "generator/render.hpp"

#include <functional>

namespace chainrule {

namespace {

std::size_t count_derivatives(const GiNaC::ex& e) {
    std::size_t count = 0;
    std::function<void(const GiNaC::ex&)> walk = [&](const GiNaC::ex& node) {
        if (is_ex_the_function(node, deriv)) ++count;
        for (std::size_t i = 0; i < node.nops(); ++i)
            walk(node.op(i));
    };
    walk(e);
    return count;
}

} // namespace

std::size_t next_hint_step(const WorkedSolution& solution,
                           const std::optional<GiNaC::ex>& reached) {
    const auto& steps = solution.steps;
    if (!reached) return steps.size() > 1 ? 1 : steps.size();
    // The last line with that expression: two lines may hold the same value in one form (a
    // derivation in named values ends with its product written out), and the hint goes on
    // from the later one.
    for (std::size_t i = steps.size(); i-- > 0;)
        if (steps[i].expression.is_equal(*reached)) return i + 1;
    std::size_t reached_count = count_derivatives(*reached);
    for (std::size_t i = 1; i < steps.size(); ++i)
        if (count_derivatives(steps[i].expression) < reached_count) return i;
    return steps.size();
}

std::string describe_hint_step(const WorkedSolution& solution, std::size_t index) {
    const auto& steps = solution.steps;
    if (index >= steps.size()) return "you have reached the end of the worked solution";
    if (index + 1 == steps.size())
        return "next: apply the " + steps[index].rule + " to finish (the result is not shown)";
    std::vector<std::string> lines = render_solution(solution, Notation::unicode);
    return "next: " + (index < lines.size() ? lines[index]
                                            : print(steps[index].expression, Notation::unicode));
}

std::string next_hint(const WorkedSolution& solution, const std::optional<GiNaC::ex>& reached) {
    if (!reached && solution.steps.size() <= 1) return "nothing to work out";
    return describe_hint_step(solution, next_hint_step(solution, reached));
}

HintCursor cursor_after_steps(const Problem& problem, const std::vector<std::string>& steps,
                              std::size_t right) {
    HintCursor cursor;
    if (!problem.expected.is_scalar()) return cursor;
    ParseOptions options = ParseOptions::closed(problem.variables, problem.let_map());
    for (std::size_t i = 0; i < right && i < steps.size(); ++i) {
        try {
            cursor.reached = parse_scalar(steps[i], options);
        } catch (const InputError&) {
            break; // a right step always reads; nothing better to do if one does not
        }
    }
    return cursor;
}

std::string next_problem_hint(const Problem& problem, const std::vector<EntrySolution>& solutions,
                              HintCursor& cursor) {
    if (problem.matrix) return next_matrix_hint(problem, cursor);
    std::vector<std::string> titles = entry_titles(problem, Notation::unicode);
    while (cursor.entry < solutions.size()) {
        const WorkedSolution& solution = solutions[cursor.entry].solution;
        std::size_t index = next_hint_step(solution, cursor.reached);
        if (index >= solution.steps.size()) {
            ++cursor.entry;
            cursor.reached.reset();
            continue;
        }
        std::string hint = describe_hint_step(solution, index);
        cursor.reached = solution.steps[index].expression;
        if (solutions.size() > 1 && cursor.entry < titles.size() && !titles[cursor.entry].empty())
            hint = titles[cursor.entry] + ": " + hint;
        return hint;
    }
    return "no more hints: type solution to see the worked solution";
}

} // namespace chainrule
