#include "generator/render.hpp"

#include "expr/symbols.hpp"
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

namespace {

// The notes write softmax's derivatives as S1(1 − S1) and −S1·S2, a neuron's as y(1 − y):
// each named value's expression is replaced by its name, inside products too. A product can
// hold several (e^z1·e^z2/Σ² is S1·S2), one found per pass.
//
// Only activations' outputs are named back: a function's value (y = σ(z)) or a product with
// one (S1 = e^z1/Σ). Not an inner sum (z = wx + b) nor a loss: (y − 1)² written as L would
// turn −2y(1 − y)(y − 1)·x into −Ly.
bool names_an_activation(const GiNaC::ex& value) {
    if (GiNaC::is_a<GiNaC::function>(value)) return true;
    if (!GiNaC::is_a<GiNaC::mul>(value)) return false;
    for (std::size_t i = 0; i < value.nops(); ++i)
        if (GiNaC::is_a<GiNaC::function>(value.op(i))) return true;
    return false;
}

GiNaC::ex with_named_values(const GiNaC::ex& e,
                            const std::vector<std::pair<std::string, GiNaC::ex>>& lets) {
    GiNaC::ex current = e;
    // Later names are built from earlier ones (y = σ(z) after z = wx + b): replace them first.
    for (auto it = lets.rbegin(); it != lets.rend(); ++it) {
        if (!names_an_activation(it->second)) continue;
        const GiNaC::ex name = variable(it->first);
        for (int pass = 0; pass < 4; ++pass) {
            GiNaC::ex next = current.subs(it->second == name, GiNaC::subs_options::algebraic);
            if (next.is_equal(current)) break;
            current = next;
        }
    }
    return current;
}

} // namespace

ExprValue solved_answer(const Problem& problem, const std::vector<EntrySolution>& solutions) {
    ExprValue answer = problem.expected;
    if (solutions.size() != answer.entries.size()) {
        for (auto& entry : answer.entries)
            entry = with_named_values(entry, problem.lets);
        return answer;
    }
    for (std::size_t i = 0; i < solutions.size(); ++i) {
        const WorkedSolution& s = solutions[i].solution;
        // With the question's decimals as written (0.03, not 3/100) when it has any.
        if (s.written_result) {
            answer.entries[i] = with_named_values(*s.written_result, problem.written_lets);
            continue;
        }
        // A derivation in the named values ends in them; an empty one is 0, as a 0 result is.
        answer.entries[i] =
            with_named_values(s.named_result.is_zero() ? s.result : s.named_result, problem.lets);
    }
    return answer;
}

std::string answer_entry_text(const ExprValue& answer, const std::vector<EntrySolution>& solutions,
                              std::size_t k, Notation notation) {
    if (k < solutions.size() && solutions.size() == answer.entries.size()) {
        const auto& steps = solutions[k].solution.steps;
        const auto which = static_cast<std::size_t>(notation);
        if (!steps.empty() && steps.back().final_form && !steps.back().shown[which].empty())
            return steps.back().shown[which];
    }
    return print(answer.entries[k], notation);
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
