// Templates: every shipped one loads and validates; broken and hostile ones are reported at
// file:line:column, never crash or hang.
#include "generator/diagnostic.hpp"
#include "generator/random.hpp"
#include "generator/template.hpp"
#include "generator/validate.hpp"
#include "generator/variants.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

using namespace chainrule;

namespace {

const std::string source_dir = CHAINRULE_SOURCE_DIR;

std::vector<std::string> shipped_templates() {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(source_dir + "/templates"))
        if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

std::string fixture(const std::string& name) {
    return source_dir + "/tests/fixtures/broken/" + name;
}

// The diagnostics of a file, formatted, one string each.
std::vector<std::string> messages_of(const std::string& path) {
    std::vector<std::string> out;
    for (const auto& d : validate_file(path))
        out.push_back(format_diagnostic(d));
    return out;
}

bool any_contains(const std::vector<std::string>& messages, const std::string& text) {
    return std::any_of(messages.begin(), messages.end(),
                       [&](const std::string& m) { return m.find(text) != std::string::npos; });
}

std::vector<Diagnostic> diagnostics_of_text(const std::string& text) {
    try {
        parse_template(text, "inline.yaml");
    } catch (const TemplateError& e) {
        return e.diagnostics();
    }
    return {};
}

const char* minimal = "id: inline\n"
                      "topic: Derivatives\n"
                      "title: Inline\n"
                      "function: \"3*x^2\"\n"
                      "variables: [x]\n"
                      "ask: derivative\n";

} // namespace

TEST_CASE("every shipped template loads and validates without a problem", "[template]") {
    auto files = shipped_templates();
    REQUIRE(files.size() >= 25);
    for (const auto& file : files) {
        INFO(file);
        Template t = load_template(file);
        CHECK(t.id == std::filesystem::path(file).stem().string());
        auto found = validate_file(file);
        for (const auto& d : found)
            INFO(format_diagnostic(d));
        CHECK(found.empty());
    }
}

TEST_CASE("the shipped templates cover every section and example of the notes", "[template]") {
    std::set<std::string> ids, topics;
    std::map<std::string, std::set<std::string>> asks;
    for (const auto& file : shipped_templates()) {
        Template t = load_template(file);
        ids.insert(t.id);
        topics.insert(t.topic);
    }
    for (const char* id : {"constant",
                           "linear",
                           "monomial",
                           "polynomial",
                           "polynomial-constant",
                           "partial-sum",
                           "partial-sum-polynomial",
                           "partial-product",
                           "partial-product-three",
                           "max-zero",
                           "max-two",
                           "gradient",
                           "chain-power",
                           "chain-nested",
                           "activation-linear",
                           "activation-relu",
                           "activation-leaky-relu",
                           "activation-sigmoid",
                           "activation-tanh",
                           "softmax-entry",
                           "softmax-jacobian",
                           "neuron-relu",
                           "neuron-sigmoid",
                           "loss-squared-error",
                           "loss-cross-entropy",
                           "activation-softplus",
                           "activation-swish",
                           "activation-elu",
                           "activation-gelu",
                           "activation-log-sigmoid",
                           "loss-binary-cross-entropy",
                           "loss-mse-batch",
                           "network-two-layer",
                           "value-sigmoid-prime",
                           "value-tanh-prime",
                           "value-relu-prime"}) {
        INFO(id);
        CHECK(ids.count(id) == 1);
    }
    for (const char* topic :
         {"Derivatives", "Partial Derivatives", "The Gradient", "The Chain Rule",
          "Activation Function Derivatives", "Neurons and Losses", "Networks"}) {
        INFO(topic);
        CHECK(topics.count(topic) == 1);
    }
}

