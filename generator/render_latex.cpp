// The problem set as a LaTeX document (article class, amsmath and amssymb only), with the
// answer key after the problems when solutions are asked for.
#include "generator/latex_layout.hpp"
#include "generator/matrix_solution.hpp"
#include "generator/render.hpp"
#include "generator/solution.hpp"
#include "generator/text_escape.hpp"
#include "generator/text_notation.hpp"

namespace chainrule {

namespace {

// The text block: A4 with 2.5 cm margins is 455 pt wide; an item of the list indents it by
// 25 pt. Formulas are cut to rows narrower than that, with room for the estimate's error.
constexpr double row_width = 360;
constexpr double reason_width = 300;
// A reason beside its row: the estimate of text is generous, and the row has the page's width.
constexpr double beside_width = 400;

std::string points_text(double points) {
    return format_points(points) + (points == 1 ? " point" : " points");
}

// Rows of an align* for one formula: the first with `lead` ("&= "), the rest indented.
void add_rows(std::vector<std::string>& rows, const std::string& lead, const std::string& math,
              double width) {
    auto cut = break_latex(math, width);
    for (std::size_t i = 0; i < cut.size(); ++i)
        rows.push_back((i == 0 ? lead : "&\\quad ") + cut[i]);
}

std::string align(const std::vector<std::string>& rows) {
    std::string out = "\\begin{align*}\n";
    for (std::size_t i = 0; i < rows.size(); ++i)
        out += rows[i] + (i + 1 < rows.size() ? " \\\\\n" : "\n");
    return out + "\\end{align*}\n";
}

// A worked solution as display mathematics that may break across pages: each step's
// formula cut into rows that fit, and its reason beside the last row when it fits there, else
// on a row of its own, set as a paragraph that wraps.
std::string solution_block(const std::vector<RenderedStep>& steps) {
    std::vector<std::string> rows;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        std::string body = latex_safe(steps[i].body);
        add_rows(rows, i == 0 ? "&" : "&= ", body, row_width);
        if (steps[i].reason.empty()) continue;
        std::string reason = latex_safe(steps[i].reason);
        std::string beside = " \\quad \\text{(" + reason + ")}";
        if (latex_width(rows.back() + beside) <= beside_width)
            rows.back() += beside;
        else
            rows.push_back("&\\qquad \\parbox[t]{" + std::to_string(int(reason_width)) +
                           "pt}{\\raggedright\\small (" + reason + ")}");
    }
    return align(rows);
}

// A matrix answer (a Jacobian) as one matrix when it fits the page, else entry by entry.
std::string matrix_answer(const ExprValue& answer, const std::vector<std::string>& titles) {
    std::string matrix = latex_safe(print(answer, Notation::latex));
    if (answer.shape == Shape::matrix && latex_width(matrix) <= row_width)
        return "Answer:\n\\[\n" + matrix + "\n\\]\n";
    std::vector<std::string> rows;
    for (std::size_t k = 0; k < answer.entries.size(); ++k)
        add_rows(rows, titles[k] + " &= ", latex_safe(print(answer.entries[k], Notation::latex)),
                 row_width - latex_width(titles[k]));
    return "Answer:\n" + align(rows);
}

} // namespace

std::string render_latex(const ProblemSet& set,
                         const std::vector<std::vector<EntrySolution>>& solutions) {
    std::string out = "\\documentclass[11pt]{article}\n"
                      "\\usepackage{amsmath}\n"
                      "\\usepackage{amssymb}\n"
                      "\\usepackage[a4paper,margin=2.5cm]{geometry}\n"
                      "\\allowdisplaybreaks\n"
                      "\\setlength{\\parindent}{0pt}\n"
                      "\\setlength{\\parskip}{4pt}\n"
                      "\\setlength{\\emergencystretch}{3em}\n"
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
                std::string text =
                    latex_safe(answer_entry_text(answer, solutions[i], 0, Notation::latex));
                if (latex_width(text) <= row_width) {
                    out += "Answer: $" + text + "$\n\n";
                } else {
                    std::vector<std::string> rows;
                    add_rows(rows, "&", text, row_width);
                    out += "Answer:\n" + align(rows);
                }
            } else {
                out += matrix_answer(answer, titles);
            }
            // A matrix's many entries are worked out after it in smaller type, so that a 4×4
            // Jacobian does not take pages of the key.
            bool compact = answer.shape == Shape::matrix;
            out += compact ? "Worked solution, entry by entry:\n{\\small\n" : "Worked solution:\n";
            for (const auto& entry : solutions[i]) {
                std::size_t index = &entry - solutions[i].data();
                if (!titles[index].empty()) out += "\n$" + titles[index] + "$:\n";
                out += solution_block(render_solution_steps(entry.solution, Notation::latex));
            }
            out += compact ? "}\n\n" : "\n";
        }
        out += "\\end{enumerate}\n";
    }
    out += "\\end{document}\n";
    return out;
}

} // namespace chainrule
