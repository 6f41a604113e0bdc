#include "generator/matrix_template.hpp"

#include "checker/matrix_compare.hpp"
#include "expr/matrix_parser.hpp"
#include "expr/utf8.hpp"
#include "generator/matrix_problem.hpp"
#include "generator/text_notation.hpp"

#include <algorithm>
#include <set>

namespace chainrule {

namespace {

bool is_name(const std::string& name) {
    std::vector<char32_t> cps = decode_utf8(name);
    if (cps.empty() || cps.size() > 32) return false;
    auto letter = [](char32_t c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0x391 && c <= 0x3C9);
    };
    if (!letter(cps[0])) return false;
    return std::all_of(cps.begin(), cps.end(),
                       [&](char32_t c) { return letter(c) || (c >= '0' && c <= '9') || c == '_'; });
}

std::string shape_text(const std::vector<std::string>& dims, Notation n) {
    std::string times = n == Notation::latex ? " \\times " : n == Notation::unicode ? "×" : " x ";
    if (dims.empty()) return n == Notation::latex ? "1 \\times 1" : "1" + times + "1";
    std::string out;
    for (const auto& d : dims)
        out += (out.empty() ? "" : times) + print_name(d, n);
    if (dims.size() == 1) out += times + "1";
    return out;
}

class MatrixInstantiator {
  public:
    MatrixInstantiator(const Template& t, const Assignment& values, const VariantTexts& texts)
        : t_(t), m_(*t.matrix), values_(values), texts_(texts), root_(t.document->root()) {}

    std::variant<Problem, Rejection> run() {
        auto problem = std::make_shared<MatrixProblem>();
        MatrixProblem& m = *problem;
        for (const auto& shape : m_.shapes) {
            std::vector<std::string> dims;
            for (const auto& d : shape.dims)
                dims.push_back(texts_.fill(d).text);
            m.shapes.emplace_back(shape.name, dims);
        }
        for (const auto& c : m_.constraints) {
            std::string word = texts_.fill(c.expression).text;
            if (word != "none") m.constraints.emplace_back(c.name, word);
        }
        for (const auto& let : t_.lets)
            m.lets.emplace_back(let.name, texts_.fill(let.expression).text);
        if (!t_.function) throw TemplateError(t_.at(root_, "a matrix question needs 'function'"));
        m.function = texts_.fill(*t_.function).text;
        if (t_.wrt.size() != 1)
            throw TemplateError(t_.at(root_["wrt"] ? root_["wrt"] : root_,
                                      "a matrix question asks about one name: wrt: W"));
        m.wrt = texts_.fill(t_.wrt.front()).text;
        name_ = root_["name"] ? t_.name : "";
        if (name_.empty()) {
            bool is_let = std::any_of(m.lets.begin(), m.lets.end(),
                                      [&](const auto& l) { return l.first == m.function; });
            name_ = is_let ? m.function : "L";
        }
        std::optional<MatrixExpectation> question;
        try {
            question.emplace(m.question(name_));
        } catch (const InputError& e) {
            throw TemplateError(t_.at(node_for(e.what()), matrix_question_words(e.what())));
        }
        if (question->jacobian() != (t_.ask == AskKind::jacobian) ||
            (t_.ask != AskKind::gradient && t_.ask != AskKind::jacobian))
            throw TemplateError(t_.at(
                root_["ask"], question->jacobian() ? "the function is a vector: ask: jacobian"
                                                   : "the function is a scalar: ask: gradient"));
        read_steps(m);
        check_solution(m, *question);
        // A key that is 0 at the smallest size teaches nothing.
        const MatrixValue& key = question->key(0);
        if (std::all_of(key.entries.begin(), key.entries.end(),
                        [](const GiNaC::ex& e) { return e.is_zero(); }) &&
            !t_.allow_zero)
            return Rejection{Rejection::degenerate, "the derivative is 0"};

        Problem p;
        p.template_id = t_.id;
        p.topic = t_.topic;
        p.title = t_.title;
        p.difficulty = t_.difficulty;
        p.tags = t_.tags;
        p.points = t_.points;
        p.ask = t_.ask;
        p.function_name = name_;
        for (const auto& [n, dims] : m.shapes)
            p.variables.push_back(n);
        p.wrt = {m.wrt};
        for (std::size_t i = 0; i < t_.parameters.size(); ++i)
            p.parameters.emplace_back(t_.parameters[i].name, values_[i].text());
        read_mistakes(p, *question);
        p.prompt.plain = prompt(m, *question, Notation::plain);
        p.prompt.unicode = prompt(m, *question, Notation::unicode);
        p.prompt.latex = prompt(m, *question, Notation::latex);
        p.matrix = std::move(problem);
        return p;
    }

