// The problem set as Markdown (Unicode mathematics, so that it reads anywhere).
#include "expr/errors.hpp"
#include "generator/render.hpp"
#include "generator/text_escape.hpp"

namespace chainrule {

namespace {

std::string points_text(double points) {
    return format_points(points) + (points == 1 ? " point" : " points");
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
        out += escape_markdown(p.prompt.unicode) + "\n";
        if (!p.form.empty()) out += "\n*Form:* " + escape_markdown(p.form) + "\n";
        if (solutions.empty()) continue;
        auto titles = entry_titles(p, Notation::unicode);
        ExprValue answer = solved_answer(p, solutions[i]);
        if (answer.is_scalar()) {
            out += "\n**Answer:** " + escape_markdown(print(answer, Notation::unicode)) + "\n\n";
        } else {
            out += "\n**Answer:**\n\n";
            for (std::size_t k = 0; k < answer.entries.size() && k < titles.size(); ++k)
                out += "- " + escape_markdown(titles[k]) + " = " +
                       escape_markdown(print(answer.entries[k], Notation::unicode)) + "\n";
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
