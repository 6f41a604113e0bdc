// Matrix calculus with symbolic shapes (issue 20): the hard cases of the issue, asserted on
// the verdict, the message and the named mistakes a user sees.
#include "checker/matrix_check.hpp"
#include "checker/matrix_report.hpp"
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace chainrule;
using chainrule::test::run_binary;
using chainrule::test::RunResult;

namespace {

MatrixVerdict check(const MatrixQuestionText& question, const std::string& answer) {
    MatrixExpectation expectation(question);
    return check_matrix_text(expectation, answer);
}

std::vector<std::string> mistake_ids(const MatrixVerdict& verdict) {
    std::vector<std::string> ids;
    for (const auto& d : verdict.diagnosis)
        ids.push_back(d.id);
    return ids;
}

MatrixQuestionText softmax_jacobian() {
    MatrixQuestionText q;
    q.shapes = {"z=m"};
    q.lets = {"s=softmax(z)"};
    q.function = "s";
    q.wrt = "z";
    return q;
}

MatrixQuestionText cross_entropy(bool onehot) {
    MatrixQuestionText q;
    q.shapes = {"z=m", "y=m"};
    if (onehot) q.constraints = {"y=onehot"};
    q.lets = {"s=softmax(z)"};
    q.function = "-sum(y .* log(s))";
    q.wrt = "z";
    return q;
}

MatrixQuestionText square_layer() {
    MatrixQuestionText q;
    q.shapes = {"W=n,n", "x=n", "b=n", "y=n"};
    q.lets = {"δ=W x + b - y"};
    q.function = "(W x + b - y)^T (W x + b - y)/2";
    q.wrt = "W";
    return q;
}

MatrixQuestionText two_layer(bool square) {
    MatrixQuestionText q;
    q.shapes = {"W1=h,n",
                "b1=h",
                square ? "W2=h,h" : "W2=k,h",
                square ? "b2=h" : "b2=k",
                "x=n",
                square ? "y=h" : "y=k"};
    q.lets = {"z1=W1 x + b1", "a1=σ(z1)", "z2=W2 a1 + b2", "δ2=z2 - y", "δ1=(W2ᵀ δ2) ⊙ σ'(z1)"};
    q.function = "‖z2 - y‖²/2";
    q.wrt = "W1";
    return q;
}

} // namespace

TEST_CASE("matrix: the softmax Jacobian in every equivalent spelling", "[matrix]") {
    for (const char* answer :
         {"diag(s) - s s^T", "diag(s) − s sᵀ", "-s s' + diag(s)", "diag(s) - outer(s, s)",
          "diag(s) - s*s^T", "diag(s) - (s s^T)^T", "diag(s) @ (I - ones(m) s^T)",
          "diag(s) - s @ s.T" /* not the language: checked below */}) {
        MatrixVerdict v = check(softmax_jacobian(), answer);
        if (std::string(answer) == "diag(s) - s @ s.T") {
            CHECK(v.verdict.outcome == Outcome::invalid);
            continue;
        }
        INFO(answer << ": " << v.verdict.message);
        CHECK(v.verdict.outcome == Outcome::correct);
        CHECK(v.answer_shape == "m×m");
    }
}

TEST_CASE("matrix: diag(s) - s' s is a shape error naming both sides", "[matrix]") {
    MatrixVerdict v = check(softmax_jacobian(), "diag(s) - s' s");
    CHECK(v.verdict.outcome == Outcome::incorrect);
    CHECK(v.verdict.message == "shape error: cannot subtract sᵀ s (1×1) from diag(s) (m×m)");
    MatrixVerdict sum = check(softmax_jacobian(), "s s^T + s^T s");
    CHECK(sum.verdict.message == "shape error: cannot add s sᵀ (m×m) and sᵀ s (1×1)");
}

TEST_CASE("matrix: the softmax Jacobian without diag(s) is named", "[matrix]") {
    MatrixVerdict v = check(softmax_jacobian(), "-s s^T");
    CHECK(v.verdict.outcome == Outcome::incorrect);
    CHECK(mistake_ids(v) == std::vector<std::string>{"softmax_diag_dropped"});
}

