#include "generator/matrix_problem.hpp"

#include "expr/errors.hpp"
#include "generator/diagnostic.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace chainrule {

namespace {

MatrixQuestionText base_question(const MatrixProblem& m, const std::string& name) {
    MatrixQuestionText q;
    for (const auto& [shape_name, dims] : m.shapes) {
        std::string text = shape_name + "=";
        for (std::size_t i = 0; i < dims.size(); ++i)
            text += (i ? "," : "") + dims[i];
        q.shapes.push_back(text);
    }
    for (const auto& [c_name, word] : m.constraints)
        q.constraints.push_back(c_name + "=" + word);
    for (const auto& [let_name, value] : m.lets)
        q.lets.push_back(let_name + "=" + value);
    q.function = m.function;
    q.wrt = m.wrt;
    q.name = name;
    return q;
}

} // namespace

MatrixQuestionText MatrixProblem::question(const std::string& name) const {
    return base_question(*this, name);
}

MatrixQuestionText MatrixProblem::solution_question(const std::string& name) const {
    MatrixQuestionText q = base_question(*this, name);
    for (std::size_t i = 0; i + 1 < steps.size(); ++i)
        if (!steps[i].name.empty()) q.lets.push_back(steps[i].name + "=" + steps[i].value);
    if (!steps.empty()) q.expected = steps.back().value;
    return q;
}

std::string MatrixProblem::answer_shape(const std::string& name) const {
    MatrixExpectation expectation(question(name));
    const NamedShape& s = expectation.expected_shape();
    return s.scalar ? "1×1" : s.rows + "×" + s.cols;
}

std::string matrix_question_words(std::string message) {
    static const std::vector<std::pair<std::string, std::string>> words = {
        {"declared with --shape", "declared in shapes"},
        {"--expected is not ", "this line is not "},
        {"in --expected", "in this line"},
        {"--expected is ", "this line is "},
        {" of --function", ""},
        {"--expected", "the solution's line"},
        {"--shape NAME=DIMS", "shapes"},
        {"--shape", "shapes"},
        {"--constraint", "constraints"},
        {"--let ", "let "},
        {"--function", "function"},
        {"--wrt", "wrt"},
        {"(NAME=n,n)", "([n, n])"}};
    for (const auto& [from, to] : words)
        for (std::size_t at = message.find(from); at != std::string::npos;
             at = message.find(from, at + to.size()))
            message.replace(at, from.size(), to);
    // A parse error's caret points into the filled-in text: its first line is what to say.
    if (std::size_t line = message.find('\n'); line != std::string::npos) message.resize(line);
    return message;
}

std::string constraint_words(const std::string& word) {
    if (word == "onehot") return "one-hot";
    if (word == "probability") return "a probability vector";
    if (word == "symmetric") return "symmetric";
    if (word == "positive") return "with positive entries";
    return word;
}

void write_matrix_keys(YAML::Emitter& out, const MatrixProblem& matrix) {
    out << YAML::Key << "shapes" << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (const auto& [name, dims] : matrix.shapes) {
        out << YAML::Key << name << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const auto& d : dims)
            out << d;
        out << YAML::EndSeq;
    }
    out << YAML::EndMap;
    if (matrix.constraints.empty()) return;
    out << YAML::Key << "constraints" << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (const auto& [name, word] : matrix.constraints)
        out << YAML::Key << name << YAML::Value << word;
    out << YAML::EndMap;
}

void add_matrix_keys(nlohmann::ordered_json& out, const MatrixProblem& matrix) {
    nlohmann::ordered_json shapes = nlohmann::ordered_json::object();
    for (const auto& [name, dims] : matrix.shapes)
        shapes[name] = dims;
    out["shapes"] = shapes;
    if (matrix.constraints.empty()) return;
    nlohmann::ordered_json constraints = nlohmann::ordered_json::object();
    for (const auto& [name, word] : matrix.constraints)
        constraints[name] = word;
    out["constraints"] = constraints;
}

