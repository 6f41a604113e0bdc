// The cost of one matrix check, question included: the question parsed and shape-checked,
// the key worked out at every size (three), and the answer parsed, shape-checked and
// compared entry by entry at every size; for a wrong answer, the named mistakes too.
//
//   build/bench/matrix_bench [--repeat N] [--each]
#include "checker/matrix_check.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace chainrule;
using Clock = std::chrono::steady_clock;

namespace {

struct Case {
    const char* label;
    MatrixQuestionText question;
    const char* answer;
    Outcome outcome;
};

std::vector<Case> corpus() {
    MatrixQuestionText linear;
    linear.shapes = {"W=m,n", "x=n", "b=m", "y=m"};
    linear.function = "(W x + b - y)^T (W x + b - y)/2";
    linear.wrt = "W";
    MatrixQuestionText linear_b = linear;
    linear_b.wrt = "b";
    MatrixQuestionText linear_x = linear;
    linear_x.wrt = "x";
    MatrixQuestionText sigmoid;
    sigmoid.shapes = {"W=m,n", "x=n", "b=m", "y=m"};
    sigmoid.lets = {"z=W x + b", "a=σ(z)", "δ=(a - y) ⊙ σ'(z)"};
    sigmoid.function = "‖a - y‖²/2";
    sigmoid.wrt = "W";
    MatrixQuestionText relu = sigmoid;
    relu.lets = {"z=W x + b", "a=relu(z)"};
    MatrixQuestionText softmax;
    softmax.shapes = {"z=m"};
    softmax.lets = {"s=softmax(z)"};
    softmax.function = "s";
    softmax.wrt = "z";
    MatrixQuestionText cross_entropy;
    cross_entropy.shapes = {"z=m", "y=m"};
    cross_entropy.constraints = {"y=onehot"};
    cross_entropy.lets = {"s=softmax(z)"};
    cross_entropy.function = "-sum(y .* log(s))";
    cross_entropy.wrt = "z";
    MatrixQuestionText two_layer;
    two_layer.shapes = {"W1=h,n", "b1=h", "W2=k,h", "b2=k", "x=n", "y=k"};
    two_layer.lets = {"z1=W1 x + b1", "a1=σ(z1)", "z2=W2 a1 + b2", "δ2=z2 - y",
                      "δ1=(W2^T δ2) ⊙ σ'(z1)"};
    two_layer.function = "‖z2 - y‖²/2";
    two_layer.wrt = "W1";
    MatrixQuestionText quadratic;
    quadratic.shapes = {"A=n,n", "x=n"};
    quadratic.constraints = {"A=symmetric"};
    quadratic.function = "x^T A x";
    quadratic.wrt = "x";
    return {
        {"linear ∂L/∂W right", linear, "(W x + b - y) x^T", Outcome::correct},
        {"linear ∂L/∂W transposed", linear, "x (W x + b - y)^T", Outcome::incorrect},
        {"linear ∂L/∂b right", linear_b, "W x + b - y", Outcome::correct},
        {"linear ∂L/∂x right", linear_x, "W^T (W x + b - y)", Outcome::correct},
        {"sigmoid layer right", sigmoid, "δ x^T", Outcome::correct},
        {"sigmoid layer, expanded", sigmoid, "((σ(W x + b) - y) .* σ(z) .* (1 - σ(z))) x'", Outcome::correct},
        {"sigmoid layer, σ' missing", sigmoid, "(a - y) x^T", Outcome::incorrect},
        {"relu layer right", relu, "((a - y) ⊙ (z > 0)) xᵀ", Outcome::correct},
        {"softmax Jacobian right", softmax, "diag(s) - s s^T", Outcome::correct},
        {"softmax Jacobian, diag dropped", softmax, "-s s^T", Outcome::incorrect},
        {"cross-entropy right", cross_entropy, "s - y", Outcome::correct},
        {"two-layer ∂L/∂W1 right", two_layer, "δ1 x^T", Outcome::correct},
        {"two-layer ∂L/∂W1 with diag", two_layer, "diag(σ'(z1)) W2^T δ2 x^T", Outcome::correct},
        {"two-layer ∂L/∂W1, σ' missing", two_layer, "(W2^T δ2) x^T", Outcome::incorrect},
        {"quadratic form, symmetric A", quadratic, "2 A x", Outcome::correct},
    };
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    int repeat = 50;
    bool each = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--each")) each = true;
        if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc) repeat = std::atoi(argv[++i]);
    }
    std::vector<double> all;
    double worst = 0;
    const char* worst_label = "";
    for (const auto& c : corpus()) {
        std::vector<double> times;
        for (int r = 0; r < repeat; ++r) {
            auto start = Clock::now();
            MatrixExpectation expectation(c.question);
            MatrixVerdict verdict = check_matrix_text(expectation, c.answer);
            double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
            if (verdict.verdict.outcome != c.outcome) {
                std::fprintf(stderr, "%s: expected %s, got %s: %s\n", c.label, to_string(c.outcome),
                             to_string(verdict.verdict.outcome), verdict.verdict.message.c_str());
                return 1;
            }
            times.push_back(ms);
            all.push_back(ms);
            if (ms > worst) {
                worst = ms;
                worst_label = c.label;
            }
        }
        if (each)
            std::printf("%-34s median %8.3f ms  max %8.3f ms\n", c.label, median(times),
                        *std::max_element(times.begin(), times.end()));
    }
    std::printf("matrix checks: %zu (%zu answers x %d), median %.3f ms, slowest %.3f ms (%s)\n",
                all.size(), corpus().size(), repeat, median(all), worst, worst_label);
    return 0;
}