TEST_CASE("matrix: s - y is accepted only when y is declared one-hot", "[matrix]") {
    CHECK(check(cross_entropy(true), "s - y").verdict.outcome == Outcome::correct);
    MatrixVerdict v = check(cross_entropy(false), "s - y");
    CHECK(v.verdict.outcome == Outcome::incorrect);
    CHECK(mistake_ids(v) == std::vector<std::string>{"target_not_onehot"});
    CHECK(check(cross_entropy(false), "sum(y) s - y").verdict.outcome == Outcome::correct);
    // With y one-hot, the general form is right too.
    CHECK(check(cross_entropy(true), "sum(y) s - y").verdict.outcome == Outcome::correct);
}

TEST_CASE("matrix: for a square layer δ xᵀ against x δᵀ is reported as a transpose", "[matrix]") {
    MatrixQuestionText q = square_layer();
    CHECK(check(q, "δ x^T").verdict.outcome == Outcome::correct);
    CHECK(check(q, "(W x + b - y) x^T").verdict.outcome == Outcome::correct);
    MatrixVerdict v = check(q, "x δ^T");
    CHECK(v.verdict.outcome == Outcome::incorrect);
    CHECK(v.answer_shape == "n×n");
    CHECK(mistake_ids(v) == std::vector<std::string>{"transposed_answer"});
    // With the key written out, the entries are shown with the lets' own symbols.
    MatrixQuestionText written = q;
    written.expected = "δ x^T";
    MatrixVerdict w = check(written, "x δ^T");
    CHECK(w.verdict.message ==
          "2 of 4 entries are wrong at n = 2; the first, (1,2): expected x₂·δ₁, your answer x₁·δ₂");
}

TEST_CASE("matrix: a non-square layer's transposed gradient is a shape error with a layout "
          "note",
          "[matrix]") {
    MatrixQuestionText q;
    q.shapes = {"W=m,n", "x=n", "b=m", "y=m"};
    q.function = "(W x + b - y)^T (W x + b - y)/2";
    q.wrt = "W";
    MatrixVerdict v = check(q, "x (W x + b - y)^T");
    CHECK(v.verdict.outcome == Outcome::incorrect);
    CHECK(v.verdict.message == "your answer is n×m but ∂L/∂W is m×n");
    CHECK(mistake_ids(v) == std::vector<std::string>{"transposed_layout"});
    MatrixVerdict column = check(q, "x");
    CHECK(column.verdict.message == "your answer is n×1 but ∂L/∂W is m×n");
}

TEST_CASE("matrix: the two-layer ∂L/∂W1 with and without diag, and its mistakes", "[matrix]") {
    MatrixQuestionText q = two_layer(false);
    for (const char* answer : {"δ1 x^T", "((W2^T δ2) .* σ'(z1)) x^T", "diag(σ'(z1)) W2^T δ2 x^T",
                               "diag(σ(z1) ⊙ (1 - σ(z1))) W2ᵀ (W2 a1 + b2 - y) xᵀ"}) {
        MatrixVerdict v = check(q, answer);
        INFO(answer << ": " << v.verdict.message);
        CHECK(v.verdict.outcome == Outcome::correct);
    }
    MatrixVerdict missing = check(q, "(W2^T δ2) x^T");
    CHECK(missing.verdict.outcome == Outcome::incorrect);
    CHECK(mistake_ids(missing) == std::vector<std::string>{"activation_derivative_missing"});
    // W2 for W2ᵀ only reads when the sizes allow both (h = k).
    MatrixVerdict non_square = check(q, "((W2 δ2) .* σ'(z1)) x^T");
    CHECK(non_square.verdict.outcome == Outcome::incorrect);
    CHECK(non_square.verdict.message.rfind("shape error: cannot multiply W2 (k×h) by δ2 (k×1)",
                                           0) == 0);
    MatrixVerdict square = check(two_layer(true), "((W2 δ2) .* σ'(z1)) x^T");
    CHECK(square.verdict.outcome == Outcome::incorrect);
    CHECK(mistake_ids(square) == std::vector<std::string>{"transposed_matrix"});
    CHECK(square.diagnosis.front().message == "«W2» where «W2ᵀ» belongs");
    // Mixed products keep their parentheses when printed back.
    CHECK(square.answer_unicode == "((W2 δ2) ⊙ σ'(z1)) xᵀ");
}

TEST_CASE("matrix: a batch ∂L/∂b with the 1/N dropped is named", "[matrix]") {
    MatrixQuestionText q;
    q.shapes = {"X=N,n", "W=m,n", "b=m", "Y=N,m"};
    q.lets = {"Z=X W^T + ones(N) b^T"};
    q.function = "‖Z - Y‖²/(2N)";
    q.wrt = "b";
    CHECK(check(q, "(Z - Y)^T ones(N) / N").verdict.outcome == Outcome::correct);
    MatrixVerdict v = check(q, "(Z - Y)^T ones(N)");
    CHECK(v.verdict.outcome == Outcome::incorrect);
    CHECK(mistake_ids(v) == std::vector<std::string>{"mean_factor_dropped"});
}

