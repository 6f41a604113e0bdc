// Typesetting: the function as the instructor wrote it, a template's `display:`, mathematics
// in prompts, escaping for LaTeX and Markdown, long formulas cut into rows, and the course's
// LaTeX answer key compiled by pdflatex with no line running off the page.
#include "expr/parser.hpp"
#include "expr/syntax_printer.hpp"
#include "generator/latex_layout.hpp"
#include "generator/render.hpp"
#include "generator/spec.hpp"
#include "generator/template.hpp"
#include "generator/text_escape.hpp"
#include "generator/validate.hpp"
#include "generator/variants.hpp"
#include "skip.hpp"
#include "temp_folder.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <sys/wait.h>
#include <vector>

using namespace chainrule;

namespace {

const std::string source_dir = CHAINRULE_SOURCE_DIR;

std::string as_written(const std::string& text, Notation n) {
    ParseOptions options;
    options.keep_syntax = true;
    ParseResult result = parse_expression(text, options);
    REQUIRE(result.syntax);
    return print_as_written(*result.syntax, n);
}

Problem first_variant(const std::string& yaml) {
    Template t = parse_template(yaml, "inline.yaml");
    VariantSource source(t, 1);
    return source.next();
}

std::vector<std::string> errors_of(const std::string& yaml) {
    std::vector<std::string> out;
    try {
        Template t = parse_template(yaml, "inline.yaml");
        VariantSource source(t, 1);
        source.next();
    } catch (const TemplateError& e) {
        for (const auto& d : e.diagnostics())
            out.push_back(format_diagnostic(d));
    }
    return out;
}

int run(const std::string& command) {
    int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

} // namespace

TEST_CASE("an expression as typed: parameters filled in, only signs and 1s tidied", "[typeset]") {
    // GELU keeps its constants; GiNaC would print tanh((8943x³ + 200000x)√2/(200000√π)).
    CHECK(as_written("0.5*x*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x^3)))", Notation::unicode) ==
          "0.5x(1 + tanh(√(2/π)(x + 0.044715x³)))");
    CHECK(as_written("0.5*x*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x^3)))", Notation::latex) ==
          "0.5 x \\left(1 + \\tanh\\left(\\sqrt{\\frac{2}{\\pi}} \\left(x + 0.044715 "
          "x^{3}\\right)\\right)\\right)");
    // softplus keeps its 1 + e^u; GiNaC would print ln(e^(−4x) + 1).
    CHECK(as_written("ln(1 + exp((-4)*x + 0))", Notation::unicode) == "ln(1 + e^(−4x))");
    CHECK(as_written("ln(1 + exp((-4)*x + 0))", Notation::plain) == "log(1 + exp(-4*x))");
    // a mean keeps its 1/3.
    CHECK(as_written("((w*1 + b - 0)^2 + (w*(-2) + b - (-1))^2)/3", Notation::unicode) ==
          "((w + b)² + (−w·2 + b + 1)²)/3");
    CHECK(as_written("((w*1 + b - 0)^2 + (w*(-2) + b - (-1))^2)/3", Notation::latex) ==
          "\\frac{\\left(w + b\\right)^{2} + \\left(-w \\cdot 2 + b + 1\\right)^{2}}{3}");
    CHECK(as_written("1*x^1 - (-(-y))", Notation::unicode) == "x − y");
    CHECK(as_written("x - (y + 1) + 0*ln(x)", Notation::unicode) == "x − (y + 1)");
    CHECK(as_written("2*3*x", Notation::unicode) == "2·3x");
    CHECK(as_written("2.50*x - 1e10", Notation::plain) == "2.50*x - 1e10");
    CHECK(as_written("sigmoid(z)*(1 - sigmoid(z))", Notation::latex) ==
          "\\sigma\\left(z\\right) \\left(1 - \\sigma\\left(z\\right)\\right)");
}

TEST_CASE("a template's display: the question shows it, and a display that is not the function "
          "is an error at its place",
          "[typeset][template]") {
    const std::string head = "id: inline\n"
                             "topic: Networks\n"
                             "title: Shown\n"
                             "parameters:\n"
                             "  a: {int: [2, 2]}\n"
                             "variables: [x]\n"
                             "ask: derivative\n";
    Problem p = first_variant(head + "function: \"{a}*x*sigmoid({a}*x)\"\n"
                                     "display: \"x*{a}*sigmoid(x*{a})\"\n");
    CHECK(p.prompt.unicode == "Let f(x) = x·2σ(x·2). Find d/dx f(x).");
    CHECK(p.prompt.latex ==
          "Let $f(x) = x \\cdot 2 \\sigma\\left(x \\cdot 2\\right)$. Find $\\frac{d}{dx} f(x)$.");
    // Without display: the function as typed.
    p = first_variant(head + "function: \"{a}*x*sigmoid({a}*x)\"\n");
    CHECK(p.prompt.unicode == "Let f(x) = 2x·σ(2x). Find d/dx f(x).");

    auto errors = errors_of(head + "function: \"{a}*x*sigmoid({a}*x)\"\n"
                                   "display: \"x*sigmoid({a}*x)\"\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0] == "inline.yaml:9:11: display: 'x*sigmoid(2*x)' is not the function "
                       "2*x*sigmoid(2*x) (with values filled in)");
    errors = errors_of("id: inline\ntopic: T\ntitle: T\nparts: [\"z = 2*x\", \"y = z^2\"]\n"
                       "variables: [x]\nask: derivative\ndisplay: \"4*x^2\"\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0] == "inline.yaml:7:11: with 'parts', each part is shown as written: drop "
                       "'display'");
}

TEST_CASE("mathematics in a prompt, $...$, is set as mathematics in every notation",
          "[typeset][template]") {
    const std::string head = "id: inline\ntopic: T\ntitle: T\nfunction: \"relu(3*x)\"\n"
                             "parameters:\n  c: {int: [-2, -2]}\n"
                             "variables: [x]\nask: derivative\n";
    Problem p = first_variant(head + "prompt: \"ReLU' is 0 for $u <= {c}$ and $tanh(u)^2 != "
                                     "1$; costs $$5.\"\n");
    CHECK(p.prompt.plain.rfind("ReLU' is 0 for u <= -2 and tanh(u)^2 != 1; costs $5. Let", 0) == 0);
    CHECK(p.prompt.unicode.rfind("ReLU' is 0 for u ≤ −2 and tanh(u)² ≠ 1; costs $5. Let", 0) == 0);
    CHECK(p.prompt.latex.rfind("ReLU' is 0 for $u \\leq -2$ and $\\tanh\\left(u\\right)^{2} "
                               "\\neq 1$; costs \\$5. Let",
                               0) == 0);
    auto errors = errors_of(head + "prompt: \"Note $u <= $ here.\"\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].rfind("inline.yaml:9:15: prompt: the mathematics $u <= $ does not read: '': ",
                          0) == 0);
    errors = errors_of(head + "prompt: \"Costs $5.\"\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0] == "inline.yaml:9:16: prompt: the '$' that opens mathematics here is not "
                       "closed (write $$ for a dollar sign)");
}

