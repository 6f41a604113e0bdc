// The diagnosis's message texts (checker/mistake_text.hpp): expressions named by reference
// while candidates are built, ordered as their printed messages without printing them all,
// and the clauses that would show a hidden answer taken out.
#include "checker/mistake_text.hpp"
#include "checker/slip_candidates.hpp"

#include "expr/parser.hpp"
#include "expr/symbols.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace chainrule;
using namespace chainrule::mistakes;
using GiNaC::ex;

TEST_CASE("DeferredOrder orders messages as their printed texts", "[mistake_text]") {
    const std::vector<std::pair<std::string, std::vector<std::string>>> questions = {
        {"3x^3 z - y^2 + 5z + 2y z", {"x", "y", "z"}},
        {"sigmoid(w x + b)^2", {"b", "w", "x"}},
        {"(x^2 + 1)^3 e^(2x)", {"x"}},
        {"relu(2x - 1) + max(x, 3)", {"x"}},
    };
    std::size_t compared = 0;
    for (const auto& [function_text, variables] : questions) {
        INFO(function_text);
        const ex f = parse_scalar(function_text, ParseOptions::closed(variables));
        const GiNaC::symbol& x = variable(variables.back());
        std::vector<ex> others;
        for (const auto& v : variables)
            if (v != variables.back()) others.push_back(variable(v));
        std::vector<ex> texts;
        std::vector<Candidate> candidates;
        {
            DeferredTexts deferred(texts);
            candidates = build_candidates(f, x, others, 64);
        }
        REQUIRE(candidates.size() > 3);
        REQUIRE_FALSE(texts.empty());
        DeferredOrder order(texts);
        for (const auto& a : candidates)
            for (const auto& b : candidates) {
                const std::string pa = printed_message(a.message, texts);
                const std::string pb = printed_message(b.message, texts);
                INFO(pa << " / " << pb);
                CHECK(order.less(a.message, b.message) == (pa < pb));
                ++compared;
            }
    }
    CHECK(compared > 100);
    // References past the end print as nothing; a lone marker is a byte like any other.
    auto ref = [](int k) { return "\x01" + std::to_string(k) + "\x02"; };
    std::vector<ex> one = {variable("x")};
    DeferredOrder order(one);
    CHECK(order.less("a" + ref(5) + "b", "a" + ref(0)));   // "ab" < "ax"
    CHECK_FALSE(order.less("a" + ref(0), "a" + ref(0)));   // equal
    CHECK(order.less("ax", "a" + ref(0) + "y"));           // "ax" < "axy"
    CHECK(order.less(std::string("a\x01"), "a" + ref(0))); // "a\x01" < "ax"
}

TEST_CASE("redacted takes out the clause that holds a hidden expression", "[mistake_text]") {
    CHECK(redacted("the term 3x² (\x03"
                   "6x\x04) is missing") == "the term 3x² is missing");
    CHECK(redacted("the answer has the opposite sign: the derivative is \x03"
                   "6x\x04") == "the answer has the opposite sign");
    CHECK(redacted("nothing hidden here") == "nothing hidden here");
}