TEST_CASE("matrix: a batch ∂L/∂b without the sum over the batch is named", "[matrix]") {
    MatrixQuestionText q;
    q.shapes = {"X=N,n", "W=m,n", "b=m", "Y=N,m"};
    q.lets = {"Z=X W^T + ones(N) b^T"};
    q.function = "‖Z - Y‖²/(2N)";
    q.wrt = "b";
    // One column per example: summed over the batch it would be right.
    MatrixVerdict columns = check(q, "(Z - Y)^T / N");
    CHECK(columns.verdict.outcome == Outcome::incorrect);
    CHECK(columns.verdict.message == "your answer is m×N but ∂L/∂b is m×1");
    CHECK(mistake_ids(columns) == std::vector<std::string>{"batch_sum_missing"});
    CHECK(columns.diagnosis.front().message ==
          "your answer has one column per example of the batch (N of them): ∂L/∂b sums them over "
          "the batch (Σ over the N examples, a product with 1_N)");
    // One row per example, and the mean's 1/N dropped as well.
    MatrixVerdict rows = check(q, "Z - Y");
    CHECK(mistake_ids(rows) == std::vector<std::string>{"batch_sum_missing"});
    CHECK(rows.diagnosis.front().message ==
          "your answer has one row per example of the batch (N of them): ∂L/∂b sums them over "
          "the batch (Σ over the N examples, a product with 1_N), then divides by N (the mean)");
    // A wrong answer of that shape is not said to miss only a sum.
    CHECK(check(q, "(Z + Y)^T / N").diagnosis.empty());
    // The hidden message of a wrong entry names where, not what.
    MatrixQuestionText s;
    s.shapes = {"z=m"};
    s.lets = {"s=softmax(z)"};
    s.function = "s";
    s.wrt = "z";
    MatrixVerdict dropped = check(s, "-s s^T");
    CHECK(dropped.hidden_message == "2 of 4 entries are wrong at m = 2; the first is (1,1)");
    CHECK(dropped.verdict.message.find("expected") != std::string::npos);
}

TEST_CASE("matrix: xᵀ A x has gradient 2Ax only for a symmetric A", "[matrix]") {
    MatrixQuestionText q;
    q.shapes = {"A=n,n", "x=n"};
    q.function = "x^T A x";
    q.wrt = "x";
    CHECK(check(q, "(A + A^T) x").verdict.outcome == Outcome::correct);
    CHECK(check(q, "2 A x").verdict.outcome == Outcome::incorrect);
    q.constraints = {"A=symmetric"};
    CHECK(check(q, "2 A x").verdict.outcome == Outcome::correct);
    CHECK(check(q, "(A + A^T) x").verdict.outcome == Outcome::correct);
}

TEST_CASE("matrix: ⊙ where a product belongs is named", "[matrix]") {
    MatrixQuestionText q;
    q.shapes = {"W=n,n", "x=n", "b=n", "y=n"};
    q.function = "‖W x + b - y‖²/2";
    q.wrt = "x";
    CHECK(check(q, "W^T (W x + b - y)").verdict.outcome == Outcome::correct);
    MatrixVerdict v = check(q, "W^T ⊙ (W x + b - y)");
    // W (n×n) ⊙ a vector (n×1) is itself a shape error; ⊙ of two vectors is not.
    CHECK(v.verdict.outcome == Outcome::incorrect);
    MatrixQuestionText h;
    h.shapes = {"u=n", "v=n"};
    h.function = "sum(u .* v)";
    h.wrt = "u";
    CHECK(check(h, "v").verdict.outcome == Outcome::correct);
    MatrixQuestionText p;
    p.shapes = {"A=n,n", "B=n,n"};
    p.expected = "A B";
    MatrixVerdict had = check(p, "A ⊙ B");
    CHECK(mistake_ids(had) == std::vector<std::string>{"hadamard_for_product"});
    p.expected = "A .* B";
    MatrixVerdict prod = check(p, "A B");
    CHECK(mistake_ids(prod) == std::vector<std::string>{"product_for_hadamard"});
}