TEST_CASE("Leibniz fractions and primes in a prompt's mathematics are set as mathematics",
          "[typeset][template]") {
    const std::string head = "id: inline\ntopic: T\ntitle: T\nfunction: \"sigmoid(3*x)\"\n"
                             "parameters:\n  t: {int: [1, 1]}\n"
                             "variables: [x]\nask: derivative\n";
    Problem p =
        first_variant(head + "prompt: \"With $delta = ∂L/∂z2 = 2(z2 - {t})$, "
                             "$∂L/∂a_1 = delta*w2$; $dL/du = y - t$ and "
                             "$sigma'(u) = sigma(u)(1 - sigma(u))$, $σ'(2z) + tanh'(u)$.\"\n");
    CHECK(p.prompt.plain.rfind("With delta = dL/dz2 = 2*(z2 - 1), dL/da_1 = delta*w2; dL/du = y "
                               "- t and sigmoid'(u) = sigmoid(u)*(1 - sigmoid(u)), sigmoid'(2*z) "
                               "+ tanh'(u). Let",
                               0) == 0);
    CHECK(p.prompt.unicode.rfind("With δ = ∂L/∂z2 = 2(z2 − 1), ∂L/∂a_1 = δ·w2; dL/du = y − t and "
                                 "σ'(u) = σ(u)(1 − σ(u)), σ'(2z) + tanh'(u). Let",
                                 0) == 0);
    CHECK(
        p.prompt.latex.rfind(
            "With $\\delta = \\frac{\\partial L}{\\partial z_{2}} = 2 \\left(z_{2} - 1\\right)$, "
            "$\\frac{\\partial L}{\\partial a_{1}} = \\delta w_{2}$; $\\frac{dL}{du} = y - t$ and "
            "$\\sigma'\\left(u\\right) = \\sigma\\left(u\\right) \\left(1 - "
            "\\sigma\\left(u\\right)\\right)$, $\\sigma'\\left(2 z\\right) + "
            "\\tanh'\\left(u\\right)$. Let",
            0) == 0);
    // d/dx(...) is still the derivative operator, and a word starting with d is a name.
    p = first_variant(head + "prompt: \"$d/du(tanh(u)) = 1 - tanh(u)^2$ and $delta/d$.\"\n");
    CHECK(p.prompt.unicode.rfind("d/du(tanh(u)) = 1 − tanh(u)² and δ/d. Let", 0) == 0);
}

