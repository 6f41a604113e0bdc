// One variant of a template: parameter values filled into its texts, which are then read,
// differentiated and written out as a question. Over 600 lines, one job: every key of a
// template (function, parts, lets, wrt, at, mistakes and their where:, display) meets its
// values here, scalar and matrix questions alike (the matrix parts in matrix_template.cpp).
#include "checker/differentiate.hpp"
#include "checker/equivalence.hpp"
#include "expr/lexer.hpp"
#include "expr/parser.hpp"
#include "expr/printer.hpp"
#include "expr/symbols.hpp"
#include "expr/syntax_printer.hpp"
#include "generator/matrix_template.hpp"
#include "generator/named_solution.hpp"
#include "generator/placeholder.hpp"
#include "generator/statement.hpp"
#include "generator/text_notation.hpp"
#include "generator/variants.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace chainrule {

using GiNaC::ex;

namespace {

bool is_identifier(const std::string& name) {
    if (name.empty() || name.size() > 32 || !std::isalpha(static_cast<unsigned char>(name[0])))
        return false;
    return std::all_of(name.begin(), name.end(),
                       [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

std::string wrap_number(const std::string& text) {
    if (!text.empty() && (text[0] == '-' || text.find('/') != std::string::npos))
        return "(" + text + ")";
    return text;
}

// A name in a filled text, as a whole word; npos if absent.
std::size_t find_word(const std::string& text, const std::string& word) {
    std::size_t at = 0;
    while ((at = text.find(word, at)) != std::string::npos) {
        bool left = at == 0 || !(std::isalnum(static_cast<unsigned char>(text[at - 1])) ||
                                 text[at - 1] == '_');
        std::size_t end = at + word.size();
        bool right = end >= text.size() ||
                     !(std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_');
        if (left && right) return at;
        at = end;
    }
    return std::string::npos;
}

std::size_t char_index(const std::string& text, std::size_t byte) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
    return n;
}

// A named value as the variant has it.
struct Named {
    std::string name;
    ExprValue value; // composed: earlier names substituted
    ExprValue written; // value with its decimals as written (when any decimal_as_written)
    Display display; // in terms of earlier names
    std::vector<std::string> entry_names;
    bool part = false;
};

class Instantiator {
  public:
    Instantiator(const Template& t, const Assignment& values) : t_(t), values_(values) {
        for (std::size_t i = 0; i < t.parameters.size(); ++i)
            if (values[i].is_number) numbers_[t.parameters[i].name] = values[i].number;
    }

    std::variant<Problem, Rejection> run() {
        if (auto broken = check_constraints()) return Rejection{Rejection::constraint, *broken};
        if (t_.matrix) return run_matrix();
        read_variables();
        for (const auto& let : t_.lets)
            read_named(let, false);
        for (const auto& part : t_.parts)
            read_named(part, true);
        read_function();
        read_wrt();
        check_ask();

        Problem p;
        p.template_id = t_.id;
        p.topic = t_.topic;
        p.title = t_.title;
        p.difficulty = t_.difficulty;
        p.tags = t_.tags;
        p.points = t_.points;
        p.ask = t_.ask;
        p.function_name = statement_.function_name;
        p.function = function_;
        p.variables = variables_;
        p.wrt = wrt_;
        for (const auto& named : named_)
            for (std::size_t i = 0; i < named.entry_names.size(); ++i)
                p.lets.emplace_back(named.entry_names[i], named.value.entries[i]);
        if (any_written_) {
            p.written_function = written_function_.entries;
            for (const auto& named : named_)
                for (std::size_t i = 0; i < named.entry_names.size(); ++i)
                    p.written_lets.emplace_back(named.entry_names[i], named.written.entries[i]);
        }
        DerivativeRequest request{function_, wrt_};
        // A part in wrt (∂L/∂a1): backpropagation's upstream gradient, through the parts.
        p.expected = differentiate_with_named_values(function_, wrt_, p.lets);
        p.labels = derivative_labels(request);
        read_at(p);
        if (!t_.allow_zero)
            if (auto reason = degenerate(p)) return Rejection{Rejection::degenerate, *reason};
        read_mistakes(p);
        if (t_.form) p.form = fill_prose(*t_.form, "form");
        p.required_form = t_.required_form;
        if (p.required_form != AnswerForm::none) p.form = to_string(p.required_form);
        p.form_credit = t_.form_credit.value_or(default_problem_form_credit);
        p.step_credit = t_.step_credit.value_or(0);
        for (std::size_t i = 0; i < t_.parameters.size(); ++i)
            p.parameters.emplace_back(t_.parameters[i].name, values_[i].text());
        statement_.ask = t_.ask;
        statement_.at = p.at;
        statement_.tolerance = p.tolerance;
        statement_.variables = variables_;
        statement_.wrt = wrt_;
        for (const auto& named : named_)
            statement_.named.push_back({named.name, named.display, named.entry_names, named.part});
        if (t_.prompt) statement_.intro = t_.prompt->text;
        try {
            p.prompt = render_prompt(statement_, [this](const std::string& content, Notation n) {
                return intro_value(content, n);
            });
        } catch (const TextError& e) {
            collected_.push_back(t_.at(*t_.prompt, e.offset(), std::string("prompt: ") + e.what()));
        }
        // Texts that do not depend on each other are all read, and their errors reported at
        // once.
        if (!collected_.empty()) throw TemplateError(collected_);
        return p;
    }

  private:
    // A matrix question (generator/matrix_template.hpp), with this variant's texts.
    std::variant<Problem, Rejection> run_matrix() const {
        VariantTexts texts;
        texts.fill = [this](const SourceText& text) { return fill(text); };
        texts.prose = [this](const SourceText& text, const std::string& what) {
            return fill_prose(text, what);
        };
        texts.holds = [this](const SourceText& condition) { return holds(condition); };
        texts.intro = [this](const std::string& content, Notation n) {
            return intro_value(content, n);
        };
        return instantiate_matrix(t_, values_, texts);
    }

    [[noreturn]] void fail(const SourceText& text, std::size_t offset,
                           const std::string& message) const {
        throw TemplateError(t_.at(text, offset, message));
    }

    // --- parameters in texts ---

    GiNaC::numeric evaluate(const std::string& content) const {
        ParseOptions options = ParseOptions::closed({});
        for (const auto& [name, value] : numbers_)
            options.lets[name] = value;
        ParseResult result = parse_expression(content, options);
        if (!result.unknown_names.empty()) {
            std::string name = result.unknown_names.front();
            std::size_t index = t_.parameter_index(name);
            if (index != std::string::npos)
                throw InputError("parameter '" + name + "' is a word, not a number");
            throw InputError("'" + name + "' is not a parameter");
        }
        if (!result.value.is_scalar() || !GiNaC::is_a<GiNaC::numeric>(result.value.scalar()) ||
            !GiNaC::ex_to<GiNaC::numeric>(result.value.scalar()).is_rational())
            throw InputError("'" + content + "' does not give a number");
        return GiNaC::ex_to<GiNaC::numeric>(result.value.scalar());
    }

    std::optional<std::string> expression_value(const std::string& content) const {
        std::size_t index = t_.parameter_index(content);
        if (index != std::string::npos) {
            const ParamValue& v = values_[index];
            return v.is_number ? wrap_number(v.word) : v.word;
        }
        return wrap_number(exact_number_text(evaluate(content)));
    }

    FilledText fill(const SourceText& text) const {
        try {
            return expand_ranges(fill_placeholders(
                text.text, [this](const std::string& c) { return expression_value(c); }));
        } catch (const TextError& e) {
            fail(text, e.offset(), e.what());
        }
    }

    std::string number_in(const GiNaC::numeric& v, Notation n) const {
        return math(chainrule::number_in(exact_number_text(v), n), n);
    }

    std::optional<std::string> intro_value(const std::string& content, Notation n) const {
        std::size_t index = t_.parameter_index(content);
        if (index != std::string::npos) {
            const ParamValue& v = values_[index];
            return v.is_number ? number_in(v.number, n) : prose(v.word, n);
        }
        if (content == "f" || content == "wrt" || content == "variables" ||
            content == statement_.function_name)
            return std::nullopt;
        for (const auto& named : named_)
            if (named.name == content) return std::nullopt;
        return number_in(evaluate(content), n);
    }

    // --- constraints ---

    std::optional<std::string> check_constraints() const {
        for (const auto& group : t_.distinct)
            for (std::size_t i = 0; i < group.parameters.size(); ++i)
                for (std::size_t j = i + 1; j < group.parameters.size(); ++j) {
                    const ParamValue& a = values_[group.parameters[i]];
                    const ParamValue& b = values_[group.parameters[j]];
                    if (a.text() == b.text())
                        return "distinct: " + t_.parameters[group.parameters[i]].name + " = " +
                               t_.parameters[group.parameters[j]].name;
                }
        for (const auto& condition : t_.where)
            if (!holds(condition)) return "where: " + condition.text;
        return std::nullopt;
    }

    bool holds(const SourceText& condition) const {
        const std::string& text = condition.text;
        // != and == are ours; the answer language has >, >=, <, <= (as indicators).
        std::size_t op = text.find("!=");
        bool equal = false;
        if (op == std::string::npos) {
            op = text.find("==");
            equal = op != std::string::npos;
        }
        auto value_of = [&](std::size_t from, std::size_t to) -> GiNaC::numeric {
            try {
                return evaluate(text.substr(from, to - from));
            } catch (const ParseError& e) {
                fail(condition, char_index(text, from) + e.column() - 1,
                     "where: " + without_column(e.message()));
            } catch (const InputError& e) {
                fail(condition, char_index(text, from), std::string("where: ") + e.what());
            }
        };
        if (op != std::string::npos) {
            GiNaC::numeric left = value_of(0, op);
            GiNaC::numeric right = value_of(op + 2, text.size());
            return equal ? left == right : left != right;
        }
        GiNaC::numeric value = value_of(0, text.size());
        if (!(value == 0 || value == 1))
            fail(condition, 0, "where: a condition must compare, such as n > m or a != b");
        return value == 1;
    }

    // --- reading expressions ---

    ParseOptions options_with_lets() const {
        ParseOptions options = ParseOptions::closed(variables_);
        for (const auto& named : named_)
            for (std::size_t i = 0; i < named.entry_names.size(); ++i)
                options.lets[named.entry_names[i]] = named.value.entries[i];
        return options;
    }

    // The lets' values with their decimals as written, for reading a text the same way.
    ParseOptions options_with_written_lets() const {
        ParseOptions options = ParseOptions::closed(variables_);
        options.decimals_as_written = true;
        for (const auto& named : named_)
            for (std::size_t i = 0; i < named.entry_names.size(); ++i)
                options.lets[named.entry_names[i]] = named.written.entries[i];
        return options;
    }

    // Whether a text holds a decimal such as 0.03, or a call such as elu(u, alpha) that the
    // answer language writes out: the worked solution then keeps it as written.
    static bool has_written_form(const std::string& text) {
        for (std::size_t i = 0; i + 1 < text.size(); ++i)
            if (text[i] == '.' && std::isdigit(static_cast<unsigned char>(text[i + 1])))
                return true;
        return text.find("elu(") != std::string::npos;
    }

    ExprValue written_value(const SourceText& source, const FilledText& filled,
                            const ExprValue& value, const std::string& what) {
        if (!any_written_ && !has_written_form(filled.text)) return value;
        any_written_ = true;
        return read(source, filled, options_with_written_lets(), what);
    }

    ParseOptions options_with_names() const {
        ParseOptions options = ParseOptions::closed(variables_);
        for (const auto& named : named_)
            for (const auto& entry : named.entry_names)
                options.variables.push_back(entry);
        return options;
    }

    ExprValue read(const SourceText& source, const FilledText& filled, const ParseOptions& options,
                   const std::string& what) const {
        return parse(source, filled, options, what).value;
    }

    ParseResult parse(const SourceText& source, const FilledText& filled,
                      const ParseOptions& options, const std::string& what) const {
        ParseResult result;
        try {
            result = parse_expression(filled.text, options);
        } catch (const ParseError& e) {
            // The parser's "at column N" counts in the filled-in text; the place reported is
            // in the template.
            std::string message = what + ": " + without_column(e.message());
            if (filled.text != source.text)
                message += " (with values filled in: " + filled.text + ")";
            fail(source, filled.source_offset(e.column()), message);
        }
        if (!result.unknown_names.empty()) {
            const std::string& name = result.unknown_names.front();
            std::size_t at = find_word(filled.text, name);
            std::size_t offset =
                at == std::string::npos ? 0 : filled.source_offset(char_index(filled.text, at) + 1);
            std::string message = what + ": unknown name '" + name +
                                  "': not one of the variables (" + join_words(variables_, ", ") +
                                  ")";
            if (!named_.empty()) message += " nor a named value";
            fail(source, offset, message);
        }
        return result;
    }

    Display display_of(const SourceText& source, const FilledText& filled, const ExprValue& value,
                       const std::string& what = "display") const {
        Display display;
        ParseOptions options = options_with_names();
        options.keep_syntax = true;
        ParseResult shown = parse(source, filled, options, what);
        display.value = shown.value;
        if (value.is_scalar()) {
            display.written = std::move(shown.syntax);
            return display;
        }
        // A call that expands (softmax(z1, z2)): show it as written.
        const std::string& text = filled.text;
        std::size_t open = text.find('(');
        std::string name = open == std::string::npos ? "" : text.substr(0, open);
        name.erase(0, name.find_first_not_of(' '));
        name.erase(name.find_last_not_of(' ') + 1);
        std::size_t close = text.find_last_of(')');
        std::string rest = close == std::string::npos ? "x" : text.substr(close + 1);
        bool only_spaces = rest.find_first_not_of(' ') == std::string::npos;
        if (open == std::string::npos || !is_function_name(name) || !only_spaces) return display;
        std::vector<std::string> args = split_top_level(text.substr(open + 1, close - open - 1));
        if (args.size() == 1 && !args[0].empty() && args[0].front() == '[' && args[0].back() == ']')
            args = split_top_level(args[0].substr(1, args[0].size() - 2));
        options.keep_syntax = false;
        try {
            for (const auto& arg : args)
                display.arguments.push_back(parse_scalar(arg, options));
        } catch (const InputError&) {
            display.arguments.clear();
            return display;
        }
        display.call = canonical_function(name);
        return display;
    }

    void read_variables() {
        std::set<std::string> seen;
        for (const auto& source : t_.variables) {
            FilledText filled = fill(source);
            std::size_t search = 0;
            for (const std::string& name : split_top_level(filled.text)) {
                std::size_t at = filled.text.find(name, search);
                search = at == std::string::npos ? search : at + name.size();
                std::size_t offset = filled.source_offset(
                    char_index(filled.text, at == std::string::npos ? 0 : at) + 1);
                if (!is_identifier(name) || is_function_name(name) || name == "e" || name == "pi")
                    fail(source, offset,
                         "variables: '" + printable(name) +
                             "' cannot be a variable (a variable is a name such as x, "
                             "w1 or z_2, not a function or a constant)");
                if (!seen.insert(name).second)
                    fail(source, offset, "variables: '" + name + "' is listed twice");
                variables_.push_back(name);
            }
        }
        if (variables_.empty()) throw TemplateError(t_.at(t_.document->root(), "no variables"));
    }

    void read_named(const NamedSource& source, bool part) {
        if (std::find(variables_.begin(), variables_.end(), source.name) != variables_.end())
            fail(source.expression, 0,
                 "'" + source.name + "' is a variable and cannot also be a named value");
        FilledText filled = fill(source.expression);
        std::string what = (part ? "part " : "let ") + source.name;
        Named named;
        named.name = source.name;
        named.part = part;
        named.value = read(source.expression, filled, options_with_lets(), what);
        named.written = written_value(source.expression, filled, named.value, what);
        if (named.value.shape == Shape::matrix)
            fail(source.expression, 0, what + ": a named value is an expression or a vector");
        named.display = display_of(source.expression, filled, named.value);
        if (named.value.is_scalar()) {
            named.entry_names = {source.name};
        } else {
            for (std::size_t i = 0; i < named.value.rows; ++i)
                named.entry_names.push_back(source.name + std::to_string(i + 1));
        }
        for (const auto& entry : named.entry_names)
            if (std::find(variables_.begin(), variables_.end(), entry) != variables_.end())
                fail(source.expression, 0, what + ": its entry '" + entry + "' is also a variable");
        named_.push_back(std::move(named));
    }

    void read_function() {
        statement_.function_name = t_.name;
        if (!t_.parts.empty()) {
            statement_.chain = true;
            function_ = named_.back().value;
            written_function_ = named_.back().written;
            statement_.function = named_.back().display;
        } else {
            FilledText filled = fill(*t_.function);
            function_ = read(*t_.function, filled, options_with_lets(), "function");
            written_function_ = written_value(*t_.function, filled, function_, "function");
            if (function_.shape == Shape::matrix)
                fail(*t_.function, 0,
                     "function: a matrix cannot be differentiated here; give an "
                     "expression or a vector");
            statement_.function = display_of(*t_.function, filled, function_);
        }
        if (t_.display) read_display();
        if (!function_.is_scalar()) {
            statement_.vector_name = t_.name;
            for (std::size_t i = 0; i < function_.rows; ++i)
                statement_.output_names.push_back(t_.name + std::to_string(i + 1));
        }
        if (t_.component) {
            FilledText filled = fill(*t_.component);
            GiNaC::numeric index;
            try {
                index = evaluate(filled.text);
            } catch (const InputError& e) {
                fail(*t_.component, 0, std::string("component: ") + e.what());
            }
            if (function_.is_scalar())
                fail(*t_.component, 0, "component: the function is not a vector");
            if (!index.is_integer() || index < 1 || index > static_cast<int>(function_.rows))
                fail(*t_.component, 0,
                     "component: must be a whole number from 1 to " +
                         std::to_string(function_.rows) + ", not " + exact_number_text(index));
            std::size_t i = static_cast<std::size_t>(index.to_int());
            function_ = ExprValue(function_.entries[i - 1]);
            statement_.component = true;
            statement_.function_name = t_.name + std::to_string(i);
        }
    }

    // The instructor's own text for the function: it must be the function, to the letter of
    // its value (the check of an answer against it is the checker's).
    void read_display() {
        FilledText filled = fill(*t_.display);
        Display display = display_of(*t_.display, filled, function_);
        ExprValue value = read(*t_.display, filled, options_with_lets(), "display");
        bool same = value.rows == function_.rows && value.cols == function_.cols &&
                    value.entries.size() == function_.entries.size();
        for (std::size_t i = 0; same && i < value.entries.size(); ++i)
            same =
                !clearly_different(function_.entries[i], value.entries[i]) &&
                compare_expressions(function_.entries[i], value.entries[i], variables_).outcome ==
                    Outcome::correct;
        if (!same) {
            const Display& typed = statement_.function;
            std::string function_text = typed.written
                                            ? print_as_written(*typed.written, Notation::plain)
                                            : print(function_, Notation::plain);
            std::string message =
                "display: '" + printable(filled.text) + "' is not the function " + function_text;
            if (filled.text != t_.display->text) message += " (with values filled in)";
            fail(*t_.display, 0, message);
        }
        statement_.function = std::move(display);
    }

    void read_wrt() {
        std::set<std::string> seen;
        for (const auto& source : t_.wrt) {
            FilledText filled = fill(source);
            for (const std::string& name : split_top_level(filled.text)) {
                std::size_t at = find_word(filled.text, name);
                std::size_t offset = filled.source_offset(
                    char_index(filled.text, at == std::string::npos ? 0 : at) + 1);
                bool part = std::any_of(named_.begin(), named_.end(), [&](const Named& n) {
                    return n.part && n.value.is_scalar() && n.name == name;
                });
                if (part && !named_.empty() && named_.back().part && named_.back().name == name)
                    fail(source, offset,
                         "wrt: '" + name + "' is the function itself (the last part)");
                if (!part &&
                    std::find(variables_.begin(), variables_.end(), name) == variables_.end()) {
                    std::vector<std::string> known = variables_;
                    for (const auto& n : named_)
                        if (n.part && n.value.is_scalar()) known.push_back(n.name);
                    std::string hint = closest_name(name, known);
                    fail(source, offset,
                         "wrt: '" + printable(name) + "' is not one of the variables (" +
                             join_words(variables_, ", ") + ")" +
                             (known.size() > variables_.size() ? " or the parts" : "") +
                             (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
                }
                if (!seen.insert(name).second)
                    fail(source, offset, "wrt: '" + name + "' is listed twice");
                wrt_.push_back(name);
            }
        }
        if (!wrt_.empty()) return;
        const YAML::Node& root = t_.document->root();
        switch (t_.ask) {
        case AskKind::derivative:
        case AskKind::partial:
            if (variables_.size() != 1)
                throw TemplateError(
                    t_.at(root["ask"], "with several variables, say which one: wrt: x"));
            wrt_ = variables_;
            break;
        case AskKind::partials:
            throw TemplateError(
                t_.at(root["ask"], "'partials' needs the variables to ask about: wrt: [x, y]"));
        case AskKind::gradient:
        case AskKind::jacobian:
            wrt_ = variables_;
            break;
        }
    }

    void check_ask() {
        const YAML::Node& ask = t_.document->root()["ask"];
        bool scalar = function_.is_scalar();
        switch (t_.ask) {
        case AskKind::derivative:
        case AskKind::partial:
            if (wrt_.size() != 1)
                throw TemplateError(t_.at(ask, std::string(to_string(t_.ask)) +
                                                   " asks about one variable; use partials or "
                                                   "gradient for several"));
            if (!scalar)
                throw TemplateError(t_.at(ask, "the function is a vector: ask for the jacobian, "
                                               "or pick an entry with component"));
            break;
        case AskKind::partials:
        case AskKind::gradient:
            if (wrt_.size() < 2)
                throw TemplateError(t_.at(ask, std::string(to_string(t_.ask)) +
                                                   " asks about two or more variables"));
            if (!scalar)
                throw TemplateError(t_.at(ask, "the function is a vector: ask for the jacobian"));
            break;
        case AskKind::jacobian:
            if (scalar)
                throw TemplateError(t_.at(ask, "a Jacobian needs a vector function, such as "
                                               "softmax(z1..z3)"));
            break;
        }
    }

    // --- a question at a point ---

    void read_at(Problem& p) const {
        if (t_.point.empty()) return;
        std::map<std::string, GiNaC::numeric> point;
        for (const auto& given : t_.point) {
            if (std::find(variables_.begin(), variables_.end(), given.name) == variables_.end()) {
                std::string hint = closest_name(given.name, variables_);
                fail(given.expression, 0,
                     "at: '" + given.name + "' is not one of the variables (" +
                         join_words(variables_, ", ") + ")" +
                         (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
            }
            FilledText filled = fill(given.expression);
            try {
                point[given.name] = evaluate(filled.text);
            } catch (const ParseError& e) {
                fail(given.expression, filled.source_offset(e.column()),
                     "at: " + without_column(e.message()));
            } catch (const InputError& e) {
                fail(given.expression, 0, std::string("at: ") + e.what());
            }
        }
        GiNaC::exmap substitution;
        for (const auto& v : variables_) {
            auto it = point.find(v);
            if (it == point.end())
                fail(t_.point.front().expression, 0,
                     "at: give a value for every variable: '" + v + "' has none");
            p.at.emplace_back(v, it->second);
            substitution[variable(v)] = it->second;
        }
        p.tolerance = t_.tolerance;
        for (auto& entry : p.expected.entries) {
            entry = entry.subs(substitution);
            if (!GiNaC::is_a<GiNaC::numeric>(GiNaC::evalf(entry)))
                fail(t_.point.front().expression, 0,
                     "at: the derivative has no value at this point (" +
                         print(entry, Notation::plain) + ")");
        }
    }

    // --- degenerate variants ---

    std::optional<std::string> degenerate(const Problem& p) const {
        for (const auto& v : variables_) {
            const GiNaC::symbol& x = variable(v);
            bool used = std::any_of(function_.entries.begin(), function_.entries.end(),
                                    [&](const ex& e) { return e.has(x); });
            if (!used) return "the function does not depend on " + v;
        }
        for (std::size_t i = 0; i < p.expected.entries.size(); ++i) {
            const ex& e = p.expected.entries[i];
            bool zero = e.is_zero();
            if (!zero) {
                try {
                    zero = GiNaC::normal(e).is_zero();
                } catch (const std::exception&) {
                }
            }
            if (zero) {
                std::string label = i < p.labels.size() ? p.labels[i] : "";
                return "the derivative" + (label.empty() ? "" : " " + label) + " is 0";
            }
        }
        return std::nullopt;
    }

    // Prose with parameter values filled in as written (feedback, form).
    std::string fill_prose(const SourceText& text, const std::string& what) const {
        try {
            return fill_placeholders(
                       text.text,
                       [this](const std::string& c) {
                           std::size_t index = t_.parameter_index(c);
                           if (index != std::string::npos)
                               return std::optional<std::string>(values_[index].text());
                           return std::optional<std::string>(exact_number_text(evaluate(c)));
                       })
                .text;
        } catch (const TextError& e) {
            fail(text, e.offset(), what + ": " + e.what());
        }
    }

    void read_mistakes(Problem& p) const {
        ParseOptions options = options_with_lets();
        for (std::size_t k = 0; k < t_.mistakes.size(); ++k) {
            const MistakeSource& m = t_.mistakes[k];
            if (!std::all_of(m.where.begin(), m.where.end(),
                             [this](const SourceText& c) { return holds(c); }))
                continue;
            try {
                FilledText answer = fill(m.answer);
                Mistake mistake;
                mistake.source = k;
                mistake.answer = answer.text;
                mistake.value = read(m.answer, answer, options, "mistake");
                mistake.feedback = fill_prose(m.feedback, "feedback");
                p.mistakes.push_back(std::move(mistake));
            } catch (const TemplateError& e) {
                collected_.insert(collected_.end(), e.diagnostics().begin(), e.diagnostics().end());
            }
        }
    }

    const Template& t_;
    const Assignment& values_;
    std::map<std::string, GiNaC::numeric> numbers_;
    std::vector<std::string> variables_;
    std::vector<Named> named_;
    ExprValue function_;
    ExprValue written_function_; // function_ with its decimals as written
    bool any_written_ = false;   // whether a text read so far had a decimal
    std::vector<std::string> wrt_;
    Statement statement_;
    mutable std::vector<Diagnostic> collected_; ///< errors of independent texts, so far
};

} // namespace

std::variant<Problem, Rejection> instantiate(const Template& t, const Assignment& values) {
    return Instantiator(t, values).run();
}

std::string variant_key(const Problem& problem) {
    std::string key = problem.prompt.plain;
    for (const auto& w : problem.wrt)
        key += "|" + w;
    return key;
}

std::string describe_assignment(const Template& t, const Assignment& values) {
    std::string out;
    for (std::size_t i = 0; i < t.parameters.size() && i < values.size(); ++i) {
        if (i) out += ", ";
        out += t.parameters[i].name + " = " + values[i].text();
    }
    return out.empty() ? "(no parameters)" : out;
}

} // namespace chainrule
