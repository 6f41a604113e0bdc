// The problem set as Markdown (Unicode mathematics, so that it reads anywhere).
#include "expr/errors.hpp"
#include "generator/matrix_solution.hpp"
#include "generator/render.hpp"

namespace chainrule {

namespace {

std::string escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '\\':
        case '*':
        case '_':
        case '`':
        case '[':
        case ']':
        case '#':
        case '|':
            out += '\\';
            out += c;
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string points_text(double points) {
    return format_points(points) + (points == 1 ? " point" : " points");
}

} // namespace

std::string render_markdown(const ProblemSet& set,
                            const std::vector<std::vector<EntrySolution>>& solutions) {
    std::string out = "# " + escape(set.title) + "\n\n";
    std::string about;
    if (!set.student.empty()) about += "Student: " + escape(printable(set.student)) + " · ";
    about += std::to_string(set.problems.size()) +
             (set.problems.size() == 1 ? " problem, " : " problems, ") +
             points_text(set.total_points()) + " · seed " + std::to_string(set.seed);
    out += about + "\n";
    for (std::size_t i = 0; i < set.problems.size(); ++i) {
        const Problem& p = set.problems[i];
        out += "\n## " + std::to_string(p.number) + ". " + escape(p.title) + " (" +
               points_text(p.points) + ")\n\n";
        out += "<!-- id: " + p.id + " -->\n\n";
        out += escape(p.prompt.unicode) + "\n";
        if (!p.form.empty()) out += "\n*Form:* " + escape(p.form) + "\n";
        if (solutions.empty()) continue;
        if (has_matrix_solution(p)) { // a matrix question: layer by layer, with the shapes
            out += "\n**Answer:** " + escape(solve_matrix_problem(p, Notation::unicode).answer) +
                   "\n\n**Worked solution:**\n\n```text\n";
            for (const auto& line : matrix_solution_lines(p, Notation::unicode))
                out += line + "\n";
            out += "```\n";
            continue;
        }
        auto titles = entry_titles(p, Notation::unicode);
        ExprValue answer = solved_answer(p, solutions[i]);
        if (answer.is_scalar()) {
            out += "\n**Answer:** " + escape(print(answer, Notation::unicode)) + "\n\n";
        } else {
            out += "\n**Answer:**\n\n";
            for (std::size_t k = 0; k < answer.entries.size() && k < titles.size(); ++k)
                out += "- " + escape(titles[k]) + " = " +
                       escape(print(answer.entries[k], Notation::unicode)) + "\n";
            out += "\n";
        }
        out += "**Worked solution:**\n\n```text\n";
        for (const auto& entry : solutions[i]) {
            std::size_t index = &entry - solutions[i].data();
            std::string indent;
            if (!titles[index].empty()) {
                out += titles[index] + ":\n";
                indent = "  ";
            }
            for (const auto& line : render_solution(entry.solution, Notation::unicode))
                out += indent + line + "\n";
        }
        out += "```\n";
    }
    return out;
}

} // namespace chainrule