TEST_CASE("a character LaTeX cannot set is an error naming it and its place", "[typeset]") {
    auto messages = errors_of("id: inline\ntopic: T\ntitle: T\nfunction: \"3*x\"\n"
                              "variables: [x]\nask: derivative\nprompt: \"Mind the ж here.\"\n");
    INFO(messages.front());
    REQUIRE(messages.size() == 1);
    CHECK(messages[0] ==
          "inline.yaml:7:19: prompt: the character 'ж' (U+0436) cannot be set in LaTeX; write it "
          "out or use a placeholder");
}

TEST_CASE("escaping for LaTeX text and Markdown has one home", "[typeset][escape]") {
    CHECK(escape_latex_text("a_b & 50% #1 {x} ~ ^ \\ $ <=|>") ==
          "a\\_b \\& 50\\% \\#1 \\{x\\} \\textasciitilde{} \\textasciicircum{} "
          "\\textbackslash{} \\$ $<$=$|$$>$");
    CHECK(escape_latex_text("line\nbreak\x01") == "line break?");
    CHECK(escape_latex_text("σ stays") == "σ stays");
    CHECK(escape_markdown("*a* _b_ `c` [d](e) #f |g| <h> $i$ \\") ==
          "\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\#f \\|g\\| &lt;h&gt; \\$i\\$ \\\\");
    CHECK(escape_markdown_cell("two\nlines | x") == "two&lt;U+000A&gt;lines \\| x");
}

TEST_CASE("a long formula is cut into rows at its sums, brackets and quotients",
          "[typeset][latex]") {
    std::string sum;
    for (int i = 1; i <= 30; ++i)
        sum += (i > 1 ? " + " : "") + std::string("x_{") + std::to_string(i) + "}^{2}";
    CHECK(latex_width("x") < latex_width("x + y"));
    CHECK(latex_width(sum) > 360);
    auto rows = break_latex(sum, 200);
    REQUIRE(rows.size() > 1);
    std::string joined;
    for (const auto& row : rows) {
        CHECK(latex_width(row) <= 200);
        joined += (joined.empty() ? "" : " ") + row;
    }
    CHECK(joined == sum);
    CHECK(rows[1].rfind("+ ", 0) == 0);
    // A quotient whose numerator is too long: 1/D times the numerator, across rows.
    rows = break_latex("\\frac{" + sum + "}{y}", 200);
    REQUIRE(rows.size() > 1);
    CHECK(rows.front().rfind("\\frac{1}{y} \\biggl(x_{1}^{2}", 0) == 0);
    CHECK(rows.back().substr(rows.back().size() - 7) == "\\biggr)");
    // A bracket opened across rows.
    rows = break_latex("3 \\cdot \\left(" + sum + "\\right)", 200);
    REQUIRE(rows.size() > 1);
    CHECK(rows.front().rfind("3 \\cdot \\biggl(x_{1}^{2}", 0) == 0);
    // What fits stays whole.
    CHECK(break_latex("x + y", 200) == std::vector<std::string>{"x + y"});
}