TEST_CASE("matrix: unreadable answers are invalid, unknown names incorrect", "[matrix]") {
    MatrixQuestionText q = square_layer();
    MatrixVerdict bad = check(q, "δ x^^T");
    CHECK(bad.verdict.outcome == Outcome::invalid);
    CHECK(bad.verdict.error_column > 0);
    MatrixVerdict unknown = check(q, "q x^T");
    CHECK(unknown.verdict.outcome == Outcome::incorrect);
    CHECK(unknown.verdict.message.find("'q' at column 1 is not a name of the question") == 0);
}

TEST_CASE("matrix: a key given beside its function is checked against it", "[matrix]") {
    MatrixQuestionText q = square_layer();
    q.expected = "x δ^T";
    CHECK_THROWS_WITH(MatrixExpectation(q),
                      Catch::Contains("--expected is not ∂L/∂W of --function"));
}

TEST_CASE("matrix: check --shape on the command line", "[matrix][cli]") {
    RunResult right = run_binary({"check", "--shape", "W=m,n", "--shape", "x=n", "--shape", "b=m",
                                  "--shape", "y=m", "--function", "(W x + b - y)^T (W x + b - y)/2",
                                  "--wrt", "W", "--answer", "(W x + b - y) x^T"});
    CHECK(right.status == 0);
    CHECK(right.out.rfind("✓ correct (proved symbolically at every size)\n", 0) == 0);
    RunResult shape = run_binary({"check", "--shape", "W=m,n", "--shape", "x=n", "--shape", "b=m",
                                  "--shape", "y=m", "--function", "(W x + b - y)^T (W x + b - y)/2",
                                  "--wrt", "W", "--answer", "x", "--json"});
    CHECK(shape.status == 1);
    auto json = nlohmann::json::parse(shape.out);
    CHECK(json["verdict"] == "incorrect");
    CHECK(json["message"] == "your answer is n×1 but ∂L/∂W is m×n");
    CHECK(json["answer_shape"] == "n×1");
    CHECK(json["expected_shape"] == "m×n");
    RunResult invalid =
        run_binary({"check", "--shape", "x=n", "--expected", "x", "--answer", "x +"});
    CHECK(invalid.status == 2);
    RunResult wrong = run_binary({"check", "--shape", "W=n,n", "--shape", "x=n", "--let", "δ=W x",
                                  "--expected", "δ x^T", "--answer", "x δ^T", "--json"});
    CHECK(wrong.status == 1);
    auto w = nlohmann::json::parse(wrong.out);
    CHECK(w["parts"].size() == 4);
    CHECK(w["parts"][1]["label"] == "(1,2)");
    CHECK(w["parts"][1]["verdict"] == "incorrect");
    CHECK(w["parts"][1]["expected"] == "x₂·δ₁");
    CHECK(w["parts"][1]["answer"] == "x₁·δ₂");
    CHECK(w["diagnosis"][0]["id"] == "transposed_answer");
    RunResult constraint = run_binary({"check", "--shape", "x=n", "--constraint", "x=sparse",
                                       "--expected", "x", "--answer", "x"});
    CHECK(constraint.status == 2);
    CHECK(constraint.err.find("--constraint takes onehot, probability, symmetric or positive") !=
          std::string::npos);
}

TEST_CASE("matrix: scaling by a 1×1 product, I from its context, hostile input", "[matrix]") {
    MatrixQuestionText q;
    q.shapes = {"a=n", "x=n"};
    q.function = "(a^T x)^2";
    q.wrt = "x";
    CHECK(check(q, "2(a^T x) a").verdict.outcome == Outcome::correct);
    CHECK(check(q, "2 a (aᵀ x)").verdict.outcome == Outcome::correct);
    CHECK(check(q, "2 a a^T x").verdict.outcome == Outcome::correct);
    CHECK(check(q, "2 (a a^T + I - I) x").verdict.outcome == Outcome::correct);
    MatrixVerdict zero = check(q, "a ./ (x - x)");
    CHECK(zero.verdict.outcome == Outcome::incorrect);
    CHECK(check(q, std::string(500, '(') + "x" + std::string(500, ')')).verdict.outcome ==
          Outcome::invalid);
    CHECK(check(q, "x ‖").verdict.outcome == Outcome::invalid);
    MatrixVerdict norm = check(q, "‖x‖");
    CHECK(norm.verdict.outcome == Outcome::invalid);
    CHECK(norm.verdict.message.find("must be squared") != std::string::npos);
}
