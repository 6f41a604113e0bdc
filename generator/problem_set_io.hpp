#pragma once
// Problem sets as YAML: written by `generate`, read back by `check` and `grade`.
#include "generator/problem_set.hpp"
#include "generator/problem_solution.hpp"

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace chainrule {

/// The problem set as YAML (format chainrule-problem-set/1). With solutions (one list per
/// problem, as solve_all gives), each problem also has its answer and worked solution.
std::string write_problem_set_yaml(const ProblemSet& set,
                                   const std::vector<std::vector<EntrySolution>>& solutions = {});

/// Reads a problem set written by write_problem_set_yaml. The function, named values and
/// mistakes are read back as expressions and the expected answers worked out again from them,
/// so a set whose answers were left out grades the same. Throws TemplateError (file:line:column)
/// for anything missing or wrong.
ProblemSet load_problem_set(const std::string& path);

/// The same for text; file names it in messages.
ProblemSet parse_problem_set(std::string text, const std::string& file);

/// Whether a YAML document looks like a problem set.
bool looks_like_problem_set(const YAML::Node& root);

} // namespace chainrule
