// The problem set as a LaTeX document (article class, amsmath and amssymb only), with the
// answer key after the problems when solutions are asked for.
#include "generator/matrix_solution.hpp"
#include "generator/render.hpp"
#include "generator/text_notation.hpp"

namespace chainrule {

namespace {

std::string points_text(double points) {
    return format_points(points) + (points == 1 ? " point" : " points");
}

// Display mathematics that may break across lines and pages: one aligned line per entry.
std::string solution_block(const std::vector<std::string>& lines) {
    std::string out = "\\begin{align*}\n";
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string line = latex_safe(lines[i]);
        out += "&" + line + (i + 1 < lines.size() ? " \\\\\n" : "\n");
    }
    return out + "\\end{align*}\n";
}

} // namespace

std::string render_latex(const ProblemSet& set,
                         const std::vector<std::vector<EntrySolution>>& solutions) {
    std::string out = "\\documentclass[11pt]{article}\n"
                      "\\usepackage{amsmath}\n"
                      "\\usepackage{amssymb}\n"
                      "\\allowdisplaybreaks\n"
                      "\\setlength{\\parindent}{0pt}\n"
                      "\\setlength{\\parskip}{4pt}\n"
                      "\\begin{document}\n"
                      "\\begin{center}\n"
                      "{\\Large " +
                      prose(set.title, Notation::latex) + "}\\\\[4pt]\n";
    std::string about;
    if (!set.student.empty()) about += "Student: " + prose(set.student, Notation::latex) + " --- ";
    about += std::to_string(set.problems.size()) +
             (set.problems.size() == 1 ? " problem, " : " problems, ") +
             points_text(set.total_points()) + " --- seed " + std::to_string(set.seed);
    out += about + "\n\\end{center}\n\n";
    out += "\\begin{enumerate}\n";
    for (const auto& p : set.problems) {
        out += "\\item \\textbf{" + prose(p.title, Notation::latex) + "} (" +
               points_text(p.points) + ") % " + p.id + "\n\n" + latex_safe(p.prompt.latex) + "\n";
        if (!p.form.empty()) out += "\n\\emph{Form:} " + prose(p.form, Notation::latex) + "\n";
        out += "\n";
    }
    out += "\\end{enumerate}\n";
    if (!solutions.empty()) {
        out += "\n\\newpage\n\\section*{Answer key}\n\\begin{enumerate}\n";
        for (std::size_t i = 0; i < set.problems.size(); ++i) {
            const Problem& p = set.problems[i];
            if (has_matrix_solution(p)) { // a matrix question: layer by layer, with the shapes
                out += "\\item \\textbf{" + prose(p.title, Notation::latex) + "}\n\nAnswer: $" +
                       latex_safe(solve_matrix_problem(p, Notation::latex).answer) +
                       "$\n\nWorked solution:\n" + latex_safe(matrix_solution_latex(p)) + "\n";
                continue;
            }
            auto titles = entry_titles(p, Notation::latex);
            ExprValue answer = solved_answer(p, solutions[i]);
            out += "\\item \\textbf{" + prose(p.title, Notation::latex) + "}\n\n";
            if (answer.is_scalar()) {
                out += "Answer: $" + latex_safe(print(answer, Notation::latex)) + "$\n\n";
            } else {
                out += "Answer:\n\\begin{align*}\n";
                for (std::size_t k = 0; k < answer.entries.size(); ++k)
                    out += titles[k] +
                           " &= " + latex_safe(print(answer.entries[k], Notation::latex)) +
                           (k + 1 < answer.entries.size() ? " \\\\\n" : "\n");
                out += "\\end{align*}\n";
            }
            out += "Worked solution:\n";
            for (const auto& entry : solutions[i]) {
                std::size_t index = &entry - solutions[i].data();
                if (!titles[index].empty()) out += "\n$" + titles[index] + "$:\n";
                out += solution_block(render_solution(entry.solution, Notation::latex));
            }
            out += "\n";
        }
        out += "\\end{enumerate}\n";
    }
    out += "\\end{document}\n";
    return out;
}

} // namespace chainrule