TEST_CASE("softmax templates cover K from 2 to 4 and both cases of the Jacobian", "[template]") {
    Template jacobian = load_template(source_dir + "/templates/softmax-jacobian.yaml");
    std::set<std::size_t> sizes;
    for (const auto& p : generate_variants(jacobian, 1, 12)) {
        CHECK(p.expected.shape == Shape::matrix);
        sizes.insert(p.expected.rows);
        CHECK(p.lets.size() == p.expected.rows); // S1 ... SK
    }
    CHECK(sizes == std::set<std::size_t>{2, 3, 4});

    Template entry = load_template(source_dir + "/templates/softmax-entry.yaml");
    bool diagonal = false, off_diagonal = false;
    for (const auto& p : generate_variants(entry, 5, 20)) {
        std::string component = p.function_name.substr(1); // S2 → 2
        std::string wrt = p.wrt.front().substr(1);         // z1 → 1
        (component == wrt ? diagonal : off_diagonal) = true;
    }
    CHECK(diagonal);
    CHECK(off_diagonal);
}

TEST_CASE("leaky ReLU's alpha is drawn between 0.01 and 0.09", "[template]") {
    Template t = load_template(source_dir + "/templates/activation-leaky-relu.yaml");
    std::set<std::string> alphas;
    for (const auto& p : generate_variants(t, 3, 20))
        for (const auto& [name, value] : p.parameters)
            if (name == "alpha") alphas.insert(value);
    CHECK(alphas.size() > 3);
    for (const auto& a : alphas) {
        INFO(a);
        CHECK(a.size() == 4);
        CHECK(a.rfind("0.0", 0) == 0);
    }
}

TEST_CASE("broken templates are reported at file:line:column", "[template][validate]") {
    auto at = [](const std::string& name, const std::string& place) {
        return fixture(name) + ":" + place + ": ";
    };
    auto m = messages_of(fixture("unknown-key.yaml"));
    CHECK(any_contains(m, at("unknown-key.yaml", "5:1") +
                              "template: unknown key 'variable'; did you mean 'variables'?"));

    m = messages_of(fixture("missing-field.yaml"));
    CHECK(any_contains(m,
                       at("missing-field.yaml", "1:1") + "template: missing required key 'title'"));
    CHECK(any_contains(m, "missing required key 'ask'"));

    // The column is that of the '*' inside the expression, placeholders accounted for.
    m = messages_of(fixture("bad-expression.yaml"));
    CHECK(any_contains(m, at("bad-expression.yaml", "6:22") + "function: unexpected '*'"));

    m = messages_of(fixture("unknown-name.yaml"));
    CHECK(any_contains(m, at("unknown-name.yaml", "4:20") + "function: unknown name 'q'"));

    // a word is never a product of letters: the error names the likely reading
    m = messages_of(fixture("unknown-word.yaml"));
    CHECK(any_contains(m, at("unknown-word.yaml", "4:20") +
                              "function: 'softpuls' is not a known name: did you mean softplus? "
                              "(a function's argument goes in parentheses)"));

    m = messages_of(fixture("syntax-error.yaml"));
    CHECK(any_contains(m, "syntax-error.yaml:4:9: YAML syntax error"));

    m = messages_of(fixture("bad-wrt.yaml"));
    CHECK(any_contains(m, at("bad-wrt.yaml", "7:6") + "wrt: 'z' is not one of the variables"));

    m = messages_of(fixture("bad-range.yaml"));
    CHECK(
        any_contains(m, at("bad-range.yaml", "5:35") + "the range is not a whole number of steps"));
    CHECK(any_contains(m, at("bad-range.yaml", "6:12") + "the range runs backwards"));

    m = messages_of(fixture("unsatisfiable.yaml"));
    CHECK(any_contains(m, at("unsatisfiable.yaml", "7:8") +
                              "no values of the parameters satisfy the constraints"));

    m = messages_of(fixture("degenerate.yaml"));
    CHECK(any_contains(m, "every variant tried is degenerate"));

    m = messages_of(fixture("correct-mistake.yaml"));
    CHECK(
        any_contains(m, at("correct-mistake.yaml", "10:14") + "this mistake is a correct answer"));
}

