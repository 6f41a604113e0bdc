#pragma once
// Matrix questions in templates (issue 20): `shapes:` declares names with symbolic shapes,
// `constraints:` what they satisfy, `let:` and `function:` are in the matrix language, and
// `solution:` is the worked solution's backward pass, each line checked, the last the answer.
// The format is documented in templates/README.md ("Matrix questions").
#include "expr/printer.hpp"
#include "generator/placeholder.hpp"
#include "generator/template.hpp"
#include "generator/variants.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace chainrule {

/// A declared name and its dimensions (each a text that may hold placeholders).
struct MatrixShapeSource {
    std::string name;
    std::vector<SourceText> dims;
};

/// One line of a template's worked solution.
struct MatrixStepSource {
    std::string name; ///< the name it defines (δ), or ""
    std::string grad; ///< ∂L/∂grad is what the line claims, or ""
    SourceText value;
    std::optional<SourceText> why;
    YAML::Node node;
};

/// The matrix keys of a template.
struct MatrixTemplateSource {
    std::vector<MatrixShapeSource> shapes;
    std::vector<NamedSource> constraints;
    std::vector<MatrixStepSource> steps;
};

/// The template keys that only a matrix question has.
const std::vector<std::string>& matrix_template_keys();

/// Reads `shapes`, `constraints` and `solution` of a template whose root has `shapes`, and
/// reports keys that do not go with them. Problems go to `out`.
std::shared_ptr<const MatrixTemplateSource>
read_matrix_template(const YamlDocument& doc, const YAML::Node& root, std::vector<Diagnostic>& out);

/// What instantiate() lends a matrix variant: the template's texts with the variant's values.
struct VariantTexts {
    /// An expression's text filled in (throws TemplateError at the place in the template).
    std::function<FilledText(const SourceText&)> fill;
    /// Prose (feedback, a line's reason) with the values as written.
    std::function<std::string(const SourceText&, const std::string& what)> prose;
    /// Whether a condition (a mistake's `where`) holds.
    std::function<bool(const SourceText&)> holds;
    /// A placeholder of the prompt that names a parameter or an expression over them.
    std::function<std::optional<std::string>(const std::string&, Notation)> intro;
};

/// The matrix problem of a template for these parameter values (the constraints on the
/// values already hold), or why there is none. Throws TemplateError, at the place in the
/// template, for a text that does not read, a solution line that is not the derivative it
/// claims, a foreseen mistake that is a correct answer.
std::variant<Problem, Rejection> instantiate_matrix(const Template& t, const Assignment& values,
                                                    const VariantTexts& texts);

} // namespace chainrule
