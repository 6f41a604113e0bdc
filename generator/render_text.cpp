// The problem set as Unicode text for a terminal.
#include "expr/errors.hpp"
#include "expr/utf8.hpp"

#include "generator/matrix_solution.hpp"
#include "generator/render.hpp"
#include <vector>

namespace chainrule {

namespace {

constexpr std::size_t width = 80;

std::size_t length(const std::string& s) {
    return decode_utf8(s).size();
}

// Words of text filled into lines of at most `width` characters, each after `indent`. Lines
// break only at spaces outside parentheses and brackets, so that f(x, y) stays whole.
std::string wrap(const std::string& text, const std::string& indent) {
    std::vector<std::string> words;
    std::string word;
    int depth = 0;
    for (char c : text) {
        if (c == '(' || c == '[') ++depth;
        if ((c == ')' || c == ']') && depth > 0) --depth;
        if (c == ' ' && depth == 0) {
            if (!word.empty()) words.push_back(word);
            word.clear();
            continue;
        }
        word += c;
    }
    if (!word.empty()) words.push_back(word);
    std::string out, line;
    for (const auto& w : words) {
        if (!line.empty() && length(indent) + length(line) + 1 + length(w) > width) {
            out += indent + line + "\n";
            line.clear();
        }
        line += (line.empty() ? "" : " ") + w;
    }
    if (!line.empty()) out += indent + line + "\n";
    return out;
}

std::string points_text(double points) {
    return format_points(points) + (points == 1 ? " point" : " points");
}

} // namespace

std::string render_text(const ProblemSet& set,
                        const std::vector<std::vector<EntrySolution>>& solutions) {
    std::string out =
        set.title + "\n" + std::string(std::max<std::size_t>(length(set.title), 3), '=') + "\n";
    std::string about;
    if (!set.student.empty()) about += "Student: " + printable(set.student) + " · ";
    about += std::to_string(set.problems.size()) +
             (set.problems.size() == 1 ? " problem, " : " problems, ") +
             points_text(set.total_points()) + " · seed " + std::to_string(set.seed);
    out += about + "\n";
    for (std::size_t i = 0; i < set.problems.size(); ++i) {
        const Problem& p = set.problems[i];
        out += "\n" + std::to_string(p.number) + ". " + p.title + " (" + points_text(p.points) +
               ") [" + p.id + "]\n";
        out += wrap(p.prompt.unicode, "   ");
        if (!p.form.empty()) out += wrap("Form: " + p.form, "   ");
        if (solutions.empty()) continue;
        if (has_matrix_solution(p)) { // a matrix question: layer by layer, with the shapes
            out += "\n   Answer: " + solve_matrix_problem(p, Notation::unicode).answer +
                   "\n   Worked solution:\n";
            for (const auto& line : matrix_solution_lines(p, Notation::unicode))
                out += "     " + line + "\n";
            continue;
        }
        auto titles = entry_titles(p, Notation::unicode);
        ExprValue answer = solved_answer(p, solutions[i]);
        if (answer.is_scalar()) {
            out += "\n   Answer: " + answer_entry_text(answer, solutions[i], 0, Notation::unicode) +
                   "\n";
        } else {
            out += "\n   Answer:\n";
            for (std::size_t k = 0; k < answer.entries.size() && k < titles.size(); ++k)
                out += "     " + titles[k] + " = " +
                       answer_entry_text(answer, solutions[i], k, Notation::unicode) + "\n";
        }
        out += "   Worked solution:\n";
        for (const auto& entry : solutions[i]) {
            std::size_t index = &entry - solutions[i].data();
            std::string indent = "     ";
            if (!titles[index].empty()) {
                out += "     " + titles[index] + ":\n";
                indent = "       ";
            }
            for (const auto& line : render_solution(entry.solution, Notation::unicode))
                out += indent + line + "\n";
        }
    }
    return out;
}

} // namespace chainrule