  private:
    YAML::Node node_for(const std::string& message) const {
        if (message.rfind("in --let ", 0) == 0 || message.rfind("--let", 0) == 0) {
            for (const auto& let : t_.lets)
                if (message.find("--let " + let.name + ":") != std::string::npos ||
                    message.find("'" + let.name + "=") != std::string::npos)
                    return let.expression.node;
            return root_["let"];
        }
        for (const char* key : {"function", "wrt", "constraint"}) {
            if (message.find(std::string("--") + key) == std::string::npos) continue;
            std::string k = key == std::string("constraint") ? "constraints" : key;
            if (root_[k]) return root_[k];
        }
        return root_["shapes"] ? root_["shapes"] : root_;
    }

    // The lines of the solution for this variant: a line about another declared name than the
    // one asked is another variant's answer; the line about the one asked is the answer, last.
    void read_steps(MatrixProblem& m) {
        std::optional<MatrixStep> answer;
        std::set<std::string> declared;
        for (const auto& [n, dims] : m.shapes)
            declared.insert(n);
        for (const auto& source : m_.steps) {
            MatrixStep step;
            step.name = source.name;
            step.grad = source.grad;
            if (!step.grad.empty() && declared.count(step.grad) && step.grad != m.wrt) continue;
            step.value = texts_.fill(source.value).text;
            if (source.why) step.why = texts_.prose(*source.why, "why");
            if (step.grad == m.wrt) {
                if (answer)
                    throw TemplateError(
                        t_.at(source.node, "solution: a second line for ∂" + name_ + "/∂" + m.wrt));
                answer = step;
                answer_node_ = source.node;
                continue;
            }
            m.steps.push_back(step);
            step_nodes_.push_back(source.node);
        }
        if (!answer)
            throw TemplateError(t_.at(root_["solution"], "solution: no line for ∂" + name_ + "/∂" +
                                                             m.wrt + " (grad: " + m.wrt +
                                                             "), the answer"));
        m.steps.push_back(*answer);
        step_nodes_.push_back(answer_node_);
    }

    // Every line that claims a derivative is that derivative, at every size; the last line is
    // the answer, so a template whose key is wrong fails here.
    void check_solution(const MatrixProblem& m, const MatrixExpectation& question) {
        MatrixQuestionText base = m.question(name_);
        for (std::size_t i = 0; i < m.steps.size(); ++i) {
            const MatrixStep& step = m.steps[i];
            MatrixQuestionText q = base;
            for (std::size_t j = 0; j < i; ++j)
                if (!m.steps[j].name.empty())
                    q.lets.push_back(m.steps[j].name + "=" + m.steps[j].value);
            std::string title = "∂" + name_ + "/∂" + step.grad;
            try {
                if (step.grad.empty()) {
                    // A named value only: it must read, with its shape.
                    q.expected = step.value;
                    q.function.clear();
                    q.wrt.clear();
                    MatrixExpectation read(q);
                    continue;
                }
                q.wrt = step.grad;
                MatrixQuestionText plain = q;
                q.expected = step.value;
                MatrixExpectation claimed(q); // checks the smallest size
                std::optional<MatrixExpectation> derivative;
                derivative.emplace(plain);
                bool right = equal_at_every_size(
                    claimed,
                    [&](std::size_t k) -> std::optional<MatrixValue> { return claimed.key(k); },
                    [&](std::size_t k) -> std::optional<MatrixValue> {
                        return derivative->key(k);
                    });
                if (!right)
                    throw TemplateError(t_.at(step_nodes_[i], "solution: this line is not " +
                                                                  title +
                                                                  " at every size (it is at " +
                                                                  claimed.size_text(0) + ")"));
            } catch (const TemplateError&) {
                throw;
            } catch (const InputError& e) {
                throw TemplateError(
                    t_.at(step_nodes_[i], "solution: " + matrix_question_words(e.what())));
            }
        }
        (void)question;
    }

