#pragma once
// The keys of templates and specs that change how an answer is scored: `form`,
// `form_credit` and `step_credit` (templates/README.md, docs/grading.md).
#include "checker/form.hpp"
#include "generator/yaml_source.hpp"

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

namespace chainrule {

/// A `form:` value. One word must name a form (simplified, expanded, factored; `none` too
/// when allow_none, for a spec that drops a template's requirement): `prose` stays empty and
/// `form` is set. Text of several words is a requirement for people, shown and not checked:
/// `prose` holds it. An unknown word is a diagnostic with a did-you-mean.
struct FormValue {
    AnswerForm form = AnswerForm::none;
    bool named = false; ///< a form was named (possibly `none`)
    std::string prose;
};
FormValue read_form_value(const YamlDocument& doc, const YAML::Node& node, bool allow_none,
                          std::vector<Diagnostic>& out);

/// A share of the points (`form_credit`, `step_credit`): a number from 0 to 1, or true (1)
/// and false (0). Nothing, with a diagnostic, for anything else.
std::optional<double> read_credit(const YamlDocument& doc, const YAML::Node& node,
                                  const std::string& key, std::vector<Diagnostic>& out);

} // namespace chainrule