TEST_CASE("the course's LaTeX answer key and sheet fit the page (pdflatex: no overfull box "
          "over 10 pt)",
          "[typeset][latex][slow]") {
    if (run("command -v pdflatex > /dev/null 2>&1") != 0) {
        chainrule::test::skip("pdflatex is not installed (Debian: texlive-latex-recommended)");
        return;
    }
    chainrule::test::TempFolder folder("chainrule-typeset");
    const std::filesystem::path& dir = folder.path();
    Spec spec = load_spec(source_dir + "/problem_sets/course.yaml");
    struct Document {
        std::string name, student;
        bool solutions;
    };
    const std::vector<Document> documents = {{"key-alice", "alice", true},
                                             {"key-bob", "bob", true},
                                             {"key-carol", "carol", true},
                                             {"sheet-alice", "alice", false}};
    const std::regex overfull(R"(Overfull \\hbox \(([0-9.]+)pt too wide\)[^\n]*)");
    for (const auto& doc : documents) {
        INFO(doc.name);
        std::ofstream(dir / (doc.name + ".tex"))
            << render(generate_problem_set(spec, doc.student), Format::latex, {doc.solutions});
        int status = run("cd '" + dir.string() + "' && pdflatex -interaction=nonstopmode " +
                         "-halt-on-error " + doc.name + ".tex > " + doc.name + ".out 2>&1");
        CHECK(status == 0);
        std::string log = read_file((dir / (doc.name + ".log")).string());
        REQUIRE(log.find("Output written on " + doc.name + ".pdf") != std::string::npos);
        std::size_t boxes = 0;
        for (auto it = std::sregex_iterator(log.begin(), log.end(), overfull);
             it != std::sregex_iterator(); ++it) {
            ++boxes;
            INFO((*it)[0].str());
            CHECK(std::stod((*it)[1].str()) <= 10.0);
        }
        // Every overfull box of the log was read and measured above.
        std::size_t mentioned = 0;
        for (std::size_t at = log.find("Overfull \\hbox"); at != std::string::npos;
             at = log.find("Overfull \\hbox", at + 1))
            ++mentioned;
        CHECK(mentioned == boxes);
    }
}

TEST_CASE("Markdown sets the mathematics in $...$ for GitHub, prose escaped as typed",
          "[typeset][markdown]") {
    Problem p = first_variant("id: inline\ntopic: T\ntitle: T_1\nfunction: \"relu(3*x)\"\n"
                              "parameters:\n  c: {int: [-2, -2]}\n"
                              "variables: [x]\nask: derivative\n"
                              "prompt: \"50% of x_1 & {c} -- *not* $u <= {c}$.\"\n");
    p.number = 1;
    ProblemSet set;
    set.title = "Sheet";
    set.problems.push_back(p);
    std::string md = render(set, Format::markdown, {true});
    CHECK(md.find("## 1. T\\_1 (1 point)\n") != std::string::npos);
    CHECK(md.find("50% of x\\_1 & $-2$ – \\*not\\* $u \\leq -2$. Let $f(x) = "
                  "\\operatorname{ReLU}\\left(3 x\\right)$. Find $\\frac{d}{dx} f(x)$.\n") !=
          std::string::npos);
    CHECK(md.find("**Answer:** $3 \\mathbb{1}\\left(3 x > 0\\right)$\n") != std::string::npos);
    CHECK(md.find("**Worked solution:**\n\n$$\n\\begin{aligned}\n&\\frac{d}{dx}\\left(") !=
          std::string::npos);
    CHECK(md.find("```") == std::string::npos);
}