    void read_mistakes(Problem& p, const MatrixExpectation& question) {
        std::vector<Diagnostic> found;
        for (std::size_t k = 0; k < t_.mistakes.size(); ++k) {
            const MistakeSource& source = t_.mistakes[k];
            if (!std::all_of(source.where.begin(), source.where.end(),
                             [&](const SourceText& c) { return texts_.holds(c); }))
                continue;
            try {
                Mistake mistake;
                mistake.source = k;
                mistake.answer = texts_.fill(source.answer).text;
                TypedMatrix typed;
                try {
                    typed = question.read(mistake.answer);
                } catch (const InputError& e) {
                    throw TemplateError(
                        t_.at(source.answer, 0,
                              "mistake: " + matrix_question_words(e.what()) +
                                  " (a mistake is a student's answer: it may use the "
                                  "question's names only)"));
                }
                const NamedShape& want = question.expected_shape();
                bool fits = typed.shape.scalar == want.scalar &&
                            (want.scalar ||
                             (typed.shape.rows == want.rows && typed.shape.cols == want.cols));
                if (fits && equal_at_every_size(
                                question,
                                [&](std::size_t s) -> std::optional<MatrixValue> {
                                    return question.at_size(typed, s, false);
                                },
                                [&](std::size_t s) -> std::optional<MatrixValue> {
                                    return question.key(s);
                                })) {
                    std::string values;
                    for (std::size_t i = 0; i < t_.parameters.size(); ++i)
                        values += (values.empty() ? "" : ", ") + t_.parameters[i].name + " = " +
                                  values_[i].text();
                    throw TemplateError(
                        t_.at(source.answer, 0,
                              "this mistake is a correct answer (for " +
                                  (values.empty() ? std::string("every variant") : values) + ")"));
                }
                mistake.feedback = texts_.prose(source.feedback, "feedback");
                p.mistakes.push_back(std::move(mistake));
            } catch (const TemplateError& e) {
                found.insert(found.end(), e.diagnostics().begin(), e.diagnostics().end());
            }
        }
        if (!found.empty()) throw TemplateError(found);
    }

    // --- the question in words ---

    std::string shown(const std::string& text, const MatrixExpectation& q, Notation n) const {
        return print_matrix(parse_matrix_expression(text, q.names()), n);
    }

    std::string name_shown(const std::string& name, const MatrixExpectation& q, Notation n) const {
        if (q.names().matrices.count(name) || q.names().lets.count(name)) return shown(name, q, n);
        return print_name(name, n);
    }

    std::string title(const MatrixProblem& m, const MatrixExpectation& q, Notation n) const {
        std::string f = print_name(name_, n), x = name_shown(m.wrt, q, n);
        if (n == Notation::latex) return "\\frac{\\partial " + f + "}{\\partial " + x + "}";
        if (n == Notation::unicode) return "∂" + f + "/∂" + x;
        return "d" + f + "/d" + x;
    }

    std::string intro(const MatrixProblem& m, const MatrixExpectation& q, Notation n) const {
        if (!t_.prompt) return "";
        auto resolve = [&](const std::string& content) -> std::optional<std::string> {
            if (content == "f" || content == name_) return math(shown(m.function, q, n), n);
            for (const auto& [name, value] : m.lets)
                if (name == content) return math(shown(value, q, n), n);
            if (content == "wrt") return math(name_shown(m.wrt, q, n), n);
            return texts_.intro(content, n);
        };
        auto uses = find_placeholders(t_.prompt->text);
        std::string out, literal;
        auto points = decode_utf8(t_.prompt->text);
        std::size_t use = 0;
        auto flush = [&] {
            out += prose(literal, n);
            literal.clear();
        };
        try {
            for (std::size_t i = 0; i < points.size(); ++i) {
                char32_t c = points[i];
                if ((c == '{' || c == '}') && i + 1 < points.size() && points[i + 1] == c) {
                    literal += static_cast<char>(c);
                    ++i;
                    continue;
                }
                if (c == '{') {
                    std::string value = resolve_placeholder(uses[use++], resolve);
                    flush();
                    out += value;
                    while (points[i] != '}')
                        ++i;
                    continue;
                }
                literal += c >= invalid_utf8_base ? std::string("?") : encode_utf8(c);
            }
        } catch (const TextError& e) {
            throw TemplateError(t_.at(*t_.prompt, e.offset(), std::string("prompt: ") + e.what()));
        }
        flush();
        std::string tidy;
        for (char c : out) {
            if (c == '\n' || c == '\t' || c == '\r') c = ' ';
            if (c == ' ' && (tidy.empty() || tidy.back() == ' ')) continue;
            tidy += c;
        }
        while (!tidy.empty() && tidy.back() == ' ')
            tidy.pop_back();
        return tidy;
    }

