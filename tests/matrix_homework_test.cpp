// Matrix questions as homework (issue 20, points 5 and 7): templates with shapes, generated
// sheets with worked solutions in matrix form, validate refusing a wrong key, check --set,
// grade and a frozen set taking matrix answers, and never showing the key.
#include "run_binary.hpp"
#include "skip.hpp"
#include "temp_folder.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>

using chainrule::test::run_binary;
using chainrule::test::RunResult;
using chainrule::test::slurp;

namespace {

const std::string source_dir = CHAINRULE_SOURCE_DIR;

void write(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

// The shipped template with its parameter fixed: wrt W (a linear layer), b (a batch).
std::string fixed(const std::string& id, const std::string& name, const std::string& wrt) {
    std::string text = slurp(source_dir + "/templates/" + id + ".yaml");
    text = std::regex_replace(text, std::regex("id: " + id), "id: " + name);
    text = std::regex_replace(text, std::regex("wrt: \"\\{v\\}\""), "wrt: " + wrt);
    text = std::regex_replace(text, std::regex("parameters:\\n  v: \\{choice: \\[[^\\]]*\\]\\}\\n"),
                              "");
    return text;
}

chainrule::test::RunOptions in_folder(const std::filesystem::path& dir) {
    chainrule::test::RunOptions options;
    options.directory = dir.string();
    return options;
}

// A class folder: three templates with fixed questions, a spec, three submissions.
void make_class(const std::filesystem::path& dir) {
    write(dir / "templates/layer.yaml", fixed("matrix-linear-layer", "layer", "W"));
    write(dir / "templates/batch.yaml", fixed("matrix-batch-mean", "batch", "b"));
    write(dir / "templates/softmax.yaml",
          std::regex_replace(slurp(source_dir + "/templates/matrix-softmax-jacobian.yaml"),
                             std::regex("id: matrix-softmax-jacobian"), "id: softmax"));
    write(dir / "sets/hw.yaml", "title: \"Matrix homework\"\nseed: 7\ntemplate_dir: ../templates\n"
                                "problems:\n  - {template: layer, points: 2}\n"
                                "  - {template: batch, points: 3}\n"
                                "  - {template: softmax, points: 2}\n");
    write(dir / "subs/alice.yaml", "student: alice\nanswers:\n  layer-1: \"(z - y) x^T\"\n"
                                   "  batch-1: \"(Z - Y)^T ones(N) / N\"\n"
                                   "  softmax-1: \"diag(s) - outer(s, s)\"\n");
    write(dir / "subs/bob.yaml", "student: bob\nanswers:\n  layer-1: \"x (z - y)^T\"\n"
                                 "  batch-1: \"(Z - Y)^T / N\"\n  softmax-1: \"- s s^T\"\n");
    write(dir / "subs/carol.yaml", "student: carol\nanswers:\n  layer-1: \"(z - y) x\"\n"
                                   "  batch-1: [[1, 2], [3, 4]]\n"
                                   "  softmax-1:\n    steps: [diag(s)]\n");
}

} // namespace

TEST_CASE("matrix templates: every shipped one validates, a wrong key does not",
          "[matrix][generator][cli]") {
    RunResult ok = run_binary({"validate", source_dir + "/problem_sets/matrix.yaml"});
    CHECK(ok.status == 0);
    CHECK(ok.out.empty());
    chainrule::test::TempFolder folder("chainrule-matrix-key");
    std::string layer = slurp(source_dir + "/templates/matrix-linear-layer.yaml");
    // The answer transposed: its shape is wrong for every variant asking about W.
    write(folder.path() / "transposed.yaml",
          std::regex_replace(
              std::regex_replace(layer, std::regex("id: matrix-linear-layer"), "id: transposed"),
              std::regex("value: \"δ x\\^T\""), "value: \"x δ^T\""));
    // A backward line whose value is not the derivative it claims.
    write(folder.path() / "sign.yaml",
          std::regex_replace(
              std::regex_replace(layer, std::regex("id: matrix-linear-layer"), "id: sign"),
              std::regex("value: \"z - y\""), "value: \"y - z\""));
    RunResult bad = run_binary({"validate", (folder.path() / "transposed.yaml").string(),
                                (folder.path() / "sign.yaml").string()});
    CHECK(bad.status == 1);
    CHECK(bad.out.find("transposed.yaml:21:5: solution: this line is n×m but ∂L/∂W is m×n") !=
          std::string::npos);
    CHECK(bad.out.find("sign.yaml:20:5: solution: this line is not ∂L/∂z: at m = 2, n = 2, "
                       "entry (1) is y₁ − W₁₁·x₁ − W₁₂·x₂ − b₁ but should be W₁₁·x₁ + W₁₂·x₂ + "
                       "b₁ − y₁") != std::string::npos);
    // A function that cannot be worked out is an error at its place, not a crash.
    write(folder.path() / "pole.yaml", "id: pole\ntopic: T\ntitle: T\nshapes: {x: [n]}\n"
                                       "function: \"sum(log(x - x))\"\nask: gradient\nwrt: x\n"
                                       "solution:\n  - {grad: x, value: \"x\"}\n");
    RunResult pole = run_binary({"validate", (folder.path() / "pole.yaml").string()});
    CHECK(pole.status == 1);
    CHECK(pole.out.find("pole.yaml:5:12: function: its derivative cannot be worked out at the "
                        "sizes compared (log_eval(): log(0))") != std::string::npos);
    // generate refuses what validate refuses.
    RunResult refused =
        run_binary({"generate", "--template", (folder.path() / "sign.yaml").string()});
    CHECK(refused.status == 2);
}

TEST_CASE("matrix templates: sheets for two students with worked solutions in Markdown and "
          "LaTeX",
          "[matrix][generator][cli]") {
    const std::string spec = source_dir + "/problem_sets/matrix.yaml";
    RunResult alice =
        run_binary({"generate", spec, "--student", "alice", "--format", "md", "--solutions"});
    RunResult bob =
        run_binary({"generate", spec, "--student", "bob", "--format", "md", "--solutions"});
    REQUIRE(alice.status == 0);
    REQUIRE(bob.status == 0);
    CHECK(alice.out != bob.out);
    // The softmax Jacobian has no parameter: the same for both, layer by layer with shapes.
    const std::string softmax = "**Answer:** ∂s/∂z = diag(s) − s sᵀ\n\n**Worked solution:**\n\n"
                                "```text\nShapes: z m×1\nForward pass:\n"
                                "  s = softmax(z)           [m×1]\nBackward pass:\n"
                                "  ∂s/∂z = diag(s) − s sᵀ   [m×m]  ∂sᵢ/∂zⱼ = sᵢ(δᵢⱼ − sⱼ)\n```\n";
    CHECK(alice.out.find(softmax) != std::string::npos);
    CHECK(bob.out.find(softmax) != std::string::npos);
    // The two-layer network's backward pass names its deltas.
    CHECK(alice.out.find("δ2 = ∂L/∂z2 = z2 − y") != std::string::npos);
    CHECK(alice.out.find("δ1 = ∂L/∂z1 = (W2ᵀ δ2) ⊙ ") != std::string::npos);
    // The question's mathematics is set in $...$ (GitHub renders it).
    CHECK(alice.out.find("Find $\\frac{\\partial L}{\\partial \\mathbf{") != std::string::npos);

    chainrule::test::TempFolder folder("chainrule-matrix-latex");
    const std::filesystem::path tex = folder.path() / "key.tex";
    RunResult latex =
        run_binary({"generate", spec, "--student", "alice", "--solutions", "-o", tex.string()});
    REQUIRE(latex.status == 0);
    std::string source = slurp(tex.string());
    CHECK(source.find("\\mathbf{W}") != std::string::npos);
    CHECK(source.find("^\\top") != std::string::npos);
    CHECK(source.find("\\odot") != std::string::npos);
    CHECK(source.find("&\\text{Backward pass:} \\\\") != std::string::npos);
    if (std::system("command -v pdflatex > /dev/null 2>&1") != 0) {
        chainrule::test::skip("pdflatex is missing: the LaTeX was written, not compiled");
        return;
    }
    int status = std::system(("cd '" + folder.string() +
                              "' && pdflatex -interaction=nonstopmode -halt-on-error key.tex > "
                              "key.out 2>&1")
                                 .c_str());
    INFO(slurp((folder.path() / "key.out").string()));
    CHECK(status == 0);
    CHECK(std::filesystem::exists(folder.path() / "key.pdf"));
}

TEST_CASE("matrix answers in check --set: right, transposed, a shape error, a list",
          "[matrix][grading][cli]") {
    chainrule::test::TempFolder folder("chainrule-matrix-set");
    make_class(folder.path());
    const std::string spec = (folder.path() / "sets/hw.yaml").string();
    auto check = [&](const std::string& problem, const std::string& answer) {
        return run_binary({"check", "--set", spec, "--student", "alice", "--problem", problem,
                           "--answer", answer});
    };
    RunResult right = check("layer-1", "(z - y) x^T");
    CHECK(right.status == 0);
    CHECK(right.out == "1. Gradient of a linear layer [layer-1]\n✓ correct  (2 / 2)\n"
                       "  your answer: (z - y) x^T\n");
    RunResult transposed = check("layer-1", "x (z - y)^T");
    CHECK(transposed.status == 1);
    CHECK(transposed.out ==
          "1. Gradient of a linear layer [layer-1]\n✗ incorrect  (0 / 2)\n"
          "  your answer: x (z - y)^T\n  your answer is n×m but ∂L/∂W is m×n\n"
          "  layout: your answer has the transposed shape; here ∂L/∂W has the shape of the "
          "variable (the gradient of a scalar)\n"
          "  mistake: ∂L/∂W has the shape of W (m×n): your outer product is the wrong way "
          "round.\n");
    RunResult shape = check("layer-1", "(z - y) x");
    CHECK(shape.status == 1);
    CHECK(shape.out.find("  shape error: cannot multiply z − y (m×1) by x (n×1)") !=
          std::string::npos);
    RunResult list = check("layer-1", "[[1, 2], [3, 4]]");
    CHECK(list.status == 2);
    CHECK(list.out.find("this question asks for one expression of the matrix language over its "
                        "names (such as W^T x), an m×n matrix of symbolic shape, not a list of "
                        "entries") != std::string::npos);
    // Wrong entries are named by index, never by value: not the key, nor an entry of it.
    RunResult entries = check("softmax-1", "- s s^T");
    CHECK(entries.status == 1);
    CHECK(entries.out.find("  2 of 4 entries are wrong at m = 2; the first is (1,1)\n") !=
          std::string::npos);
    CHECK(entries.out.find("  mistake: the diagonal term of the softmax Jacobian is missing: its "
                           "entries with i = j have a term of their own\n") != std::string::npos);
    CHECK(entries.out.find("diag(s) − s sᵀ") == std::string::npos);
    CHECK(entries.out.find("s₁") == std::string::npos);
    CHECK(entries.out.find("expected") == std::string::npos);
    // The missing sum over a batch, named.
    RunResult batch = check("batch-1", "(Z - Y)^T / N");
    CHECK(batch.status == 1);
    CHECK(batch.out.find("  your answer is m×N but ∂L/∂b is m×1\n  mistake: your answer has one "
                         "column per example of the batch (N of them): ∂L/∂b sums them over the "
                         "batch (Σ over the N examples, a product with 1_N)\n") !=
          std::string::npos);
}

TEST_CASE("matrix answers in grade: a class folder's rows, and the same from a frozen set",
          "[matrix][grading][cli]") {
    chainrule::test::TempFolder folder("chainrule-matrix-grade");
    make_class(folder.path());
    const std::filesystem::path dir = folder.path();
    RunResult graded = run_binary({"grade", (dir / "sets/hw.yaml").string(),
                                   (dir / "subs").string(), "-o", (dir / "out").string(), "-q"},
                                  in_folder(dir));
    INFO(graded.err);
    REQUIRE(graded.status == 0);
    const std::string csv = slurp((dir / "out/grades.csv").string());
    CHECK(csv.find("student,source,status,layer-1,batch-1,softmax-1,total,max_score\n") == 0);
    CHECK(csv.find("alice,") != std::string::npos);
    CHECK(csv.find(",graded,2,3,2,7,7\n") != std::string::npos);
    CHECK(csv.find(",graded,0,0,0,0,7\n") != std::string::npos);
    const std::string report = slurp((dir / "out/report.json").string());
    CHECK(report.find("\"id\": \"batch_sum_missing\"") != std::string::npos);
    CHECK(report.find("\"id\": \"softmax_diag_dropped\"") != std::string::npos);
    CHECK(report.find("steps are accepted for a single derivative only: give this answer as one "
                      "expression of the matrix language, an m×m matrix") != std::string::npos);
    CHECK(report.find("diag(s) − s sᵀ") == std::string::npos);
    const std::string summary = slurp((dir / "out/summary.md").string());
    CHECK(summary.find("| batch-1 | 3 | 1 | 0 | 1 | 0 | 1 | 0 | 33.3% | 1 | `batch_sum_missing` "
                       "(1) |") != std::string::npos);
    const std::string junit = slurp((dir / "out/junit.xml").string());
    CHECK(junit.find("softmax-1") != std::string::npos);
    // Frozen: the sheets carry the shapes, so the frozen set grades the same rows.
    write(dir / "roster.txt", "alice\nbob\ncarol\n");
    RunResult frozen =
        run_binary({"freeze", (dir / "sets/hw.yaml").string(), "--roster",
                    (dir / "roster.txt").string(), "-o", (dir / "frozen.yaml").string()});
    REQUIRE(frozen.status == 0);
    const std::string file = slurp((dir / "frozen.yaml").string());
    CHECK(file.find("shapes: {W: [m, n], x: [n], b: [m], y: [m]}") != std::string::npos);
    CHECK(file.find("- {name: Z, value: X W^T + ones(N) b^T}") != std::string::npos);
    // Without --solutions, no key.
    CHECK(file.find("diag(s) - s s^T") == std::string::npos);
    RunResult again = run_binary({"grade", (dir / "frozen.yaml").string(), (dir / "subs").string(),
                                  "-o", (dir / "out2").string(), "-q"},
                                 in_folder(dir));
    INFO(again.err);
    REQUIRE(again.status == 0);
    CHECK(slurp((dir / "out2/grades.csv").string()) == csv);
}

TEST_CASE("matrix questions in practice: hints go line by line and never show the answer",
          "[matrix][grading][cli]") {
    chainrule::test::TempFolder folder("chainrule-matrix-practice");
    make_class(folder.path());
    write(folder.path() / "sets/one.yaml", "title: \"One layer\"\nseed: 7\n"
                                           "template_dir: ../templates\n"
                                           "problems:\n  - {template: layer, points: 2}\n");
    chainrule::test::RunOptions options;
    options.input = "hint\nhint\nx (z - y)^T\n(z - y) x^T\nquit\n";
    RunResult run = run_binary(
        {"practice", "--set", (folder.path() / "sets/one.yaml").string(), "--seed", "1"}, options);
    CHECK(run.status == 0);
    CHECK(run.out.find("> hint\nhint: next: δ = ∂L/∂z = z − y  [m×1] (the gradient of ‖z − "
                       "y‖²/2)\n> hint\nhint: no more hints: the next line is ∂L/∂W itself; "
                       "type solution to see the worked solution\n") != std::string::npos);
    CHECK(run.out.find("  your answer is n×m but ∂L/∂W is m×n\n") != std::string::npos);
    CHECK(run.out.find("✓ correct  (2 / 2)\n  your answer: (z - y) x^T\n") != std::string::npos);
    // The key in matrix form is never printed: only the student's own answer.
    CHECK(run.out.find("δ xᵀ") == std::string::npos);
    CHECK(run.out.find("(z − y) xᵀ") == std::string::npos);
}
