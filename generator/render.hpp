#pragma once
// A problem set written out: Unicode text for the terminal, Markdown, LaTeX, JSON and YAML.
#include "generator/problem_set.hpp"
#include "generator/problem_solution.hpp"

#include <string>
#include <vector>

namespace chainrule {

/// The renderings of a problem set.
enum class Format { text, markdown, latex, json, yaml };

/// "text", "md", "tex", "json", "yaml".
const char* to_string(Format format);
/// The format named by text (text, md/markdown, tex/latex, json, yaml/yml); false if none.
bool parse_format(const std::string& text, Format& out);
/// The format a file name's extension implies (.txt, .md, .tex, .json, .yaml/.yml); false if
/// none.
bool format_for_path(const std::string& path, Format& out);

/// What to include.
struct RenderOptions {
    bool solutions = false; ///< the answers and their worked solutions
};

/// The problem set in the format. Deterministic: the same set gives the same bytes.
std::string render(const ProblemSet& set, Format format, const RenderOptions& options = {});

/// The worked solutions of every problem of a set (what render computes for --solutions).
std::vector<std::vector<EntrySolution>> solve_all(const ProblemSet& set);

/// The answer as the worked solutions end: the expected value's shape with each entry the
/// simplified result of its derivation (the expected value itself when there are none),
/// written with the problem's named values where they fit: S1(1 − S1), not e^z1(...)/(...).
ExprValue solved_answer(const Problem& problem, const std::vector<EntrySolution>& solutions);

/// Entry k of a solved_answer as written in the notation: the last line of its derivation
/// when that states the result in the course's form (SolutionStep::final_form), else printed.
std::string answer_entry_text(const ExprValue& answer, const std::vector<EntrySolution>& solutions,
                              std::size_t k, Notation notation);

/// Titles for the entries of a problem's answer in a notation: "" for a single derivative,
/// "∂f/∂x" for a gradient's, "∂S1/∂z2" for a Jacobian's.
std::vector<std::string> entry_titles(const Problem& problem, Notation notation);

// The renderers, each in its own file; `solutions` is empty unless they are asked for.
std::string render_text(const ProblemSet& set,
                        const std::vector<std::vector<EntrySolution>>& solutions);
std::string render_markdown(const ProblemSet& set,
                            const std::vector<std::vector<EntrySolution>>& solutions);
std::string render_latex(const ProblemSet& set,
                         const std::vector<std::vector<EntrySolution>>& solutions);
std::string render_json(const ProblemSet& set,
                        const std::vector<std::vector<EntrySolution>>& solutions);

} // namespace chainrule
