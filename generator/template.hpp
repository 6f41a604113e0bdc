#pragma once
// Problem templates: an instructor's randomised problem, read from YAML and checked.
// The format is documented in templates/README.md.
#include "generator/diagnostic.hpp"
#include "generator/parameter.hpp"
#include "generator/problem.hpp"
#include "generator/tolerance.hpp"
#include "generator/yaml_source.hpp"

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace chainrule {

/// A text of a template (placeholders unfilled) and where it was written.
struct SourceText {
    std::string text;
    YAML::Node node;        ///< the scalar it is part of
    std::size_t offset = 0; ///< where text starts in the scalar's text, in characters
};

/// A named value: a part of a chain (`z = w*x + b`) or a name the answer may use (`let:`).
struct NamedSource {
    std::string name;
    SourceText expression;
};

/// A foreseen wrong answer and its feedback.
struct MistakeSource {
    SourceText answer;
    SourceText feedback;
    std::vector<SourceText> where; ///< the parameter values for which it is foreseen
};

/// Parameters that must take pairwise different values.
struct DistinctGroup {
    std::vector<std::size_t> parameters; ///< indices into Template::parameters
    YAML::Node node;
};

struct VariantCache;
struct MatrixTemplateSource; // generator/matrix_template.hpp

/// A loaded template.
struct Template {
    std::shared_ptr<const YamlDocument> document;
    std::string file;

    std::string id;
    std::string topic;
    std::string title;
    int difficulty = 1;
    std::vector<std::string> tags;

    std::vector<Parameter> parameters;
    std::vector<DistinctGroup> distinct;
    std::vector<SourceText> where;

    std::optional<SourceText> function;  ///< the function, or
    std::optional<SourceText> display;   ///< the function as the question shows it, if not as typed
    std::vector<NamedSource> parts;      ///< the chain whose last part is the function
    std::string name = "f";              ///< the function's name in the question
    std::optional<SourceText> component; ///< 1-based entry of a vector function to ask about
    std::vector<SourceText> variables;   ///< each may be a range such as z1..z{K}
    AskKind ask = AskKind::derivative;
    std::vector<SourceText> wrt; ///< empty: the default for the kind of question
    std::vector<NamedSource> lets;
    std::optional<SourceText> prompt;
    std::vector<MistakeSource> mistakes;
    std::optional<SourceText> form;              ///< a form requirement in words, for people
    AnswerForm required_form = AnswerForm::none; ///< a form requirement that is checked
    std::optional<double> form_credit;           ///< the share of the points in another form
    std::optional<double> step_credit;           ///< the share for a late wrong step
    double points = 1;
    bool allow_zero = false;
    /// `at:` the point (variable = value) at which the derivative's value is asked: a number
    /// answer. Empty: the derivative itself is asked.
    std::vector<NamedSource> point;
    Tolerance tolerance; ///< how close a number answer must be (`at:` questions)
    /// A matrix question's `shapes`, `constraints` and `solution` (null for others).
    std::shared_ptr<const MatrixTemplateSource> matrix;

    /// The variants made so far, by parameter values (filled by VariantSource): a template
    /// has few variants and every student's set draws from them.
    mutable std::shared_ptr<VariantCache> variants;

    /// The index of a parameter by name, or npos.
    std::size_t parameter_index(const std::string& name) const;
    /// A diagnostic at a character (0-based) of a template text.
    Diagnostic at(const SourceText& text, std::size_t offset, std::string message) const;
    /// A diagnostic at a node of the template.
    Diagnostic at(const YAML::Node& node, std::string message) const;
};

/// The keys a template may have, for messages and documentation.
const std::vector<std::string>& template_keys();

/// Reads and checks a template file: structure, keys (with did-you-mean), parameter
/// ranges, and that every expression reads for some values of the parameters. Throws
/// TemplateError with every problem found, each at file:line:column.
Template load_template(const std::string& path);

/// The same for a template given as text; file names it in messages.
Template parse_template(std::string text, const std::string& file);

/// Whether a YAML document looks like a template (rather than a spec or a problem set).
bool looks_like_template(const YAML::Node& root);

} // namespace chainrule
