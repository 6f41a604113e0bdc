#include "generator/render.hpp"

#include "generator/problem_set_io.hpp"

#include <algorithm>
#include <cctype>

namespace chainrule {

const char* to_string(Format format) {
    switch (format) {
    case Format::text:
        return "text";
    case Format::markdown:
        return "md";
    case Format::latex:
        return "tex";
    case Format::json:
        return "json";
    case Format::yaml:
        return "yaml";
    }
    return "text";
}

bool parse_format(const std::string& text, Format& out) {
    std::string t = text;
    std::transform(t.begin(), t.end(), t.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (t == "text" || t == "txt")
        out = Format::text;
    else if (t == "md" || t == "markdown")
        out = Format::markdown;
    else if (t == "tex" || t == "latex")
        out = Format::latex;
    else if (t == "json")
        out = Format::json;
    else if (t == "yaml" || t == "yml")
        out = Format::yaml;
    else
        return false;
    return true;
}

bool format_for_path(const std::string& path, Format& out) {
    std::size_t dot = path.find_last_of('.');
    std::size_t slash = path.find_last_of('/');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return false;
    return parse_format(path.substr(dot + 1), out);
}

std::vector<std::vector<EntrySolution>> solve_all(const ProblemSet& set) {
    std::vector<std::vector<EntrySolution>> out;
    out.reserve(set.problems.size());
    for (const auto& problem : set.problems)
        out.push_back(solve_problem(problem));
    return out;
}

ExprValue solved_answer(const Problem& problem, const std::vector<EntrySolution>& solutions) {
    ExprValue answer = problem.expected;
    if (solutions.size() != answer.entries.size()) return answer;
    for (std::size_t i = 0; i < solutions.size(); ++i)
        answer.entries[i] = solutions[i].solution.result;
    return answer;
}

std::vector<std::string> entry_titles(const Problem& problem, Notation notation) {
    std::vector<std::string> titles;
    std::size_t rows = problem.function.entries.size();
    bool partial = problem.variables.size() > 1;
    for (std::size_t r = 0; r < rows; ++r)
        for (const auto& x : problem.wrt) {
            if (rows == 1 && problem.wrt.size() == 1) {
                titles.push_back("");
                continue;
            }
            std::string f = print_name(rows == 1 ? problem.function_name
                                                 : problem.function_name + std::to_string(r + 1),
                                       notation);
            std::string v = print_name(x, notation);
            if (notation == Notation::latex)
                titles.push_back(partial ? "\\frac{\\partial " + f + "}{\\partial " + v + "}"
                                         : "\\frac{d" + f + "}{d" + v + "}");
            else if (notation == Notation::unicode && partial)
                titles.push_back("∂" + f + "/∂" + v);
            else
                titles.push_back("d" + f + "/d" + v);
        }
    return titles;
}

std::string render(const ProblemSet& set, Format format, const RenderOptions& options) {
    std::vector<std::vector<EntrySolution>> solutions;
    if (options.solutions) solutions = solve_all(set);
    switch (format) {
    case Format::text:
        return render_text(set, solutions);
    case Format::markdown:
        return render_markdown(set, solutions);
    case Format::latex:
        return render_latex(set, solutions);
    case Format::json:
        return render_json(set, solutions);
    case Format::yaml:
        return write_problem_set_yaml(set, solutions);
    }
    return "";
}

} // namespace chainrule
