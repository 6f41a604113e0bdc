#include "generator/matrix_solution.hpp"

#include "checker/matrix_check.hpp"
#include "expr/errors.hpp"
#include "expr/matrix_parser.hpp"
#include "expr/utf8.hpp"
#include "generator/matrix_problem.hpp"
#include "generator/text_notation.hpp"

#include <algorithm>
#include <map>

namespace chainrule {

namespace {

std::string shape_words(const NamedShape& s, Notation n) {
    if (s.scalar) return "scalar";
    std::string times = n == Notation::latex ? " \\times " : n == Notation::unicode ? "×" : "x";
    return print_name(s.rows, n) + times + print_name(s.cols, n);
}

std::string dims_words(const std::vector<std::string>& dims, Notation n) {
    NamedShape s;
    s.scalar = dims.empty();
    if (!dims.empty()) s.rows = dims[0];
    s.cols = dims.size() > 1 ? dims[1] : "1";
    return shape_words(s, n);
}

// Name nodes of the solution's named lines replaced by what they stand for.
MatrixNode inlined(const MatrixNode& node, const std::map<std::string, MatrixNode>& named) {
    if (node.kind == MatrixNode::Kind::name) {
        auto it = named.find(node.text);
        if (it != named.end()) return inlined(it->second, named);
    }
    MatrixNode out = node;
    for (auto& child : out.children)
        child = inlined(child, named);
    return out;
}

std::string derivative_title(const std::string& f, const std::string& x, Notation n) {
    if (n == Notation::latex) return "\\frac{\\partial " + f + "}{\\partial " + x + "}";
    if (n == Notation::unicode) return "∂" + f + "/∂" + x;
    return "d" + f + "/d" + x;
}

std::size_t width(const std::string& text) {
    return decode_utf8(text).size();
}

} // namespace

bool has_matrix_solution(const Problem& problem) {
    return problem.matrix && !problem.matrix->steps.empty();
}

MatrixSolution solve_matrix_problem(const Problem& problem, Notation n) {
    if (!has_matrix_solution(problem))
        throw InputError("this problem set does not hold the worked solution of " + problem.id);
    const MatrixProblem& m = *problem.matrix;
    MatrixExpectation e(m.solution_question(problem.function_name));
    const MatrixNames& names = e.names();
    auto node_of = [&](const std::string& text) { return parse_matrix_expression(text, names); };
    auto name_of = [&](const std::string& name) {
        if (names.matrices.count(name) || names.lets.count(name))
            return print_matrix(node_of(name), n);
        return print_name(name, n);
    };
    auto shape_of = [&](const std::string& text) { return shape_words(e.read(text).shape, n); };
    MatrixSolution out;
    for (const auto& [name, dims] : m.shapes) {
        std::string item =
            name_of(name) + (n == Notation::latex ? "\\colon " : " ") + dims_words(dims, n);
        for (const auto& [c, word] : m.constraints)
            if (c == name) item += " (" + prose(constraint_words(word), n) + ")";
        out.shapes += (out.shapes.empty() ? "" : n == Notation::latex ? ",\\ " : ", ") + item;
    }
    for (const auto& [name, value] : m.lets)
        out.forward.push_back(
            {name_of(name), print_matrix(node_of(value), n), shape_of(value), ""});
    bool function_is_let = std::any_of(m.lets.begin(), m.lets.end(),
                                       [&](const auto& l) { return l.first == m.function; });
    std::string f = print_name(problem.function_name, n);
    if (!function_is_let)
        out.forward.push_back({f, print_matrix(node_of(m.function), n), shape_of(m.function), ""});
    std::map<std::string, MatrixNode> named;
    for (const auto& step : m.steps) {
        std::string left;
        if (!step.name.empty()) left = name_of(step.name);
        if (!step.grad.empty())
            left += (left.empty() ? "" : " = ") + derivative_title(f, name_of(step.grad), n);
        out.backward.push_back(
            {left, print_matrix(node_of(step.value), n), shape_of(step.value), prose(step.why, n)});
        if (!step.name.empty()) named[step.name] = node_of(step.value);
    }
    out.answer_value = print_matrix(inlined(node_of(m.steps.back().value), named), n);
    out.answer = out.backward.back().left + " = " + out.answer_value;
    return out;
}

std::vector<std::string> matrix_solution_lines(const Problem& problem, Notation n) {
    MatrixSolution s = solve_matrix_problem(problem, n);
    std::size_t column = 0;
    for (const auto* lines : {&s.forward, &s.backward})
        for (const auto& line : *lines)
            column = std::max(column, width(line.left + " = " + line.right));
    auto format = [&](const MatrixSolutionLine& line) {
        std::string text = line.left + " = " + line.right;
        text += std::string(column - width(text) + 3, ' ') + "[" + line.shape + "]";
        if (!line.why.empty()) text += "  " + line.why;
        return "  " + text;
    };
    std::vector<std::string> out;
    out.push_back("Shapes: " + s.shapes);
    out.push_back("Forward pass:");
    for (const auto& line : s.forward)
        out.push_back(format(line));
    out.push_back("Backward pass:");
    for (const auto& line : s.backward)
        out.push_back(format(line));
    return out;
}

std::string matrix_solution_latex(const Problem& problem) {
    MatrixSolution s = solve_matrix_problem(problem, Notation::latex);
    auto row = [](const MatrixSolutionLine& line) {
        std::string out = line.left + " &= " + line.right + " && [" + line.shape + "]";
        if (!line.why.empty()) out += " && \\text{" + line.why + "}";
        return out;
    };
    std::string out = "\\begin{align*}\n";
    out += "&\\text{Shapes: } " + s.shapes + " \\\\\n";
    out += "&\\text{Forward pass:} \\\\\n";
    for (const auto& line : s.forward)
        out += row(line) + " \\\\\n";
    out += "&\\text{Backward pass:} \\\\\n";
    for (std::size_t i = 0; i < s.backward.size(); ++i)
        out += row(s.backward[i]) + (i + 1 < s.backward.size() ? " \\\\\n" : "\n");
    return out + "\\end{align*}\n";
}

std::string next_matrix_hint(const Problem& problem, HintCursor& cursor) {
    if (!has_matrix_solution(problem))
        return "no hints for this problem: its worked solution is not in the problem set";
    MatrixSolution s = solve_matrix_problem(problem, Notation::unicode);
    // The lines before the answer, one per hint; the answer itself is never shown.
    if (cursor.entry + 1 >= s.backward.size())
        return "no more hints: the next line is " + s.backward.back().left +
               " itself; type solution to see the worked solution";
    const MatrixSolutionLine& line = s.backward[cursor.entry++];
    return "next: " + line.left + " = " + line.right + "  [" + line.shape + "]" +
           (line.why.empty() ? "" : " (" + line.why + ")");
}

} // namespace chainrule