void read_matrix_problem(const YamlDocument& doc, const YAML::Node& node, Problem& p) {
    auto fail = [&](const YAML::Node& at, const std::string& message) {
        throw TemplateError(doc.at(at, message));
    };
    auto text_of = [&](const YAML::Node& at, const std::string& what) {
        if (!at || !at.IsScalar()) fail(at ? at : node, "'" + what + "' must be text");
        return at.Scalar();
    };
    auto m = std::make_shared<MatrixProblem>();
    const YAML::Node& shapes = node["shapes"];
    if (!shapes.IsMap() || shapes.size() == 0)
        fail(shapes, "'shapes' must be a map from names to dimensions, such as {W: [m, n]}");
    for (auto it = shapes.begin(); it != shapes.end(); ++it) {
        std::string name = scalar_text(it->first);
        if (!it->second.IsSequence() || it->second.size() > 2)
            fail(it->second, "the shape of '" + printable(name) +
                                 "' must be a list of at most two dimensions, such as [m, n]");
        std::vector<std::string> dims;
        // A copy: it-> is a proxy that lives only for its expression, not for the loop.
        const YAML::Node listed = it->second;
        for (const auto& d : listed)
            dims.push_back(text_of(d, "a dimension"));
        m->shapes.emplace_back(name, dims);
    }
    if (const YAML::Node& constraints = node["constraints"]) {
        if (!constraints.IsMap())
            fail(constraints, "'constraints' must be a map, such as {y: onehot}");
        for (auto it = constraints.begin(); it != constraints.end(); ++it)
            m->constraints.emplace_back(scalar_text(it->first),
                                        text_of(it->second, "a constraint"));
    }
    if (const YAML::Node& lets = node["let"]) {
        if (!lets.IsSequence()) fail(lets, "'let' must be a list of {name, value}");
        for (const auto& let : lets) {
            if (!let.IsMap()) fail(let, "a let is {name: ..., value: ...}");
            m->lets.emplace_back(text_of(let["name"], "name"), text_of(let["value"], "value"));
        }
    }
    m->function = text_of(node["function"], "function");
    if (p.wrt.size() != 1) fail(node["wrt"], "a matrix question asks about one name: wrt: [W]");
    m->wrt = p.wrt.front();
    MatrixQuestionText question = m->question(p.function_name);
    std::optional<MatrixExpectation> expectation;
    try {
        expectation.emplace(question);
    } catch (const InputError& e) {
        std::string message = e.what();
        const char* key = message.find("--function") != std::string::npos     ? "function"
                          : message.find("--let") != std::string::npos        ? "let"
                          : message.find("--constraint") != std::string::npos ? "constraints"
                          : message.find("--wrt") != std::string::npos        ? "wrt"
                                                                              : "shapes";
        fail(node[key] ? node[key] : node["shapes"], matrix_question_words(message));
    }
    if ((p.ask == AskKind::jacobian) != expectation->jacobian())
        fail(node["ask"], expectation->jacobian() ? "the function is a vector: ask: jacobian"
                                                  : "the function is a scalar: ask: gradient");
    if (const YAML::Node& mistakes = node["mistakes"]) {
        if (!mistakes.IsSequence()) fail(mistakes, "'mistakes' must be a list");
        for (const auto& item : mistakes) {
            if (!item.IsMap()) fail(item, "a mistake is {answer: ..., feedback: ...}");
            Mistake mistake;
            mistake.answer = text_of(item["answer"], "answer");
            try {
                expectation->read(mistake.answer);
            } catch (const ParseError& e) {
                throw TemplateError(doc.at_offset(item["answer"], e.column() - 1,
                                                  "mistake: " + without_column(e.message())));
            } catch (const InputError& e) {
                fail(item["answer"], std::string("mistake: ") + e.what());
            }
            mistake.feedback = text_of(item["feedback"], "feedback");
            p.mistakes.push_back(std::move(mistake));
        }
    }
    p.variables.clear();
    for (const auto& [name, dims] : m->shapes)
        p.variables.push_back(name);
    p.matrix = std::move(m);
}

} // namespace chainrule