    std::string prompt(const MatrixProblem& m, const MatrixExpectation& q, Notation n) const {
        std::vector<std::string> sentences;
        sentences.push_back(intro(m, q, n));
        // The shapes.
        std::vector<std::string> shapes;
        for (const auto& [name, dims] : m.shapes) {
            std::string item =
                math(name_shown(name, q, n), n) + " is " + math(shape_text(dims, n), n);
            for (const auto& [c_name, word] : m.constraints)
                if (c_name == name) item += " (" + prose(constraint_words(word), n) + ")";
            shapes.push_back(item);
        }
        sentences.push_back("Here " + join_words(shapes) + "; vectors are columns.");
        // The named values and the function.
        std::vector<std::string> given;
        for (const auto& [name, value] : m.lets)
            given.push_back(math(name_shown(name, q, n) + " = " + shown(value, q, n), n));
        bool function_is_let = std::any_of(m.lets.begin(), m.lets.end(),
                                           [&](const auto& l) { return l.first == m.function; });
        if (!function_is_let)
            given.push_back(math(print_name(name_, n) + " = " + shown(m.function, q, n), n));
        sentences.push_back("Let " + join_words(given) + ".");
        // What to find.
        const NamedShape& s = q.expected_shape();
        std::vector<std::string> dims;
        if (!s.scalar) dims = {s.rows, s.cols};
        std::string size = math(shape_text(dims, n), n);
        if (q.jacobian())
            sentences.push_back("Find the Jacobian " + math(title(m, q, n), n) + ", the " + size +
                                " matrix whose row i holds the derivatives of the i-th entry of " +
                                math(name_shown(name_, q, n), n) + " (numerator layout).");
        else
            sentences.push_back("Find " + math(title(m, q, n), n) + ", " +
                                (s.scalar ? std::string("a scalar") : "of shape " + size) +
                                ": the gradient of a scalar has the shape of the variable.");
        // The names the answer may use.
        std::vector<std::string> names;
        for (const auto& [name, dims_] : m.shapes)
            names.push_back(math(name_shown(name, q, n), n));
        for (const auto& [name, value] : m.lets)
            names.push_back(math(name_shown(name, q, n), n));
        std::string answer = "Answer with one expression in " + join_words(names) + ".";
        if (n == Notation::latex)
            answer += " Write a matrix product by juxtaposition, $^\\top$ for a transpose and "
                      "$\\odot$ for an entrywise product.";
        else if (n == Notation::unicode)
            answer += " Write a matrix product by juxtaposition, ᵀ or ^T for a transpose and ⊙ "
                      "or .* for an entrywise product.";
        else
            answer += " Write a matrix product by juxtaposition, ^T for a transpose and .* for "
                      "an entrywise product.";
        sentences.push_back(answer);
        std::string out;
        for (const auto& sentence : sentences)
            if (!sentence.empty()) out += (out.empty() ? "" : " ") + sentence;
        return out;
    }

    const Template& t_;
    const MatrixTemplateSource& m_;
    const Assignment& values_;
    const VariantTexts& texts_;
    const YAML::Node& root_;
    std::string name_;
    std::vector<YAML::Node> step_nodes_;
    YAML::Node answer_node_;
};

} // namespace

const std::vector<std::string>& matrix_template_keys() {
    static const std::vector<std::string> keys = {"shapes", "constraints", "solution"};
    return keys;
}

