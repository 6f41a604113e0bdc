// Over 600 lines, one job: the problem-set file format (chainrule-problem-set/1) both ways,
// writer and reader kept together so that what is written is what is read back (a class's
// sheets as a stream of documents, read whole or on demand, every key checked with its place).
#include "generator/problem_set_io.hpp"
#include "expr/functions.hpp"
#include "expr/written_decimal.hpp"

#include "checker/differentiate.hpp"
#include "expr/parser.hpp"
#include "expr/printer.hpp"
#include "expr/symbols.hpp"
#include "generator/matrix_problem.hpp"
#include "generator/matrix_solution.hpp"
#include "generator/named_solution.hpp"
#include "generator/parameter.hpp"
#include "generator/render.hpp"
#include "generator/scoring_keys.hpp"
#include "generator/spec.hpp"
#include "generator/yaml_source.hpp"

#include <cmath>
#include <map>
#include <set>
#include <yaml-cpp/yaml.h>

namespace chainrule {

namespace {

// The function with its decimals as the instructor gave them (0.03, not 3/100), which reads
// back to the same exact value.
ExprValue written_function(const Problem& p) {
    if (p.written_function.empty()) return p.function;
    ExprValue shown = p.function;
    shown.entries = p.written_function;
    return shown;
}

void write_strings(YAML::Emitter& out, const std::vector<std::string>& items) {
    out << YAML::Flow << YAML::BeginSeq;
    for (const auto& item : items)
        out << item;
    out << YAML::EndSeq;
}

void write_notations(YAML::Emitter& out, const std::string& plain, const std::string& unicode,
                     const std::string& latex) {
    out << YAML::BeginMap;
    out << YAML::Key << "plain" << YAML::Value << plain;
    out << YAML::Key << "unicode" << YAML::Value << unicode;
    out << YAML::Key << "latex" << YAML::Value << latex;
    out << YAML::EndMap;
}

void write_problem(YAML::Emitter& out, const Problem& p,
                   const std::vector<EntrySolution>* solution) {
    out << YAML::BeginMap;
    out << YAML::Key << "id" << YAML::Value << p.id;
    out << YAML::Key << "number" << YAML::Value << p.number;
    out << YAML::Key << "template" << YAML::Value << p.template_id;
    out << YAML::Key << "topic" << YAML::Value << p.topic;
    out << YAML::Key << "title" << YAML::Value << p.title;
    out << YAML::Key << "difficulty" << YAML::Value << p.difficulty;
    out << YAML::Key << "tags" << YAML::Value;
    write_strings(out, p.tags);
    out << YAML::Key << "points" << YAML::Value << format_points(p.points);
    out << YAML::Key << "ask" << YAML::Value << to_string(p.ask);
    out << YAML::Key << "function_name" << YAML::Value << p.function_name;
    out << YAML::Key << "variables" << YAML::Value;
    write_strings(out, p.variables);
    out << YAML::Key << "wrt" << YAML::Value;
    write_strings(out, p.wrt);
    out << YAML::Key << "function" << YAML::Value
        << (p.matrix ? p.matrix->function : print(written_function(p), Notation::plain));
    if (p.matrix) write_matrix_keys(out, *p.matrix); // shapes, constraints
    if (!p.at.empty()) {
        out << YAML::Key << "at" << YAML::Value << YAML::Flow << YAML::BeginMap;
        for (const auto& [name, value] : p.at)
            out << YAML::Key << name << YAML::Value << exact_number_text(value);
        out << YAML::EndMap;
        out << YAML::Key << "tolerance" << YAML::Value << p.tolerance.text();
    }
    std::vector<std::pair<std::string, std::string>> lets;
    if (p.matrix) lets = p.matrix->lets; // in the matrix language
    for (const auto& [name, value] : p.written_lets.empty() ? p.lets : p.written_lets)
        lets.emplace_back(name, print(value, Notation::plain));
    out << YAML::Key << "let" << YAML::Value;
    if (lets.empty()) out << YAML::Flow;
    out << YAML::BeginSeq;
    for (const auto& [name, value] : lets) {
        out << YAML::Flow << YAML::BeginMap;
        out << YAML::Key << "name" << YAML::Value << name;
        out << YAML::Key << "value" << YAML::Value << value;
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
    if (!p.form.empty()) out << YAML::Key << "form" << YAML::Value << p.form;
    if (p.required_form != AnswerForm::none)
        out << YAML::Key << "form_credit" << YAML::Value << format_points(p.form_credit);
    if (p.step_credit > 0)
        out << YAML::Key << "step_credit" << YAML::Value << format_points(p.step_credit);
    out << YAML::Key << "parameters" << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (const auto& [name, value] : p.parameters)
        out << YAML::Key << name << YAML::Value << value;
    out << YAML::EndMap;
    out << YAML::Key << "prompt" << YAML::Value;
    write_notations(out, p.prompt.plain, p.prompt.unicode, p.prompt.latex);
    out << YAML::Key << "mistakes" << YAML::Value;
    if (p.mistakes.empty()) out << YAML::Flow;
    out << YAML::BeginSeq;
    for (const auto& m : p.mistakes) {
        out << YAML::BeginMap;
        out << YAML::Key << "answer" << YAML::Value << m.answer;
        out << YAML::Key << "feedback" << YAML::Value << m.feedback;
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
    if (solution && has_matrix_solution(p)) { // in matrix form, layer by layer
        out << YAML::Key << "answer" << YAML::Value;
        write_notations(out, solve_matrix_problem(p, Notation::plain).answer_value,
                        solve_matrix_problem(p, Notation::unicode).answer_value,
                        solve_matrix_problem(p, Notation::latex).answer_value);
        out << YAML::Key << "solution" << YAML::Value << YAML::BeginSeq << YAML::BeginMap;
        out << YAML::Key << "entry" << YAML::Value
            << solve_matrix_problem(p, Notation::unicode).backward.back().left;
        out << YAML::Key << "lines" << YAML::Value << YAML::BeginSeq;
        for (const auto& line : matrix_solution_lines(p, Notation::unicode))
            out << line;
        out << YAML::EndSeq << YAML::EndMap << YAML::EndSeq;
        solution = nullptr;
    }
    if (solution) {
        out << YAML::Key << "answer" << YAML::Value;
        ExprValue answer = solved_answer(p, *solution);
        auto shown = [&](Notation n) {
            return answer.is_scalar() ? answer_entry_text(answer, *solution, 0, n)
                                      : print(answer, n);
        };
        write_notations(out, shown(Notation::plain), shown(Notation::unicode),
                        shown(Notation::latex));
        auto titles = entry_titles(p, Notation::unicode);
        out << YAML::Key << "solution" << YAML::Value << YAML::BeginSeq;
        for (std::size_t k = 0; k < solution->size(); ++k) {
            const EntrySolution& entry = (*solution)[k];
            out << YAML::BeginMap;
            out << YAML::Key << "entry" << YAML::Value << titles[k];
            out << YAML::Key << "lines" << YAML::Value << YAML::BeginSeq;
            for (const auto& line : render_solution(entry.solution, Notation::unicode))
                out << line;
            out << YAML::EndSeq;
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }
    out << YAML::EndMap;
}

// --- reading ---

class Reader {
  public:
    explicit Reader(const YamlDocument& doc) : doc_(doc) {}

    ProblemSetFile read() {
        const YAML::Node& root = doc_.root();
        if (!root.IsMap()) fail(root, "a problem set must be a map");
        // A file of another format version may have other keys: its version is what to say.
        if (const YAML::Node& format = root["format"];
            format && scalar_text(format) != problem_set_format)
            fail(format, "unknown format '" + printable(scalar_text(format)) +
                             "' (this chainrule, " + chainrule_version() + ", reads " +
                             problem_set_format + ")");
        check_keys(doc_, root,
                   {"format", "chainrule", "title", "spec", "spec_seed", "student", "seed",
                    "total_points", "templates", "problems", "sheets"},
                   {"format", "title"}, "problem set", problems_);
        flush();
        if (root["problems"] && root["sheets"])
            fail(root["sheets"], "a problem set has either 'problems' (one sheet) or 'sheets' "
                                 "(a class's, one document each after this one), not both");
        if (!root["problems"] && !root["sheets"])
            fail(root, "a problem set needs 'problems' (one sheet) or 'sheets' (how many "
                       "students' sheets follow, as chainrule freeze writes)");
        ProblemSet head;
        head.title = text(root, "title");
        if (root["chainrule"]) head.made_by = text(root, "chainrule");
        if (root["spec"]) head.spec_file = text(root, "spec");
        if (root["spec_seed"]) head.spec_seed = seed(root["spec_seed"]);
        if (root["templates"]) head.templates = stamps(root["templates"]);
        ProblemSetFile file;
        if (root["problems"]) {
            if (root["seed"]) head.seed = seed(root["seed"]);
            if (root["student"]) head.student = student_id(root["student"]);
            head.problems = problem_list(root["problems"]);
            flush();
            if (const YAML::Node& total = root["total_points"]) {
                auto n = parse_number(scalar_text(total));
                if (!n || std::fabs(n->to_double() - head.total_points()) > 1e-9)
                    fail(total, "'total_points' is not the sum of the problems' points (" +
                                    format_points(head.total_points()) + ")");
            }
            file.sheets.push_back(std::move(head));
            return file;
        }
        for (const char* key : {"student", "seed", "total_points"})
            if (root[key])
                fail(root[key], std::string("'") + key +
                                    "' is a key of each sheet in a class's problem set, in the "
                                    "documents after the first");
        const YAML::Node& count = root["sheets"];
        auto n = parse_number(scalar_text(count));
        if (!n || !n->is_integer() || *n < 1 || *n > 1000000)
            fail(count, "'sheets' must be a whole number from 1 to 1000000: how many sheets "
                        "(documents, each after a line '---') follow");
        sheets_ = static_cast<std::size_t>(n->to_long());
        head_ = std::move(head);
        file.per_student = true;
        return file;
    }

    /// With `sheets:` in the head: how many sheets follow, and the head they share.
    std::size_t sheets() const { return sheets_; }
    const ProblemSet& head() const { return head_; }
    /// A diagnostic at the head's `sheets:`.
    Diagnostic at_sheets(std::string message) const {
        return doc_.at(doc_.root()["sheets"], std::move(message));
    }

    /// One student's sheet (a document of its own after the head), added to `file`; its
    /// problems go to `out`. `lines`: where each student's sheet was found.
    void read_sheet(const ProblemSet& head, ProblemSetFile& file,
                    std::map<std::string, std::size_t>& lines, std::vector<Diagnostic>& out) {
        read_sheet(doc_.root(), head, file, lines);
        out.insert(out.end(), problems_.begin(), problems_.end());
        problems_.clear();
    }

  private:
    void read_sheet(const YAML::Node& item, const ProblemSet& head, ProblemSetFile& file,
                    std::map<std::string, std::size_t>& lines) {
        if (!item.IsMap()) {
            problems_.push_back(doc_.at(item, "a sheet is {student, seed, problems}"));
            return;
        }
        std::size_t before = problems_.size();
        check_keys(doc_, item, {"student", "seed", "problems"}, {"student", "problems"}, "sheet",
                   problems_);
        if (problems_.size() > before) return;
        ProblemSet sheet;
        try {
            sheet.student = student_id(item["student"]);
            auto [at, fresh] = lines.emplace(sheet.student, doc_.locate(item["student"]).line);
            if (!fresh)
                fail(item["student"], "a second sheet for the student '" +
                                          printable(sheet.student) + "' (the first is at line " +
                                          std::to_string(at->second) + ")");
            if (item["seed"]) sheet.seed = seed(item["seed"]);
            sheet.problems = problem_list(item["problems"]);
        } catch (const TemplateError& e) {
            problems_.insert(problems_.end(), e.diagnostics().begin(), e.diagnostics().end());
            return;
        }
        if (problems_.size() > before) return;
        // Every sheet of a class has the same problems (the variants differ): one report has
        // one list of problems and their points.
        if (!file.sheets.empty()) {
            const ProblemSet& first = file.sheets.front();
            std::string differs = sheet_difference(first, sheet);
            if (!differs.empty()) {
                problems_.push_back(
                    doc_.at(item["problems"], "the sheet of '" + printable(sheet.student) + "' " +
                                                  differs + " than the first sheet's ('" +
                                                  printable(first.student) + "')"));
                return;
            }
        }
        sheet.title = head.title;
        sheet.made_by = head.made_by;
        sheet.spec_file = head.spec_file;
        sheet.spec_seed = head.spec_seed;
        sheet.templates = head.templates;
        file.sheets.push_back(std::move(sheet));
    }

  private:
    static std::string sheet_difference(const ProblemSet& first, const ProblemSet& sheet) {
        if (first.problems.size() != sheet.problems.size())
            return "has " + std::to_string(sheet.problems.size()) + " problems, other";
        for (std::size_t i = 0; i < first.problems.size(); ++i) {
            const Problem& a = first.problems[i];
            const Problem& b = sheet.problems[i];
            if (a.id != b.id)
                return "has problem " + std::to_string(i + 1) + " '" + printable(b.id) +
                       "', not '" + printable(a.id) + "': other problems";
            if (a.points != b.points) return "gives '" + printable(b.id) + "' other points";
        }
        return "";
    }

    std::vector<Problem> problem_list(const YAML::Node& list) {
        if (!list.IsSequence()) fail(list, "'problems' must be a list");
        if (list.size() == 0) fail(list, "'problems' is empty: a sheet has at least one problem");
        std::vector<Problem> out;
        std::set<std::string> ids;
        for (const auto& item : list) {
            try {
                Problem p = problem(item);
                if (!ids.insert(p.id).second)
                    fail(item["id"], "duplicate problem id '" + printable(p.id) + "'");
                out.push_back(std::move(p));
            } catch (const TemplateError& e) {
                problems_.insert(problems_.end(), e.diagnostics().begin(), e.diagnostics().end());
                if (problems_.size() > 50) break;
            }
        }
        return out;
    }

    std::string student_id(const YAML::Node& node) const {
        if (!node.IsScalar()) fail(node, "'student' must be a student id");
        try {
            check_student_id(node.Scalar());
        } catch (const InputError& e) {
            fail(node, e.what());
        }
        return node.Scalar();
    }

    std::vector<TemplateStamp> stamps(const YAML::Node& list) const {
        if (!list.IsSequence()) fail(list, "'templates' must be a list of {id, hash}");
        std::vector<TemplateStamp> out;
        for (const auto& item : list) {
            if (!item.IsMap()) fail(item, "a template's stamp is {id, hash}");
            std::vector<Diagnostic> keys;
            check_keys(doc_, item, {"id", "hash"}, {"id", "hash"}, "template stamp", keys);
            if (!keys.empty()) throw TemplateError(std::move(keys));
            TemplateStamp stamp{text(item, "id"), text(item, "hash")};
            if (stamp.hash.size() != 16 ||
                stamp.hash.find_first_not_of("0123456789abcdef") != std::string::npos)
                fail(item["hash"], "a template's hash is 16 hexadecimal digits (0-9, a-f), not '" +
                                       printable(stamp.hash) + "'");
            for (const auto& other : out)
                if (other.id == stamp.id)
                    fail(item["id"], "the template '" + printable(stamp.id) + "' is listed twice");
            out.push_back(std::move(stamp));
        }
        return out;
    }

    [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const {
        throw TemplateError(doc_.at(node, message));
    }
    void flush() {
        if (!problems_.empty()) throw TemplateError(std::move(problems_));
    }

    std::string text(const YAML::Node& map, const std::string& key) const {
        const YAML::Node& node = map[key];
        if (!node) fail(map, "missing '" + key + "'");
        if (!node.IsScalar()) fail(node, "'" + key + "' must be text");
        return node.Scalar();
    }

    std::uint64_t seed(const YAML::Node& node) const {
        try {
            return parse_seed(scalar_text(node));
        } catch (const InputError& e) {
            fail(node, e.what());
        }
    }

    std::vector<std::string> names(const YAML::Node& map, const std::string& key) const {
        const YAML::Node& node = map[key];
        if (!node || !node.IsSequence()) fail(node ? node : map, "'" + key + "' must be a list");
        std::vector<std::string> out;
        for (const auto& item : node) {
            if (!item.IsScalar()) fail(item, "each entry of '" + key + "' must be text");
            out.push_back(item.Scalar());
        }
        return out;
    }

    // expression() read with options.decimals_as_written, noting whether it held a decimal.
    GiNaC::ex written_expression(const YAML::Node& node, const ParseOptions& options,
                                 const std::string& what) {
        ExprValue value = expression(node, options, what);
        for (const auto& entry : value.entries)
            any_decimal_ = any_decimal_ || has_written_decimal(entry);
        return value.scalar();
    }

    ExprValue expression(const YAML::Node& node, const ParseOptions& options,
                         const std::string& what) const {
        if (!node || !node.IsScalar()) fail(node, "'" + what + "' must be an expression");
        ParseResult result;
        try {
            result = parse_expression(node.Scalar(), options);
        } catch (const ParseError& e) {
            throw TemplateError(
                doc_.at_offset(node, e.column() - 1, what + ": " + without_column(e.message())));
        }
        if (!result.unknown_names.empty())
            fail(node, what + ": unknown name '" + result.unknown_names.front() +
                           "' (not one of the problem's variables)");
        return result.value;
    }

    // A question at a point: the values there (every variable's) and the tolerance; the
    // expected values are the derivative's there.
    void read_at(const YAML::Node& at, const YAML::Node& tolerance, Problem& p) {
        if (!at.IsMap()) fail(at, "'at' must be a map from variables to numbers");
        GiNaC::exmap substitution;
        for (const auto& v : p.variables) {
            const YAML::Node value = at[v];
            if (!value) fail(at, "'at' has no value for the variable '" + v + "'");
            auto number = parse_number(scalar_text(value));
            if (!number) fail(value, "'at': the value of '" + v + "' must be a number");
            p.at.emplace_back(v, *number);
            substitution[variable(v)] = *number;
        }
        if (at.size() != p.variables.size()) fail(at, "'at' names a value that is no variable");
        if (!tolerance) fail(at, "'at' goes with a 'tolerance'");
        auto parsed = Tolerance::parse(scalar_text(tolerance));
        if (!parsed)
            fail(tolerance, "'tolerance' must be 'significant N', 'relative R' or 'absolute A'");
        p.tolerance = *parsed;
        for (auto& entry : p.expected.entries)
            entry = entry.subs(substitution);
    }

    Problem problem(const YAML::Node& node) {
        if (!node.IsMap()) fail(node, "a problem must be a map");
        std::vector<Diagnostic> keys;
        check_keys(doc_, node,
                   {"id",          "number",      "template",   "topic",     "title",
                    "difficulty",  "tags",        "points",     "ask",       "function_name",
                    "variables",   "wrt",         "function",   "let",       "form",
                    "form_credit", "step_credit", "parameters", "prompt",    "mistakes",
                    "answer",      "solution",    "at",         "tolerance", "shapes",
                    "constraints"},
                   {"id", "ask", "variables", "wrt", "function", "prompt"}, "problem", keys);
        if (!keys.empty()) throw TemplateError(std::move(keys));
        Problem p;
        p.id = text(node, "id");
        // A problem id is a key of the submissions and a column of the reports: as generate
        // makes them, <template>-<k>.
        if (p.id.empty() || p.id.size() > 128 ||
            p.id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                   "0123456789-_.") != std::string::npos)
            fail(node["id"], "a problem id is 1 to 128 letters, digits, '-', '_' and '.', not '" +
                                 printable(p.id) + "'");
        if (node["number"]) {
            auto n = parse_number(scalar_text(node["number"]));
            if (!n || !n->is_integer() || n->is_negative() || *n > 1000000)
                fail(node["number"], "'number' must be a whole number from 0 to 1000000");
            p.number = static_cast<std::size_t>(n->to_long());
        }
        if (node["template"]) p.template_id = text(node, "template");
        if (node["topic"]) p.topic = text(node, "topic");
        if (node["title"]) p.title = text(node, "title");
        if (node["difficulty"]) {
            auto n = parse_number(scalar_text(node["difficulty"]));
            if (!n || !n->is_integer() || *n < 1 || *n > 5)
                fail(node["difficulty"], "'difficulty' must be a whole number from 1 to 5");
            p.difficulty = n->to_int();
        }
        if (node["tags"]) p.tags = names(node, "tags");
        if (node["points"]) {
            auto n = parse_number(scalar_text(node["points"]));
            if (!n || n->is_negative() || *n > 1000)
                fail(node["points"], "'points' must be a number from 0 to 1000");
            p.points = n->to_double();
        }
        if (!parse_ask_kind(text(node, "ask"), p.ask))
            fail(node["ask"], "unknown kind of question");
        p.function_name = node["function_name"] ? text(node, "function_name") : "f";
        p.variables = names(node, "variables");
        p.wrt = names(node, "wrt");
        if (p.variables.empty()) fail(node["variables"], "no variables");
        if (p.wrt.empty()) fail(node["wrt"], "nothing to differentiate with respect to");
        ParseOptions options = ParseOptions::closed(p.variables);
        // The function and lets again with their decimals as written (0.03), for the worked
        // solution (Problem::written_function).
        ParseOptions written = options;
        written.decimals_as_written = true;
        any_decimal_ = false;
        if (node["shapes"]) {
            // A matrix question: its function, lets and mistakes in the matrix language.
            read_matrix_problem(doc_, node, p);
        } else {
            if (const YAML::Node& lets = node["let"]) {
                if (!lets.IsSequence()) fail(lets, "'let' must be a list of {name, value}");
                for (const auto& let : lets) {
                    if (!let.IsMap()) fail(let, "a let is {name: ..., value: ...}");
                    std::string name = text(let, "name");
                    ExprValue value = expression(let["value"], options, "let " + name);
                    if (!value.is_scalar())
                        fail(let["value"], "a let's value must be one expression");
                    options.lets[name] = value.scalar();
                    p.lets.emplace_back(name, value.scalar());
                    written.lets[name] = written_expression(let["value"], written, "let " + name);
                    p.written_lets.emplace_back(name, written.lets[name]);
                }
            }
            p.function = expression(node["function"], options, "function");
            ExprValue shown = expression(node["function"], written, "function");
            for (const auto& entry : shown.entries)
                any_decimal_ = any_decimal_ || has_written_decimal(entry) || has_elu_call(entry);
            if (any_decimal_) {
                p.written_function = shown.entries;
            } else {
                p.written_lets.clear();
            }
            if (p.function.shape == Shape::matrix)
                fail(node["function"], "the function cannot be a matrix");
            // wrt: the variables, and the named values of a chain (∂L/∂a1).
            for (const auto& w : p.wrt)
                if (std::find(p.variables.begin(), p.variables.end(), w) == p.variables.end() &&
                    std::none_of(p.lets.begin(), p.lets.end(),
                                 [&](const auto& let) { return let.first == w; }))
                    fail(node["wrt"], "'" + w + "' is not one of the variables or named values");
            DerivativeRequest request{p.function, p.wrt};
            try {
                p.expected = differentiate_with_named_values(p.function, p.wrt, p.lets);
                p.labels = derivative_labels(request);
            } catch (const InputError& e) {
                fail(node["function"], e.what());
            }
        }
        if (const YAML::Node& at = node["at"]) read_at(at, node["tolerance"], p);
        if (node["form"]) {
            // One word names a checked form; a sentence is for people only.
            std::vector<Diagnostic> form_problems;
            FormValue form = read_form_value(doc_, node["form"], false, form_problems);
            if (!form_problems.empty()) throw TemplateError(std::move(form_problems));
            p.required_form = form.form;
            p.form = form.prose.empty() ? to_string(form.form) : form.prose;
        }
        for (const char* key : {"form_credit", "step_credit"}) {
            if (!node[key]) continue;
            std::vector<Diagnostic> credit_problems;
            auto credit = read_credit(doc_, node[key], key, credit_problems);
            if (!credit) throw TemplateError(std::move(credit_problems));
            (std::string(key) == "form_credit" ? p.form_credit : p.step_credit) = *credit;
        }
        if (const YAML::Node& parameters = node["parameters"]) {
            if (!parameters.IsMap()) fail(parameters, "'parameters' must be a map");
            for (auto it = parameters.begin(); it != parameters.end(); ++it)
                p.parameters.emplace_back(scalar_text(it->first), scalar_text(it->second));
        }
        const YAML::Node& prompt = node["prompt"];
        if (!prompt.IsMap()) fail(prompt, "'prompt' must have plain, unicode and latex");
        p.prompt.plain = text(prompt, "plain");
        p.prompt.unicode = text(prompt, "unicode");
        p.prompt.latex = text(prompt, "latex");
        if (const YAML::Node& mistakes = node["mistakes"]; mistakes && !p.matrix) {
            if (!mistakes.IsSequence()) fail(mistakes, "'mistakes' must be a list");
            for (const auto& m : mistakes) {
                if (!m.IsMap()) fail(m, "a mistake is {answer: ..., feedback: ...}");
                Mistake mistake;
                mistake.answer = text(m, "answer");
                mistake.value = expression(m["answer"], options, "mistake");
                mistake.feedback = text(m, "feedback");
                p.mistakes.push_back(std::move(mistake));
            }
        }
        return p;
    }

    const YamlDocument& doc_;
    bool any_decimal_ = false; // whether the problem being read has a decimal (0.03)
    std::vector<Diagnostic> problems_;
    std::size_t sheets_ = 0;
    ProblemSet head_;
};

// Where the documents of a stream are: a line starting with "---" (then a blank, or its end)
// begins one, as YAML has it. Each piece with the line it starts on; the marker itself is
// blanked, so that columns stay where they are. A first piece with nothing but blanks and
// comments (a stream that starts with "---") is left out.
struct Piece {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t line = 1;
};

// Whether a piece has nothing but blanks and comments.
bool is_blank(const std::string& text, const Piece& piece) {
    bool comment = false;
    for (std::size_t i = piece.begin; i < piece.end; ++i) {
        char c = text[i];
        if (c == '\n')
            comment = false;
        else if (c == '#')
            comment = true;
        else if (!comment && c != ' ' && c != '\t' && c != '\r')
            return false;
    }
    return true;
}

std::vector<Piece> split_documents(std::string& text) {
    std::vector<Piece> pieces{{0, text.size(), 1}};
    std::size_t line = 1;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t next = text.find('\n', pos);
        if (next == std::string::npos) next = text.size();
        bool marker = text.compare(pos, 3, "---") == 0 &&
                      (pos + 3 == text.size() || text[pos + 3] == ' ' || text[pos + 3] == '\t' ||
                       text[pos + 3] == '\r' || text[pos + 3] == '\n');
        if (marker) {
            pieces.back().end = pos;
            text.replace(pos, 3, "   ");
            pieces.push_back({pos, text.size(), line});
        }
        pos = next + 1;
        ++line;
    }
    if (pieces.size() > 1 && is_blank(text, pieces.front())) pieces.erase(pieces.begin());
    return pieces;
}

YamlDocument piece_document(const std::string& text, const Piece& piece, const std::string& file) {
    return YamlDocument(text.substr(piece.begin, piece.end - piece.begin), file,
                        problem_set_limits(), piece.line);
}

} // namespace

namespace {

// What a file says of where its problems came from, before its sheet or sheets.
void write_head(YAML::Emitter& out, const ProblemSet& set) {
    out << YAML::Key << "format" << YAML::Value << problem_set_format;
    if (!set.made_by.empty()) out << YAML::Key << "chainrule" << YAML::Value << set.made_by;
    out << YAML::Key << "title" << YAML::Value << set.title;
    if (!set.spec_file.empty()) out << YAML::Key << "spec" << YAML::Value << set.spec_file;
    out << YAML::Key << "spec_seed" << YAML::Value
        << static_cast<unsigned long long>(set.spec_seed);
}

void write_stamps(YAML::Emitter& out, const ProblemSet& set) {
    if (set.templates.empty()) return;
    out << YAML::Key << "templates" << YAML::Value << YAML::BeginSeq;
    for (const auto& stamp : set.templates) {
        out << YAML::Flow << YAML::BeginMap;
        out << YAML::Key << "id" << YAML::Value << stamp.id;
        out << YAML::Key << "hash" << YAML::Value << YAML::DoubleQuoted << stamp.hash;
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

std::string emitted(const YAML::Emitter& out) {
    if (!out.good())
        throw InputError(std::string("cannot write the problem set as YAML: ") +
                         out.GetLastError());
    return std::string(out.c_str()) + "\n";
}

} // namespace

std::string write_problem_set_yaml(const ProblemSet& set,
                                   const std::vector<std::vector<EntrySolution>>& solutions) {
    YAML::Emitter out;
    out.SetIndent(2);
    out << YAML::BeginMap;
    write_head(out, set);
    if (!set.student.empty()) out << YAML::Key << "student" << YAML::Value << set.student;
    out << YAML::Key << "seed" << YAML::Value << static_cast<unsigned long long>(set.seed);
    write_stamps(out, set);
    out << YAML::Key << "problems" << YAML::Value << YAML::BeginSeq;
    for (std::size_t i = 0; i < set.problems.size(); ++i)
        write_problem(out, set.problems[i], solutions.empty() ? nullptr : &solutions[i]);
    out << YAML::EndSeq;
    out << YAML::EndMap;
    return emitted(out);
}

std::string write_class_problem_set_yaml(const std::vector<ProblemSet>& sheets) {
    if (sheets.empty()) throw InputError("a class's problem set needs at least one student");
    // One document per sheet: a reader parses one sheet at a time, never the class at once.
    YAML::Emitter head;
    head.SetIndent(2);
    head << YAML::BeginMap;
    write_head(head, sheets.front());
    write_stamps(head, sheets.front());
    head << YAML::Key << "sheets" << YAML::Value << sheets.size();
    head << YAML::EndMap;
    std::string out = emitted(head);
    for (const auto& sheet : sheets) {
        YAML::Emitter one;
        one.SetIndent(2);
        one << YAML::BeginMap;
        one << YAML::Key << "student" << YAML::Value << sheet.student;
        one << YAML::Key << "seed" << YAML::Value << static_cast<unsigned long long>(sheet.seed);
        one << YAML::Key << "problems" << YAML::Value << YAML::BeginSeq;
        for (const auto& problem : sheet.problems)
            write_problem(one, problem, nullptr);
        one << YAML::EndSeq;
        one << YAML::EndMap;
        out += "---\n" + emitted(one);
    }
    return out;
}

YamlLimits problem_set_limits() {
    YamlLimits limits;
    limits.max_bytes = 64u << 20;
    limits.max_nodes = 4000000;
    return limits;
}

ProblemSetFile parse_problem_set_file(std::string text, const std::string& file) {
    std::vector<Piece> pieces = split_documents(text);
    YamlDocument head_doc = piece_document(text, pieces.front(), file);
    Reader head(head_doc);
    ProblemSetFile out = head.read();
    if (!out.per_student) {
        if (pieces.size() > 1)
            throw TemplateError(
                Diagnostic{file, pieces[1].line, 1,
                           "a second document after a sheet's problems: a class's problem set has "
                           "'sheets: N' in its first document, then the sheets",
                           false});
        return out;
    }
    std::vector<Diagnostic> problems;
    std::map<std::string, std::size_t> lines;
    for (std::size_t i = 1; i < pieces.size() && problems.size() <= 50; ++i) {
        if (is_blank(text, pieces[i])) {
            problems.push_back(Diagnostic{file, pieces[i].line, 1,
                                          "an empty document: each document after the first is "
                                          "one student's sheet",
                                          false});
            continue;
        }
        try {
            YamlDocument doc = piece_document(text, pieces[i], file);
            Reader(doc).read_sheet(head.head(), out, lines, problems);
        } catch (const TemplateError& e) {
            problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
        }
    }
    // A file cut short must not lose its last students.
    if (problems.empty() && pieces.size() - 1 != head.sheets())
        problems.push_back(head.at_sheets("'sheets' says " + std::to_string(head.sheets()) +
                                          ", the file has " + std::to_string(pieces.size() - 1) +
                                          " (cut short, or sheets added?)"));
    if (!problems.empty()) throw TemplateError(std::move(problems));
    return out;
}

ProblemSetFile load_problem_set_file(const std::string& path) {
    return parse_problem_set_file(read_limited_file(path, problem_set_limits()), path);
}

std::unique_ptr<SheetsOnDemand> SheetsOnDemand::open(std::string text, const std::string& file) {
    std::vector<Piece> pieces = split_documents(text);
    YamlDocument head_doc = piece_document(text, pieces.front(), file);
    Reader head(head_doc);
    ProblemSetFile read = head.read();
    if (!read.per_student || pieces.size() < 2) return nullptr;
    std::unique_ptr<SheetsOnDemand> out(new SheetsOnDemand);
    out->head_ = head.head();
    std::string first;
    for (std::size_t i = 1; i < pieces.size(); ++i) {
        const Piece& piece = pieces[i];
        // The sheet's first line, as freeze writes it: "student: ID" (ID a YAML scalar),
        // after the document marker (blanked by split_documents).
        std::size_t at = piece.begin;
        while (at < piece.end && (text[at] == ' ' || text[at] == '\t' || text[at] == '\r'))
            ++at;
        if (at < piece.end && text[at] == '\n') ++at;
        std::size_t eol = text.find('\n', at);
        if (eol == std::string::npos || eol > piece.end) eol = piece.end;
        std::string line = text.substr(at, eol - at);
        const std::string key = "student: ";
        if (line.compare(0, key.size(), key) != 0) return nullptr;
        std::string student;
        try {
            YAML::Node node = YAML::Load(line);
            if (!node.IsMap() || !node["student"] || !node["student"].IsScalar()) return nullptr;
            student = node["student"].Scalar();
        } catch (const YAML::Exception&) {
            return nullptr;
        }
        if (!out->where_.emplace(student, Span{piece.begin, piece.end, piece.line}).second)
            return nullptr;
        if (i == 1) first = student;
    }
    out->text_ = std::move(text);
    out->file_ = file;
    out->first_ = out->read(out->where_.at(first));
    return out;
}

ProblemSet SheetsOnDemand::read(const Span& span) const {
    YamlDocument doc = piece_document(text_, Piece{span.begin, span.end, span.line}, file_);
    ProblemSetFile one;
    std::map<std::string, std::size_t> lines;
    std::vector<Diagnostic> problems;
    Reader(doc).read_sheet(head_, one, lines, problems);
    if (!problems.empty()) throw TemplateError(std::move(problems));
    return std::move(one.sheets.front());
}

ProblemSet SheetsOnDemand::sheet(const std::string& student) const {
    auto it = where_.find(student);
    if (it == where_.end())
        throw InputError("the problem set " + printable(file_) + " has no sheet for the student '" +
                         printable(student) + "'");
    return read(it->second);
}

bool is_problem_set_text(std::string text, const std::string& file) {
    std::vector<Piece> pieces = split_documents(text);
    try {
        YamlDocument doc = piece_document(text, pieces.front(), file);
        return doc.root().IsMap() && doc.root()["format"];
    } catch (const TemplateError&) {
        return false;
    }
}

ProblemSet parse_problem_set(std::string text, const std::string& file) {
    ProblemSetFile read = parse_problem_set_file(std::move(text), file);
    if (read.per_student)
        throw TemplateError(Diagnostic{
            file, 0, 0, "a class's problem set (one sheet per student), not one sheet", false});
    return std::move(read.sheets.front());
}

ProblemSet load_problem_set(const std::string& path) {
    return parse_problem_set(read_limited_file(path, problem_set_limits()), path);
}

bool looks_like_problem_set(const YAML::Node& root) {
    return root.IsMap() && root["format"] && (root["problems"] || root["sheets"]);
}

} // namespace chainrule
