// Generated problems and their worked solutions: every line of every solution is the true
// derivative; LaTeX output compiles; the command line.
#include "checker/equivalence.hpp"
#include "expr/functions.hpp"
#include "expr/printer.hpp"
#include "expr/symbols.hpp"
#include "generator/matrix_template.hpp"
#include "generator/problem_solution.hpp"
#include "generator/render.hpp"
#include "generator/spec.hpp"
#include "generator/template.hpp"
#include "generator/variants.hpp"
#include "skip.hpp"
#include "temp_folder.hpp"

#include <catch2/catch.hpp>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
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

// Runs a shell command; its exit status (-1 when it did not exit normally).
int run(const std::string& command) {
    int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

} // namespace

TEST_CASE("every line of every worked solution equals the expected derivative",
          "[generator][solution][slow]") {
    std::size_t lines = 0;
    for (const auto& file : shipped_templates()) {
        Template t = load_template(file);
        // A matrix question's lines are checked as each variant is made (matrix_test.cpp,
        // matrix_homework_test.cpp): instantiating it is the check.
        if (t.matrix) continue;
        for (std::uint64_t seed : {1u, 2u, 3u, 4u}) {
            VariantSource source(t, seed);
            for (int k = 0; k < 4; ++k) {
                Problem p;
                try {
                    p = source.next();
                } catch (const InputError&) {
                    break; // a template with few variants
                }
                auto solutions = solve_problem(p);
                REQUIRE(solutions.size() == p.expected.entries.size());
                for (std::size_t i = 0; i < solutions.size(); ++i) {
                    const WorkedSolution& s = solutions[i].solution;
                    const GiNaC::ex& expected = p.expected.entries[i];
                    INFO(t.id << " (seed " << seed << "): " << p.prompt.plain << " entry " << i);
                    REQUIRE(!s.steps.empty());
                    // A question at a point: each line is the derivative, there.
                    GiNaC::exmap point;
                    for (const auto& [name, value] : p.at)
                        point[variable(name)] = value;
                    for (std::size_t j = 0; j < s.steps.size(); ++j) {
                        INFO("line " << j << ": " << print(s.steps[j].expression, Notation::plain));
                        GiNaC::ex line = evaluate_derivatives(s.steps[j].expression).subs(point);
                        CHECK(compare_expressions(expected, line, p.variables).outcome ==
                              Outcome::correct);
                        ++lines;
                    }
                    CHECK(compare_expressions(expected, s.result, p.variables).outcome ==
                          Outcome::correct);
                    CHECK(!has_unevaluated_derivative(s.result));
                    // A result in the named values is the derivative once they are substituted.
                    if (!s.named_result.is_zero()) {
                        GiNaC::exmap lets;
                        for (const auto& [name, value] : p.lets)
                            lets[variable(name)] = value;
                        CHECK(compare_expressions(expected, s.named_result.subs(lets), p.variables)
                                  .outcome == Outcome::correct);
                    }
                    // Rendered in every notation, one line per step.
                    for (Notation n : {Notation::plain, Notation::unicode, Notation::latex})
                        CHECK(render_solution(s, n).size() == s.steps.size());
                }
            }
        }
    }
    CHECK(lines > 1000);
}

TEST_CASE("the LaTeX output compiles", "[generator][latex]") {
    // A standard TeX installation: Debian's texlive-latex-base, installed here when missing.
    if (run("command -v pdflatex > /dev/null 2>&1") != 0) {
        std::string sudo = geteuid() == 0 ? "" : "sudo -n ";
        int installed = run("(" + sudo + "apt-get update -qq && DEBIAN_FRONTEND=noninteractive " +
                            sudo + "apt-get install -y -qq --no-install-recommends " +
                            "texlive-latex-base) > /dev/null 2>&1");
        if (installed != 0 || run("command -v pdflatex > /dev/null 2>&1") != 0) {
            chainrule::test::skip("pdflatex is missing and apt-get could not install "
                                  "texlive-latex-base (no root, no sudo, or no package archive)");
            return;
        }
    }
    chainrule::test::TempFolder folder("chainrule-latex");
    const std::filesystem::path& dir = folder.path();
    Spec spec = load_spec(source_dir + "/problem_sets/course.yaml");
    for (bool solutions : {false, true}) {
        std::string name = solutions ? "key" : "problems";
        std::ofstream(dir / (name + ".tex"))
            << render(generate_problem_set(spec, "Zoë_#1 & {co}"), Format::latex, {solutions});
        int status = run("cd '" + dir.string() + "' && pdflatex -interaction=nonstopmode " +
                         "-halt-on-error " + name + ".tex > " + name + ".out 2>&1");
        INFO(read_file((dir / (name + ".out")).string()));
        CHECK(status == 0);
        CHECK(std::filesystem::exists(dir / (name + ".pdf")));
    }
}

TEST_CASE("chainrule validate and generate on the command line", "[generator][cli]") {
    const std::string binary = CHAINRULE_BINARY;
    chainrule::test::TempFolder folder("chainrule-cli");
    const std::filesystem::path& dir = folder.path();
    std::string out = (dir / "out.txt").string();
    // Every shipped template and spec is valid.
    CHECK(run(binary + " validate -q " + source_dir + "/templates " + source_dir +
              "/problem_sets > " + out + " 2>&1") == 0);
    // Broken ones: exit 1, one file:line:column line per problem.
    CHECK(run(binary + " validate " + source_dir + "/tests/fixtures/broken > " + out + " 2>&1") ==
          1);
    std::string report = read_file(out);
    CHECK(report.find("unknown-key.yaml:5:1: template: unknown key 'variable'; did you mean "
                      "'variables'?") != std::string::npos);
    // A path that does not exist is a usage error.
    CHECK(run(binary + " validate /no/such/path > " + out + " 2>&1") == 2);
    // generate: a student's set written with -o is the bytes printed, in the two formats
    // without solutions that the determinism tests (which run every format with solutions,
    // in separate processes) do not. Each run validates the whole course first: half a
    // second of CPU, ten times that in a sanitizer build.
    std::string spec = source_dir + "/problem_sets/course.yaml";
    for (const char* format : {"json", "tex"}) {
        INFO(format);
        std::string a = (dir / "a").string(), b = (dir / "b").string();
        CHECK(run(binary + " generate " + spec + " --student alice --format " + format + " -o " +
                  a) == 0);
        CHECK(run(binary + " generate " + spec + " --student alice --format " + format + " > " +
                  b) == 0);
        CHECK(read_file(a) == read_file(b));
        CHECK(!read_file(a).empty());
    }
    CHECK(run(binary + " generate --template " + source_dir +
              "/templates/monomial.yaml --count 3 --seed 9 > " + out) == 0);
    CHECK(read_file(out).find("monomial-3") != std::string::npos);
    // Usage errors: exit 2.
    CHECK(run(binary + " generate > " + out + " 2>&1") == 2);
    CHECK(run(binary + " generate " + spec + " --seed 3 > " + out + " 2>&1") == 2);
    CHECK(run(binary + " generate " + spec + " --format pdf > " + out + " 2>&1") == 2);
    CHECK(run(binary + " generate --template " + source_dir +
              "/templates/softmax-jacobian.yaml --count 13 > " + out + " 2>&1") == 2);
}