std::shared_ptr<const MatrixTemplateSource> read_matrix_template(const YamlDocument& doc,
                                                                 const YAML::Node& root,
                                                                 std::vector<Diagnostic>& out) {
    auto source = std::make_shared<MatrixTemplateSource>();
    auto error = [&](const YAML::Node& node, const std::string& message) {
        out.push_back(doc.at(node, message));
    };
    for (const char* key : {"variables", "parts", "component", "at", "tolerance", "form",
                            "form_credit", "step_credit"})
        if (root[key])
            error(root[key], std::string("'") + key +
                                 "' does not go with 'shapes' (a matrix question: its names are "
                                 "the declared ones, and its answer one matrix expression)");
    const YAML::Node& shapes = root["shapes"];
    if (!shapes.IsMap() || shapes.size() == 0) {
        error(shapes,
              "'shapes' must be a map from names to dimensions, such as {W: [m, n], x: [n]}");
    } else {
        std::set<std::string> seen;
        for (auto it = shapes.begin(); it != shapes.end(); ++it) {
            std::string name = scalar_text(it->first);
            if (!is_name(name) || name == "I" || name == "T") {
                error(it->first, "'" + printable(name) +
                                     "' cannot be a declared name (a letter, then letters, digits "
                                     "or _; not I or T)");
                continue;
            }
            if (!seen.insert(name).second) {
                error(it->first, "'" + name + "' is declared twice");
                continue;
            }
            // A copy: it-> is a proxy that lives only for its expression.
            const YAML::Node dims = it->second;
            if (!dims.IsSequence() || dims.size() > 2) {
                error(dims, "the shape of '" + name +
                                "' is a list of at most two dimensions: [m, n] a matrix, [n] a "
                                "column vector, [] a scalar");
                continue;
            }
            MatrixShapeSource shape{name, {}};
            for (const auto& d : dims) {
                if (!d.IsScalar()) {
                    error(d, "a dimension is a name such as n, or a positive whole number");
                    continue;
                }
                shape.dims.push_back({d.Scalar(), d, 0});
            }
            source->shapes.push_back(std::move(shape));
        }
    }
    if (const YAML::Node& constraints = root["constraints"]) {
        if (!constraints.IsMap()) {
            error(constraints, "'constraints' must be a map, such as {y: onehot}");
        } else {
            for (auto it = constraints.begin(); it != constraints.end(); ++it) {
                std::string name = scalar_text(it->first);
                if (!shapes.IsMap() || !shapes[name]) {
                    error(it->first,
                          "constraints: '" + printable(name) + "' is not declared in shapes");
                    continue;
                }
                if (!it->second.IsScalar()) {
                    error(it->second, "a constraint is onehot, probability, symmetric, positive "
                                      "or none");
                    continue;
                }
                std::string word = it->second.Scalar();
                if (word.find('{') == std::string::npos && word != "none") {
                    try {
                        parse_matrix_constraint(word);
                    } catch (const InputError&) {
                        std::string hint = closest_name(
                            word, {"onehot", "probability", "symmetric", "positive", "none"});
                        error(it->second,
                              "a constraint is onehot, probability, symmetric, "
                              "positive or none, not '" +
                                  printable(word) + "'" +
                                  (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
                        continue;
                    }
                }
                source->constraints.push_back({name, SourceText{word, it->second, 0}});
            }
        }
    }
    const YAML::Node& solution = root["solution"];
    if (!solution) {
        error(root, "a matrix question needs 'solution': its worked solution, a list of lines "
                    "{name, grad, value, why}, one of them (grad: the name asked about) the "
                    "answer");
    } else if (!solution.IsSequence() || solution.size() == 0) {
        error(solution, "'solution' must be a list of lines such as {grad: z, value: \"a - y\"}");
    } else {
        for (const auto& item : solution) {
            if (!item.IsMap()) {
                error(item,
                      "a line of the solution is {name: ..., grad: ..., value: ..., why: ...}");
                continue;
            }
            std::size_t before = out.size();
            check_keys(doc, item, {"name", "grad", "value", "why"}, {"value"}, "solution line",
                       out);
            if (out.size() > before) continue;
            MatrixStepSource step;
            step.node = static_cast<const YAML::Node&>(item);
            if (item["name"]) {
                step.name = scalar_text(item["name"]);
                if (!is_name(step.name)) {
                    error(item["name"], "a line's name must be a name such as δ or g1");
                    continue;
                }
            }
            if (item["grad"]) step.grad = scalar_text(item["grad"]);
            if (!item["value"].IsScalar()) {
                error(item["value"], "a line's value is an expression of the matrix language");
                continue;
            }
            step.value = {item["value"].Scalar(), item["value"], 0};
            if (item["why"]) {
                if (!item["why"].IsScalar()) {
                    error(item["why"], "'why' must be text");
                    continue;
                }
                step.why = SourceText{item["why"].Scalar(), item["why"], 0};
            }
            source->steps.push_back(std::move(step));
        }
    }
    return source;
}

std::variant<Problem, Rejection> instantiate_matrix(const Template& t, const Assignment& values,
                                                    const VariantTexts& texts) {
    try {
        return MatrixInstantiator(t, values, texts).run();
    } catch (const InputError&) {
        throw; // a TemplateError at its place, or a filled text's error
    } catch (const std::exception& e) {
        // GiNaC refused to work the function out at a size: log(0), a division by zero.
        const YAML::Node& root = t.document->root();
        throw TemplateError(t.at(root["function"] ? root["function"] : root,
                                 std::string("function: its derivative cannot be worked out at "
                                             "the sizes compared (") +
                                     e.what() + ")"));
    }
}

} // namespace chainrule
