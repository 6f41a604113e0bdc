// Golden files of worked solutions as a user sees them, in text, Markdown and LaTeX:
// backpropagation as a product of local gradients, cross-entropy through softmax ending in
// S_m − y_m, the softmax Jacobian's entries S_i(1 − S_i) and −S_i·S_m, leaky ReLU with its α
// as given, ELU by its own rule, σ as y(1 − y) and tanh as 1 − y².
//
// When a change to the solutions or to the layout is meant, regenerate the files with
// CHAINRULE_UPDATE_GOLDEN=1 and read the difference (tests/golden/solutions/README.md).
#include "run_binary.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <string>

using chainrule::test::run_binary;
using chainrule::test::slurp;

namespace {

const std::string source = CHAINRULE_SOURCE_DIR;

struct GoldenCase {
    const char* name; ///< the golden files' stem
    const char* template_id;
    const char* seed;
};

// Variants chosen for what they show: the network's four local gradients with δ; the true
// class 3 of 3; both cases of the softmax Jacobian (2×2, inputs u1, u2); α = 0.06 (3/50 inside);
// σ(3 − 2z), a negative inner slope; tanh(−3z − 2); ELU(2z, 0.5), its rule with the chain rule.
const GoldenCase cases[] = {
    {"backprop", "network-two-layer", "1"},
    {"cross-entropy", "loss-cross-entropy", "1"},
    {"softmax-jacobian", "softmax-jacobian", "2"},
    {"leaky-relu", "activation-leaky-relu", "2"},
    {"sigmoid", "activation-sigmoid", "6"},
    {"tanh", "activation-tanh", "1"},
    {"elu", "activation-elu", "3"},
};

} // namespace

TEST_CASE("worked solutions: golden files in text, Markdown and LaTeX", "[generator][solution]") {
    bool update = std::getenv("CHAINRULE_UPDATE_GOLDEN") != nullptr;
    for (const auto& c : cases) {
        for (const char* format : {"text", "md", "tex"}) {
            std::string extension = std::string(format) == "text" ? "txt" : format;
            std::string golden = source + "/tests/golden/solutions/" + c.name + "." + extension;
            auto result = run_binary({"generate", "--template",
                                      source + "/templates/" + c.template_id + ".yaml", "--seed",
                                      c.seed, "--format", format, "--solutions"});
            INFO(c.name << " in " << format << ": " << result.err);
            REQUIRE(result.status == 0);
            if (update) {
                std::ofstream(golden, std::ios::binary) << result.out;
                continue;
            }
            CHECK(result.out == slurp(golden));
        }
    }
}
