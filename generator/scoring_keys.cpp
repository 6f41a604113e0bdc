#include "generator/scoring_keys.hpp"

#include "generator/parameter.hpp"

#include <algorithm>
#include <cctype>

namespace chainrule {

FormValue read_form_value(const YamlDocument& doc, const YAML::Node& node, bool allow_none,
                          std::vector<Diagnostic>& out) {
    FormValue value;
    if (!node.IsScalar()) {
        out.push_back(doc.at(node, "'form' must be text: simplified, expanded or factored"));
        return value;
    }
    const std::string& text = node.Scalar();
    bool one_word = !text.empty() && std::none_of(text.begin(), text.end(),
                                                  [](unsigned char c) { return std::isspace(c); });
    if (!one_word) {
        if (allow_none)
            out.push_back(doc.at(node, "'form' must be simplified, expanded, factored or none"));
        else
            value.prose = text;
        return value;
    }
    if (parse_answer_form(text, value.form) || (allow_none && text == "none")) {
        value.named = true;
        return value;
    }
    std::vector<std::string> names = answer_form_names();
    if (allow_none) names.push_back("none");
    std::string hint = closest_name(text, names);
    out.push_back(doc.at(
        node,
        "unknown form '" + text + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?") +
            " (a form is simplified, expanded or factored" +
            (allow_none ? ", or none" : "; a sentence is shown to the students as it is") + ")"));
    return value;
}

std::optional<double> read_credit(const YamlDocument& doc, const YAML::Node& node,
                                  const std::string& key, std::vector<Diagnostic>& out) {
    std::string text = scalar_text(node);
    if (node.IsScalar() && (text == "true" || text == "yes")) return 1.0;
    if (node.IsScalar() && (text == "false" || text == "no")) return 0.0;
    auto number = node.IsScalar() ? parse_number(text) : std::nullopt;
    if (!number || number->is_negative() || *number > 1) {
        out.push_back(doc.at(node, "'" + key +
                                       "' must be a share of the points from 0 to 1 "
                                       "(such as 0.5), or true or false"));
        return std::nullopt;
    }
    return number->to_double();
}

} // namespace chainrule
