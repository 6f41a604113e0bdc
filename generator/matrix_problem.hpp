#pragma once
// A matrix question of a problem set (issue 20): names declared with symbolic shapes, named
// values in the matrix language, the function and the name it is differentiated against. Text
// only, no GiNaC symbols: the checker's MatrixExpectation is built from it for each check, so
// a problem kept across a grading worker's rewind of the symbol table holds nothing stale.
#include "checker/matrix_check.hpp"
#include "generator/problem.hpp"
#include "generator/yaml_source.hpp"

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <string>
#include <utility>
#include <vector>

namespace chainrule {

/// One line of a matrix question's worked solution (the backward pass).
struct MatrixStep {
    std::string name;  ///< the name it defines for later lines (δ), or ""
    std::string grad;  ///< the name the function is differentiated against here (z), or ""
    std::string value; ///< in the matrix language, plain
    std::string why;   ///< the reason, prose ("" for none)
};

/// What a matrix question declares and asks.
struct MatrixProblem {
    std::vector<std::pair<std::string, std::vector<std::string>>> shapes; ///< W → [m, n]
    std::vector<std::pair<std::string, std::string>> constraints;         ///< y → onehot
    std::vector<std::pair<std::string, std::string>> lets; ///< z → "W x + b" (plain), in order
    std::string function;                                  ///< plain
    std::string wrt;
    /// The worked solution's backward pass, the last line the answer (the key in matrix form);
    /// empty for a problem read from a file (its key is worked out from the function).
    std::vector<MatrixStep> steps;

    /// The question as the checker reads it: the key is the function's derivative. `name` is
    /// the function's name (L).
    MatrixQuestionText question(const std::string& name) const;
    /// The same with the worked solution's named lines as lets and its last line as the key.
    MatrixQuestionText solution_question(const std::string& name) const;
    /// "m×n": the shape of the answer (the key's), worked out from the question.
    std::string answer_shape(const std::string& name) const;
};

/// A matrix question's error in the words of a file's keys (let, function, shapes) instead of
/// the command line's options (--let, --function, --shape), its first line only (a caret
/// would point into the filled-in text).
std::string matrix_question_words(std::string message);

/// "onehot" → "one-hot", "probability" → "a probability vector", ...: a constraint in words.
std::string constraint_words(const std::string& word);

/// The keys of a matrix problem in a problem-set file: shapes and constraints (written after
/// `function`, whose text is the matrix function).
void write_matrix_keys(YAML::Emitter& out, const MatrixProblem& matrix);

/// The same keys in a JSON problem set.
void add_matrix_keys(nlohmann::ordered_json& out, const MatrixProblem& matrix);

/// Reads a problem's matrix question from a problem-set file (a problem with `shapes:`): the
/// shapes, constraints, lets, function and mistakes, checked by building the checker's
/// question. Throws TemplateError at the place in the file.
void read_matrix_problem(const YamlDocument& doc, const YAML::Node& node, Problem& problem);

} // namespace chainrule
