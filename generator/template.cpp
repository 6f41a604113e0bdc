// Over 600 lines, one job: reading a template file, every key checked and reported with its
// place (file:line:column) in one pass, so that validate names every error of a file at once.
#include "generator/template.hpp"

#include "expr/lexer.hpp"
#include "generator/matrix_template.hpp"
#include "generator/placeholder.hpp"
#include "generator/scoring_keys.hpp"
#include "generator/variants.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace chainrule {

namespace {

constexpr std::size_t max_domain = 100000;

const std::vector<std::string>& parameter_keys() {
    static const std::vector<std::string> keys = {"int",    "decimal", "step",
                                                  "choice", "nonzero", "exclude"};
    return keys;
}

bool is_identifier(const std::string& name) {
    if (name.empty() || name.size() > 32 || !std::isalpha(static_cast<unsigned char>(name[0])))
        return false;
    return std::all_of(name.begin(), name.end(),
                       [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

// Names that cannot name a parameter: they mean something in placeholders or expressions.
bool is_reserved(const std::string& name) {
    return name == "f" || name == "wrt" || name == "variables" || name == "e" || name == "pi" ||
           is_function_name(name);
}

// Names that cannot name a part or a let.
bool is_reserved_value(const std::string& name) {
    return name == "wrt" || name == "variables" || name == "e" || name == "pi" ||
           is_function_name(name);
}

std::string file_stem(const std::string& path) {
    std::size_t slash = path.find_last_of('/');
    std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    for (const char* ext : {".yaml", ".yml"}) {
        std::string e = ext;
        if (base.size() > e.size() && base.compare(base.size() - e.size(), e.size(), e) == 0)
            return base.substr(0, base.size() - e.size());
    }
    return "";
}

class TemplateReader {
  public:
    TemplateReader(std::shared_ptr<const YamlDocument> doc, Template& t) : doc_(*doc), t_(t) {
        t_.document = std::move(doc);
        t_.file = doc_.file();
    }

    std::vector<Diagnostic> read() {
        const YAML::Node& root = doc_.root();
        if (!root.IsMap()) {
            out_.push_back(doc_.at(root, "a template must be a map of keys such as id, title, "
                                         "function, variables and ask"));
            return out_;
        }
        // A matrix question declares its names in `shapes` instead of `variables`.
        check_keys(doc_, root, template_keys(),
                   root["shapes"]
                       ? std::vector<std::string>{"id", "topic", "title", "ask"}
                       : std::vector<std::string>{"id", "topic", "title", "variables", "ask"},
                   "template", out_);
        read_identity(root);
        std::size_t before_core = out_.size();
        read_parameters(root["parameters"]);
        read_distinct(root["distinct"]);
        read_list(root["where"], "where", t_.where);
        read_function(root);
        read_list(root["variables"], "variables", t_.variables);
        read_ask(root);
        read_lets(root["let"]);
        if (root["shapes"]) t_.matrix = read_matrix_template(doc_, root, out_);
        for (const auto& key : matrix_template_keys())
            if (root[key] && !root["shapes"])
                error(root[key], "'" + key + "' goes with 'shapes' (a matrix question)");
        core_read_ =
            out_.size() == before_core && (root["variables"] || root["shapes"]) && root["ask"];
        if (auto prompt = optional_text(root["prompt"], "prompt")) t_.prompt = prompt;
        read_mistakes(root["mistakes"]);
        if (const YAML::Node& form = root["form"]) {
            FormValue value = read_form_value(doc_, form, false, out_);
            t_.required_form = value.form;
            if (!value.prose.empty()) t_.form = SourceText{value.prose, form, 0};
        }
        if (root["form_credit"])
            t_.form_credit = read_credit(doc_, root["form_credit"], "form_credit", out_);
        if (root["step_credit"])
            t_.step_credit = read_credit(doc_, root["step_credit"], "step_credit", out_);
        if (root["points"]) t_.points = read_points(root["points"]);
        if (root["allow_zero"]) t_.allow_zero = read_bool(root["allow_zero"], "allow_zero");
        read_at(root["at"]);
        read_tolerance(root["tolerance"]);
        return out_;
    }

    /// Whether what a variant is made from (parameters, constraints, function, variables,
    /// what is asked, lets) was read without error: then the variants can be probed for
    /// further errors, whatever else is wrong.
    bool core_read() const { return core_read_; }

  private:
    void error(const YAML::Node& node, const std::string& message) {
        out_.push_back(doc_.at(node, message));
    }

    std::string required_string(const YAML::Node& node, const std::string& key) {
        if (!node.IsScalar()) {
            error(node, "'" + key + "' must be text");
            return "";
        }
        return node.Scalar();
    }

    std::optional<SourceText> optional_text(const YAML::Node& node, const std::string& key) {
        if (!node) return std::nullopt;
        if (!node.IsScalar()) {
            error(node, "'" + key + "' must be text");
            return std::nullopt;
        }
        return SourceText{node.Scalar(), node, 0};
    }

    bool read_bool(const YAML::Node& node, const std::string& key) {
        std::string text = scalar_text(node);
        if (text == "true" || text == "yes") return true;
        if (text == "false" || text == "no") return false;
        error(node, "'" + key + "' must be true or false");
        return false;
    }

    double read_points(const YAML::Node& node) {
        auto value = node.IsScalar() ? parse_number(node.Scalar()) : std::nullopt;
        if (!value || value->is_negative() || *value > 1000) {
            error(node, "'points' must be a number from 0 to 1000");
            return 1;
        }
        return value->to_double();
    }

    void read_identity(const YAML::Node& root) {
        if (root["id"]) {
            t_.id = required_string(root["id"], "id");
            bool ok = !t_.id.empty() && t_.id.size() <= 64 &&
                      std::all_of(t_.id.begin(), t_.id.end(),
                                  [](unsigned char c) {
                                      return std::islower(c) || std::isdigit(c) || c == '-';
                                  }) &&
                      std::isalnum(static_cast<unsigned char>(t_.id[0]));
            if (!ok && !t_.id.empty())
                error(root["id"], "'id' must be lower-case letters, digits and '-' (such as "
                                  "power-rule), at most 64 characters");
            std::string stem = file_stem(t_.file);
            if (ok && !stem.empty() && stem != t_.id)
                error(root["id"], "'id' is '" + t_.id + "' but the file is named '" + stem +
                                      ".yaml': a spec finds a template by its file name");
        }
        if (root["topic"]) t_.topic = required_string(root["topic"], "topic");
        if (root["title"]) t_.title = required_string(root["title"], "title");
        if (const YAML::Node& d = root["difficulty"]) {
            auto value = d.IsScalar() ? parse_number(d.Scalar()) : std::nullopt;
            if (!value || !value->is_integer() || *value < 1 || *value > 5)
                error(d, "'difficulty' must be a whole number from 1 to 5");
            else
                t_.difficulty = value->to_int();
        }
        if (const YAML::Node& tags = root["tags"]) {
            if (!tags.IsSequence()) {
                error(tags, "'tags' must be a list, such as [chain rule, sigmoid]");
            } else {
                for (const auto& tag : tags) {
                    if (!tag.IsScalar())
                        error(tag, "a tag must be text");
                    else
                        t_.tags.push_back(tag.Scalar());
                }
            }
        }
    }

    std::optional<GiNaC::numeric> number_at(const YAML::Node& node, const std::string& what) {
        if (!node.IsScalar()) {
            error(node, what + " must be a number");
            return std::nullopt;
        }
        auto value = parse_number(node.Scalar());
        if (!value) {
            error(node, what + " must be a number, not '" + printable(node.Scalar()) + "'");
            return std::nullopt;
        }
        if (GiNaC::abs(*value) > 1000000) {
            error(node, what + " must be between -1000000 and 1000000");
            return std::nullopt;
        }
        return value;
    }

    bool read_range(const YAML::Node& node, const std::string& kind, GiNaC::numeric& low,
                    GiNaC::numeric& high) {
        if (!node.IsSequence() || node.size() != 2) {
            error(node, "'" + kind + "' takes [low, high], such as [2, 9]");
            return false;
        }
        auto a = number_at(node[0], "the low end of the range");
        auto b = number_at(node[1], "the high end of the range");
        if (!a || !b) return false;
        if (*a > *b) {
            error(node, "the range runs backwards: the low end is above the high end");
            return false;
        }
        low = *a;
        high = *b;
        return true;
    }

    void read_parameters(const YAML::Node& node) {
        if (!node) return;
        if (!node.IsMap()) {
            error(node, "'parameters' must be a map from names to ranges or choices");
            return;
        }
        std::set<std::string> seen;
        for (auto it = node.begin(); it != node.end(); ++it) {
            std::string name = scalar_text(it->first);
            if (!is_identifier(name)) {
                error(it->first, "a parameter's name must be a letter, then letters, digits or "
                                 "'_'");
                continue;
            }
            if (is_reserved(name)) {
                error(it->first, "'" + name +
                                     "' cannot name a parameter: it is reserved (f, "
                                     "wrt, variables, e, pi and function names)");
                continue;
            }
            if (!seen.insert(name).second) {
                error(it->first, "duplicate parameter '" + name + "'");
                continue;
            }
            Parameter p;
            p.name = name;
            p.where = doc_.locate(it->first);
            if (read_parameter(it->second, p)) t_.parameters.push_back(std::move(p));
        }
    }

    // One parameter: a fixed value, or one kind of range or choice, then the values that
    // nonzero and exclude remove.
    bool read_parameter(const YAML::Node& spec, Parameter& p) {
        if (spec.IsScalar()) { // a fixed value
            p.kind = ParamKind::choice;
            p.domain.push_back(value_of(spec));
            return true;
        }
        if (spec.IsSequence()) {
            error(spec, "parameter '" + p.name + "': write {choice: [...]} for a list of values");
            return false;
        }
        if (!spec.IsMap()) {
            error(spec, "parameter '" + p.name +
                            "' must be {int: [low, high]}, {decimal: [low, "
                            "high], step: s} or {choice: [...]}");
            return false;
        }
        std::size_t before = out_.size();
        check_keys(doc_, spec, parameter_keys(), {}, "parameter '" + p.name + "'", out_);
        int kinds = (spec["int"] ? 1 : 0) + (spec["decimal"] ? 1 : 0) + (spec["choice"] ? 1 : 0);
        if (kinds != 1) {
            error(spec, "parameter '" + p.name + "' needs exactly one of int, decimal and choice");
            return false;
        }
        if (spec["step"] && !spec["decimal"]) error(spec["step"], "'step' belongs with 'decimal'");
        std::optional<std::vector<ParamValue>> values;
        if (spec["int"]) {
            p.kind = ParamKind::integer;
            values = int_values(spec["int"]);
        } else if (spec["decimal"]) {
            p.kind = ParamKind::decimal;
            values = decimal_values(spec, p.name);
        } else {
            p.kind = ParamKind::choice;
            values = choice_values(spec["choice"]);
        }
        if (!values) return false;
        p.domain = without_excluded(spec, *values);
        if (out_.size() > before) return false;
        if (p.domain.empty()) {
            error(spec, "parameter '" + p.name +
                            "' has no value left once nonzero and exclude "
                            "are applied");
            return false;
        }
        return true;
    }

    // {int: [low, high]}: every whole number from low to high.
    std::optional<std::vector<ParamValue>> int_values(const YAML::Node& range) {
        GiNaC::numeric low, high;
        if (!read_range(range, "int", low, high)) return std::nullopt;
        if (!low.is_integer() || !high.is_integer()) {
            error(range, "an int range takes whole numbers; use decimal for others");
            return std::nullopt;
        }
        if ((high - low).to_double() >= static_cast<double>(max_domain)) {
            error(range, "range too large (at most " + std::to_string(max_domain) + " values)");
            return std::nullopt;
        }
        std::vector<ParamValue> values;
        for (GiNaC::numeric v = low; v <= high; v = v + 1)
            values.push_back(ParamValue::of(v));
        return values;
    }

    // {decimal: [low, high], step: s}: low, low + s, ..., high, exactly.
    std::optional<std::vector<ParamValue>> decimal_values(const YAML::Node& spec,
                                                          const std::string& name) {
        GiNaC::numeric low, high;
        if (!read_range(spec["decimal"], "decimal", low, high)) return std::nullopt;
        if (!spec["step"]) {
            error(spec, "parameter '" + name +
                            "': a decimal range needs a 'step', such as "
                            "step: 0.01");
            return std::nullopt;
        }
        auto step = number_at(spec["step"], "'step'");
        if (!step) return std::nullopt;
        if (!step->is_positive()) {
            error(spec["step"], "'step' must be above 0");
            return std::nullopt;
        }
        GiNaC::numeric count = (high - low) / *step;
        if (!count.is_integer()) {
            error(spec["step"],
                  "the range is not a whole number of steps: " + exact_number_text(low) + " to " +
                      exact_number_text(high) + " in steps of " + exact_number_text(*step));
            return std::nullopt;
        }
        if (count.to_double() >= static_cast<double>(max_domain)) {
            error(spec["step"], "too many values (at most " + std::to_string(max_domain) + ")");
            return std::nullopt;
        }
        std::vector<ParamValue> values;
        for (GiNaC::numeric k = 0; k <= count; k = k + 1)
            values.push_back(ParamValue::of(low + k * *step));
        return values;
    }

    // {choice: [...]}: the listed numbers or words, as written.
    std::optional<std::vector<ParamValue>> choice_values(const YAML::Node& choices) {
        if (!choices.IsSequence() || choices.size() == 0) {
            error(choices, "'choice' takes a list of values, such as [2, 3, 5]");
            return std::nullopt;
        }
        if (choices.size() > max_domain) {
            error(choices, "too many choices");
            return std::nullopt;
        }
        std::vector<ParamValue> values;
        std::set<std::string> seen;
        for (const auto& c : choices) {
            if (!c.IsScalar()) {
                error(c, "a choice must be a number or a word");
                return std::nullopt;
            }
            ParamValue v = value_of(c);
            if (!seen.insert(v.text()).second) error(c, "duplicate choice '" + v.text() + "'");
            values.push_back(v);
        }
        return values;
    }

    // The values left once `nonzero` and `exclude` are applied.
    std::vector<ParamValue> without_excluded(const YAML::Node& spec,
                                             const std::vector<ParamValue>& values) {
        bool nonzero = spec["nonzero"] && read_bool(spec["nonzero"], "nonzero");
        std::vector<GiNaC::numeric> excluded;
        if (const YAML::Node& ex = spec["exclude"]) {
            if (!ex.IsSequence()) {
                error(ex, "'exclude' takes a list of values, such as [0, 1, -1]");
            } else {
                for (const auto& e : ex)
                    if (auto v = number_at(e, "an excluded value")) excluded.push_back(*v);
            }
        }
        std::vector<ParamValue> kept;
        for (const auto& v : values) {
            if (v.is_number && nonzero && v.number.is_zero()) continue;
            if (v.is_number && std::any_of(excluded.begin(), excluded.end(),
                                           [&](const GiNaC::numeric& e) { return e == v.number; }))
                continue;
            kept.push_back(v);
        }
        return kept;
    }

    static ParamValue value_of(const YAML::Node& node) {
        if (auto n = parse_number(node.Scalar())) return ParamValue::of(*n);
        return ParamValue::of(node.Scalar());
    }

    void read_distinct(const YAML::Node& node) {
        if (!node) return;
        if (!node.IsSequence()) {
            error(node, "'distinct' takes a list of parameters, [a, b], or a list of such lists");
            return;
        }
        bool nested = node.size() > 0 && node[0].IsSequence();
        auto group_of = [&](const YAML::Node& list) {
            DistinctGroup group;
            group.node = list;
            for (const auto& item : list) {
                std::string name = scalar_text(item);
                std::size_t index = t_.parameter_index(name);
                if (index == std::string::npos) {
                    std::vector<std::string> names;
                    for (const auto& p : t_.parameters)
                        names.push_back(p.name);
                    std::string hint = closest_name(name, names);
                    error(item, "'distinct' names '" + printable(name) +
                                    "', which is not a "
                                    "parameter" +
                                    (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
                    continue;
                }
                group.parameters.push_back(index);
            }
            if (list.size() < 2) error(list, "'distinct' needs at least two parameters");
            t_.distinct.push_back(std::move(group));
        };
        if (nested) {
            for (const auto& list : node) {
                if (!list.IsSequence())
                    error(list, "mix of names and lists in 'distinct'");
                else
                    group_of(list);
            }
        } else {
            group_of(node);
        }
    }

    void read_list(const YAML::Node& node, const std::string& key, std::vector<SourceText>& out) {
        if (!node) return;
        if (node.IsScalar()) {
            out.push_back({node.Scalar(), node, 0});
            return;
        }
        if (!node.IsSequence()) {
            error(node, "'" + key + "' must be text or a list of texts");
            return;
        }
        for (const auto& item : node) {
            if (!item.IsScalar())
                error(item, "each entry of '" + key + "' must be text");
            else
                out.push_back({item.Scalar(), item, 0});
        }
        if (node.size() == 0) error(node, "'" + key + "' is empty");
    }

    void read_function(const YAML::Node& root) {
        const YAML::Node& function = root["function"];
        const YAML::Node& parts = root["parts"];
        if (function && parts) error(parts, "give either 'function' or 'parts', not both");
        if (!function && !parts)
            error(root, "template: missing required key 'function' (or 'parts' for a chain)");
        if (function) t_.function = optional_text(function, "function");
        if (parts) {
            if (!parts.IsSequence() || parts.size() == 0) {
                error(parts, "'parts' takes a list such as [\"z = w*x + b\", \"y = sigmoid(z)\"]");
            } else {
                for (const auto& part : parts) {
                    if (!part.IsScalar()) {
                        error(part, "a part must be text: \"name = expression\"");
                        continue;
                    }
                    if (auto named = split_named(part)) t_.parts.push_back(*named);
                }
            }
        }
        if (const YAML::Node& name = root["name"]) {
            t_.name = required_string(name, "name");
            if (!is_identifier(t_.name)) error(name, "'name' must be a name such as f or S");
            if (parts) error(name, "with 'parts', the function is the last part: drop 'name'");
        }
        if (!t_.parts.empty()) t_.name = t_.parts.back().name;
        if (root["component"]) t_.component = optional_text(root["component"], "component");
        if (const YAML::Node& display = root["display"]) {
            t_.display = optional_text(display, "display");
            if (parts)
                error(display, "with 'parts', each part is shown as written: drop 'display'");
        }
    }

    std::optional<NamedSource> split_named(const YAML::Node& part) {
        const std::string& text = part.Scalar();
        std::size_t eq = text.find('=');
        if (eq == std::string::npos) {
            error(part, "a part is written \"name = expression\", such as \"z = w*x + b\"");
            return std::nullopt;
        }
        std::string name = text.substr(0, eq);
        name.erase(0, name.find_first_not_of(' '));
        name.erase(name.find_last_not_of(' ') + 1);
        std::size_t start = eq + 1;
        while (start < text.size() && text[start] == ' ')
            ++start;
        if (!is_identifier(name) || is_reserved_value(name)) {
            error(part, "a part's name must be a free name such as z or y, not '" +
                            printable(name) + "'");
            return std::nullopt;
        }
        // Offsets count characters: the name is ASCII, so bytes before `start` are characters.
        return NamedSource{name, SourceText{text.substr(start), part, start}};
    }

    void read_ask(const YAML::Node& root) {
        if (const YAML::Node& ask = root["ask"]) {
            std::string text = scalar_text(ask);
            if (!parse_ask_kind(text, t_.ask)) {
                std::vector<std::string> kinds = {"derivative", "partial", "partials", "gradient",
                                                  "jacobian"};
                std::string hint = closest_name(text, kinds);
                error(ask, "'ask' must be derivative, partial, partials, gradient or jacobian" +
                               (hint.empty() ? std::string() : "; did you mean '" + hint + "'?"));
            }
        }
        read_list(root["wrt"], "wrt", t_.wrt);
    }

    void read_lets(const YAML::Node& node) {
        if (!node) return;
        if (!node.IsMap()) {
            error(node, "'let' must be a map from names to expressions, such as {y: sigmoid(z)}");
            return;
        }
        std::set<std::string> seen;
        for (auto it = node.begin(); it != node.end(); ++it) {
            std::string name = scalar_text(it->first);
            if (!is_identifier(name) || is_reserved_value(name)) {
                error(it->first, "a let's name must be a free name such as y or S, not '" +
                                     printable(name) + "'");
                continue;
            }
            if (!seen.insert(name).second) {
                error(it->first, "duplicate let '" + name + "'");
                continue;
            }
            if (!it->second.IsScalar()) {
                error(it->second, "let '" + name + "' must be an expression");
                continue;
            }
            t_.lets.push_back({name, SourceText{it->second.Scalar(), it->second, 0}});
        }
        for (const auto& part : t_.parts)
            if (seen.count(part.name))
                error(part.expression.node, "'" + part.name + "' is both a part and a let");
    }

    void read_at(const YAML::Node& node) {
        if (!node) return;
        if (!node.IsMap() || node.size() == 0) {
            error(node, "'at' must be a map from variables to values, such as {z: 0.5}");
            return;
        }
        std::set<std::string> seen;
        for (auto it = node.begin(); it != node.end(); ++it) {
            std::string name = scalar_text(it->first);
            if (!is_identifier(name)) {
                error(it->first, "'at': '" + printable(name) + "' is not a variable's name");
                continue;
            }
            if (!seen.insert(name).second) {
                error(it->first, "'at': '" + name + "' is given twice");
                continue;
            }
            if (!it->second.IsScalar()) {
                error(it->second, "'at': the value of '" + name +
                                      "' must be a number, such as "
                                      "0.5 or {x0}");
                continue;
            }
            t_.point.push_back({name, SourceText{it->second.Scalar(), it->second, 0}});
        }
    }

    void read_tolerance(const YAML::Node& node) {
        if (!node) return;
        const char* usage = "'tolerance' is one of {significant: 3}, {relative: 0.01} and "
                            "{absolute: 0.001}";
        if (!node.IsMap() || node.size() != 1) {
            error(node, usage);
            return;
        }
        auto it = node.begin();
        std::string kind = scalar_text(it->first);
        if (kind != "significant" && kind != "relative" && kind != "absolute") {
            std::string hint = closest_name(kind, {"significant", "relative", "absolute"});
            error(it->first,
                  std::string(usage) + (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
            return;
        }
        auto parsed = Tolerance::parse(kind + " " + scalar_text(it->second));
        if (!parsed) {
            error(it->second, kind == "significant"
                                  ? "'significant' takes a whole number of figures from 1 to 15"
                              : kind == "relative"
                                  ? "'relative' takes a share of the value above 0 and below 1"
                                  : "'absolute' takes a number above 0");
            return;
        }
        t_.tolerance = *parsed;
        if (!t_.point.empty()) return;
        error(node, "'tolerance' goes with 'at': a derivative asked at a point");
    }

    void read_mistakes(const YAML::Node& node) {
        if (!node) return;
        if (!node.IsSequence()) {
            error(node, "'mistakes' must be a list of {answer: ..., feedback: ...}");
            return;
        }
        for (const auto& item : node) {
            if (!item.IsMap()) {
                error(item, "a mistake is {answer: ..., feedback: ...}");
                continue;
            }
            std::size_t before = out_.size();
            check_keys(doc_, item, {"answer", "feedback", "where"}, {"answer", "feedback"},
                       "mistake", out_);
            if (out_.size() > before) continue;
            auto answer = optional_text(item["answer"], "answer");
            auto feedback = optional_text(item["feedback"], "feedback");
            std::vector<SourceText> where;
            read_list(item["where"], "where", where);
            if (out_.size() > before) continue;
            if (answer && feedback) t_.mistakes.push_back({*answer, *feedback, std::move(where)});
        }
    }

    const YamlDocument& doc_;
    Template& t_;
    std::vector<Diagnostic> out_;
    bool core_read_ = false;
};

// Every error found in one run: what reading finds, then (when the core of the template
// was read) what the first variants reveal.
Template read_template(std::shared_ptr<const YamlDocument> doc) {
    Template t;
    TemplateReader reader(std::move(doc), t);
    std::vector<Diagnostic> problems = reader.read();
    if (problems.empty() || reader.core_read()) {
        std::vector<Diagnostic> probed = probe_template(t);
        problems.insert(problems.end(), probed.begin(), probed.end());
    }
    if (!problems.empty()) throw TemplateError(std::move(problems));
    return t;
}

} // namespace

const std::vector<std::string>& template_keys() {
    static const std::vector<std::string> keys = {
        "id",        "topic",       "title",       "difficulty",  "tags",       "parameters",
        "distinct",  "where",       "function",    "parts",       "name",       "component",
        "variables", "ask",         "wrt",         "let",         "prompt",     "mistakes",
        "form",      "form_credit", "step_credit", "points",      "allow_zero", "at",
        "tolerance", "display",     "shapes",      "constraints", "solution"};
    return keys;
}

std::size_t Template::parameter_index(const std::string& name) const {
    for (std::size_t i = 0; i < parameters.size(); ++i)
        if (parameters[i].name == name) return i;
    return std::string::npos;
}

Diagnostic Template::at(const SourceText& text, std::size_t offset, std::string message) const {
    return document->at_offset(text.node, text.offset + offset, std::move(message));
}

Diagnostic Template::at(const YAML::Node& node, std::string message) const {
    return document->at(node, std::move(message));
}

Template parse_template(std::string text, const std::string& file) {
    return read_template(std::make_shared<const YamlDocument>(std::move(text), file));
}

Template load_template(const std::string& path) {
    return read_template(std::make_shared<const YamlDocument>(read_yaml_file(path)));
}

bool looks_like_template(const YAML::Node& root) {
    return root.IsMap() && !root["problems"] && !root["format"];
}

} // namespace chainrule