TEST_CASE("a word in a template is a declared name, a product of declared names, or an error",
          "[template][validate]") {
    struct Case {
        std::string function, message; ///< message: "" when the template reads
    };
    for (const auto& c : std::vector<Case>{
             {"sinx", "inline.yaml:4:12: function: 'sinx' is not a known name: did you mean "
                      "sin(x)? (a function's argument goes in parentheses)"},
             {"x*softpuls", "inline.yaml:4:14: function: 'softpuls' is not a known name: did you "
                            "mean softplus? (a function's argument goes in parentheses)"},
             {"xy", "inline.yaml:4:12: function: unknown name 'xy': not one of the variables (x)"},
             {"3*x^2 + qq", "inline.yaml:4:20: function: unknown name 'qq': not one of the "
                            "variables (x)"},
             {"3xx", ""}, // x·x: x is declared
             // a parameter's arithmetic has no variables: a word there is not a parameter
             {"3*x^{sine}", "inline.yaml:4:17: in placeholder {sine}: 'sine' is not a parameter"},
         }) {
        INFO(c.function);
        std::string text = minimal;
        text.replace(text.find("3*x^2"), 5, c.function);
        auto diagnostics = diagnostics_of_text(text);
        if (c.message.empty()) {
            CHECK(diagnostics.empty());
            continue;
        }
        REQUIRE(diagnostics.size() == 1);
        CHECK(format_diagnostic(diagnostics.front()) == c.message);
    }
}

TEST_CASE("broken specs are reported at the entry", "[spec][validate]") {
    auto m = messages_of(fixture("bad-spec.yaml"));
    CHECK(any_contains(m, "bad-spec.yaml:5:16: template 'no-such-template'"));
    CHECK(any_contains(
        m, "bad-spec.yaml:6:6: problem: unknown key 'tempate'; did you mean 'template'?"));
    m = messages_of(fixture("bad-spec-count.yaml"));
    CHECK(any_contains(m, "bad-spec-count.yaml:6:5: template 'softmax-jacobian'"));
    CHECK(any_contains(m, "cannot make variant 13"));
}

TEST_CASE("validate_paths walks folders and counts errors", "[validate]") {
    ValidationReport report = validate_paths({source_dir + "/tests/fixtures/broken"});
    CHECK(report.files.size() >= 12);
    CHECK(report.errors() >= 12);
    CHECK_THROWS_AS(validate_paths({source_dir + "/no/such/folder"}), InputError);
}

TEST_CASE("hostile YAML gets a clear error, fast", "[template][hostile]") {
    auto started = std::chrono::steady_clock::now();
    auto first = [](const std::string& text) {
        auto found = diagnostics_of_text(text);
        REQUIRE(!found.empty());
        return format_diagnostic(found.front());
    };
    // An alias bomb: refused at the first alias.
    CHECK(first("a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n").find("aliases") !=
          std::string::npos);
    // Deep nesting, flow and block.
    CHECK(first(std::string(100000, '[') + std::string(100000, ']')).find("nesting too deep") !=
          std::string::npos);
    std::string block;
    for (int i = 0; i < 200; ++i)
        block += std::string(2 * i, ' ') + "k:\n";
    CHECK(first(block).find("nesting too deep") != std::string::npos);
    // Binary junk and invisible characters, with their place.
    CHECK(first(std::string("id: x\ntitle: \xff\xfe\x00junk", 19)) ==
          "inline.yaml:2:8: invalid UTF-8 byte (is this a binary file?)");
    CHECK(first("id: x\ntitle: a\x01"
                "b\n")
              .find("inline.yaml:2:9: control or invisible character U+0001") == 0);
    CHECK(first("title: \u202Eevil\n").find("U+202E") != std::string::npos);
    // A huge file.
    CHECK(first("title: " + std::string(2 << 20, 'a')).find("file too large") != std::string::npos);
    // Many small values.
    std::string wide = "a: [";
    for (int i = 0; i < 300000; ++i)
        wide += "1,";
    CHECK(first(wide + "1]").find("too many values") != std::string::npos);
    // Not a map, empty, several documents.
    CHECK(first("- just\n- a list\n").find("a template must be a map") != std::string::npos);
    CHECK(first("").find("empty") != std::string::npos);
    CHECK(first("a: 1\n---\nb: 2\n").find("more than one YAML document") != std::string::npos);
    auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    CHECK(seconds < 10);
}

