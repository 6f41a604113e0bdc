// The problem set as Markdown, its mathematics in $...$ and $$...$$ (LaTeX, which GitHub
// renders).
#include "expr/errors.hpp"
#include "generator/matrix_solution.hpp"
#include "generator/render.hpp"
#include "generator/solution.hpp"
#include "generator/text_escape.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace chainrule {

namespace {

std::string points_text(double points) {
    return format_points(points) + (points == 1 ? " point" : " points");
}

bool at(const std::string& s, std::size_t i, const std::string& prefix) {
    return s.compare(i, prefix.size(), prefix) == 0;
}

// A prompt's LaTeX (generator/statement.hpp: text-mode prose, $...$ and align* displays) as
// Markdown: the mathematics kept for GitHub to render (a display as $$\begin{aligned}...$$),
// the prose's escapes and TeX ligatures turned back into the characters they set, and then
// escaped for Markdown.
std::string markdown_prose(const std::string& latex) {
    static const std::vector<std::pair<std::string, std::string>> text = {
        {"\\textbackslash{}", "\\"},
        {"\\textasciitilde{}", "~"},
        {"\\textasciicircum{}", "^"},
        {"\\ldots{}", "…"},
        {"\\{", "{"},
        {"\\}", "}"},
        {"\\$", "$"},
        {"\\&", "&"},
        {"\\#", "#"},
        {"\\%", "%"},
        {"\\_", "_"},
        {"---", "—"},
        {"--", "–"},
        {"``", "“"},
        {"''", "”"},
        {"`", "‘"}};
    const std::string begin = "\\begin{align*}", end = "\\end{align*}";
    std::string out, prose;
    auto flush = [&] {
        out += escape_markdown(prose);
        prose.clear();
    };
    for (std::size_t i = 0; i < latex.size();) {
        if (at(latex, i, begin)) {
            std::size_t close = latex.find(end, i);
            if (close == std::string::npos) close = latex.size();
            std::string rows = latex.substr(i + begin.size(), close - i - begin.size());
            while (!rows.empty() && rows.front() == '\n')
                rows.erase(0, 1);
            while (!rows.empty() && rows.back() == '\n')
                rows.pop_back();
            flush();
            out += "\n\n$$\n\\begin{aligned}\n" + rows + "\n\\end{aligned}\n$$\n\n";
            i = std::min(latex.size(), close + end.size());
            while (i < latex.size() && (latex[i] == '\n' || latex[i] == ' '))
                ++i;
            continue;
        }
        if (latex[i] == '$') {
            std::size_t close = latex.find('$', i + 1);
            if (close == std::string::npos) close = latex.size() - 1;
            flush();
            out += latex.substr(i, close + 1 - i);
            i = close + 1;
            continue;
        }
        bool matched = false;
        for (const auto& [from, to] : text)
            if (at(latex, i, from)) {
                prose += to;
                i += from.size();
                matched = true;
                break;
            }
        if (!matched) prose += latex[i++];
    }
    flush();
    return out;
}

// A worked solution as one display: a row per step, its reason beside it.
std::string solution_display(const WorkedSolution& solution) {
    std::string out = "$$\n\\begin{aligned}\n";
    auto steps = render_solution_steps(solution, Notation::latex);
    for (std::size_t i = 0; i < steps.size(); ++i) {
        out += i == 0 ? "&" : "&= ";
        out += steps[i].body;
        if (!steps[i].reason.empty()) out += " && \\text{(" + steps[i].reason + ")}";
        out += i + 1 < steps.size() ? " \\\\\n" : "\n";
    }
    return out + "\\end{aligned}\n$$\n";
}

} // namespace

std::string render_markdown(const ProblemSet& set,
                            const std::vector<std::vector<EntrySolution>>& solutions) {
    std::string out = "# " + escape_markdown(set.title) + "\n\n";
    std::string about;
    if (!set.student.empty())
        about += "Student: " + escape_markdown(printable(set.student)) + " · ";
    about += std::to_string(set.problems.size()) +
             (set.problems.size() == 1 ? " problem, " : " problems, ") +
             points_text(set.total_points()) + " · seed " + std::to_string(set.seed);
    out += about + "\n";
    for (std::size_t i = 0; i < set.problems.size(); ++i) {
        const Problem& p = set.problems[i];
        out += "\n## " + std::to_string(p.number) + ". " + escape_markdown(p.title) + " (" +
               points_text(p.points) + ")\n\n";
        out += "<!-- id: " + p.id + " -->\n\n";
        out += markdown_prose(p.prompt.latex) + "\n";
        if (!p.form.empty()) out += "\n*Form:* " + escape_markdown(p.form) + "\n";
        if (solutions.empty()) continue;
        if (has_matrix_solution(p)) { // a matrix question: layer by layer, with the shapes
            out += "\n**Answer:** " +
                   escape_markdown(solve_matrix_problem(p, Notation::unicode).answer) +
                   "\n\n**Worked solution:**\n\n```text\n";
            for (const auto& line : matrix_solution_lines(p, Notation::unicode))
                out += line + "\n";
            out += "```\n";
            continue;
        }
        auto titles = entry_titles(p, Notation::latex);
        ExprValue answer = solved_answer(p, solutions[i]);
        if (answer.is_scalar() || answer.shape == Shape::matrix) {
            out += "\n**Answer:** $" +
                   (answer.is_scalar() ? answer_entry_text(answer, solutions[i], 0, Notation::latex)
                                       : print(answer, Notation::latex)) +
                   "$\n\n";
        } else {
            out += "\n**Answer:**\n\n";
            for (std::size_t k = 0; k < answer.entries.size() && k < titles.size(); ++k)
                out += "- $" + titles[k] + " = " +
                       answer_entry_text(answer, solutions[i], k, Notation::latex) + "$\n";
            out += "\n";
        }
        out += "**Worked solution:**\n\n";
        for (const auto& entry : solutions[i]) {
            std::size_t index = &entry - solutions[i].data();
            if (!titles[index].empty()) out += "$" + titles[index] + "$:\n\n";
            out += solution_display(entry.solution) + "\n";
        }
    }
    return out;
}

} // namespace chainrule
