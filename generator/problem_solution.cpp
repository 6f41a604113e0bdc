#include "generator/problem_solution.hpp"

namespace chainrule {

std::vector<EntrySolution> solve_problem(const Problem& problem) {
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
            entry.solution = solve_derivative(components[r], problem.wrt[c], problem.variables);
            out.push_back(std::move(entry));
        }
    return out;
}

} // namespace chainrule