TEST_CASE("template texts: placeholders, ranges and keys", "[template]") {
    std::string base = minimal;
    CHECK(diagnostics_of_text(base).empty());
    auto replace = [&](const std::string& from, const std::string& to) {
        std::string text = base;
        text.replace(text.find(from), from.size(), to);
        return diagnostics_of_text(text);
    };
    auto d = replace("\"3*x^2\"", "\"{b}*x^2\"");
    REQUIRE(!d.empty());
    CHECK(format_diagnostic(d[0]) ==
          "inline.yaml:4:13: in placeholder {b}: 'b' is not a parameter");
    d = replace("\"3*x^2\"", "\"3*x^{2\"");
    REQUIRE(!d.empty());
    CHECK(format_diagnostic(d[0]) == "inline.yaml:4:16: '{' without its closing '}'");
    d = replace("ask: derivative", "ask: derivatve");
    REQUIRE(!d.empty());
    CHECK(format_diagnostic(d[0]).find("did you mean 'derivative'?") != std::string::npos);
    d = replace("variables: [x]", "variables: [\"z1..z0\"]");
    REQUIRE(!d.empty());
    CHECK(format_diagnostic(d[0]).find("range runs backwards") != std::string::npos);
    d = replace("title: Inline", "title: Inline\nparameters:\n  a: {int: [1, 3], step: 2}");
    REQUIRE(!d.empty());
    CHECK(format_diagnostic(d[0]).find("'step' belongs with 'decimal'") != std::string::npos);
    d = replace("title: Inline", "title: Inline\nparameters:\n  a: {integer: [1, 3]}");
    REQUIRE(!d.empty());
    CHECK(format_diagnostic(d[0]).find("did you mean 'int'?") != std::string::npos);
    d = replace("title: Inline", "title: Inline\nparameters:\n  f: {int: [1, 3]}");
    REQUIRE(!d.empty());
    CHECK(format_diagnostic(d[0]).find("reserved") != std::string::npos);
    d = replace("title: Inline", "title: Inline\nwhere: \"q > 1\"");
    REQUIRE(!d.empty());
    CHECK(format_diagnostic(d[0]).find("'q' is not a parameter") != std::string::npos);
    d = replace("title: Inline", "title: Inline\ntitle: Twice");
    REQUIRE(!d.empty());
    CHECK(format_diagnostic(d[0]).find("duplicate key 'title'") != std::string::npos);
}

TEST_CASE("the generator's randomness is its own and stable", "[random]") {
    // FNV-1a 64 test vectors.
    CHECK(fnv1a64("") == 0xcbf29ce484222325ULL);
    CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
    CHECK(fnv1a64("foobar") == 0x85944171f73967e8ULL);
    // splitmix64 from seed 0: the published first outputs.
    Random r(0);
    CHECK(r.next() == 0xe220a8397b1dcdafULL);
    CHECK(r.next() == 0x6e789e6aa1b965f4ULL);
    // Ranges: every value reached, nothing outside.
    Random s(42);
    std::set<std::int64_t> seen;
    for (int i = 0; i < 2000; ++i) {
        std::int64_t v = s.between(-3, 3);
        REQUIRE(v >= -3);
        REQUIRE(v <= 3);
        seen.insert(v);
    }
    CHECK(seen.size() == 7);
    CHECK(Random(7).below(1) == 0);
    Random a(99), b(99);
    for (int i = 0; i < 100; ++i)
        CHECK(a.below(1000003) == b.below(1000003));
}
