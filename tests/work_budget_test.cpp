// The checker's budget of work (expr/work_budget.hpp): counted, never timed, so that an
// answer too costly to check gets the same verdict on every machine and under any load.
#include "checker/equivalence.hpp"
#include "checker/question.hpp"
#include "expr/symbols.hpp"
#include "expr/work_budget.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace chainrule;

namespace {

// (x+1)(x+2)...(x+n): n factors, linear in size, whose derivative has n² nodes.
std::string product_of_factors(int n) {
    std::string e;
    for (int i = 1; i <= n; ++i)
        e += "(x+" + std::to_string(i) + ")";
    return e;
}

Verdict check_derivative(const std::string& function, const std::string& answer) {
    QuestionText question;
    question.function = function;
    question.wrt = {"x"};
    return check_text(build_expectation(question), answer);
}

bool has_note_starting(const Verdict& v, const std::string& start) {
    for (const auto& note : v.notes)
        if (note.rfind(start, 0) == 0) return true;
    return false;
}

} // namespace

TEST_CASE("work budget: charges count against the open budget, and nested work shares it",
          "[budget]") {
    CHECK_NOTHROW(charge_work(1000000000)); // no budget open: free
    WorkBudget outer(100);
    REQUIRE(outer.owner());
    charge_work(60);
    {
        WorkBudget inner(1000); // inside another: the outer one counts
        CHECK_FALSE(inner.owner());
        charge_work(30);
        CHECK(inner.used() == 90);
        {
            UnchargedWork problem_work;
            CHECK_NOTHROW(charge_work(1000000));
        }
        CHECK(outer.used() == 90);
    }
    CHECK_THROWS_AS(charge_work(11), WorkBudgetExhausted);
    // Spent stays spent: every later charge throws too.
    CHECK_THROWS_AS(charge_work(0), WorkBudgetExhausted);
}

TEST_CASE("work budget: within_budget turns exhaustion into a value only for its owner",
          "[budget]") {
    auto spend = [] {
        charge_work(50);
        return std::string("done");
    };
    auto refused = [](std::uint64_t units) { return "spent " + std::to_string(units); };
    CHECK(within_budget(100, spend, refused) == "done");
    CHECK(within_budget(10, spend, refused) == "spent 10");
    WorkBudget outer(20);
    // The inner call did not open the budget: the outer one's owner hears of it.
    CHECK_THROWS_AS(within_budget(1000, spend, refused), WorkBudgetExhausted);
}

TEST_CASE("work budget: a derivative's size is estimated before it is taken", "[budget]") {
    const GiNaC::symbol& x = variable("x");
    const GiNaC::symbol& y = variable("y");
    GiNaC::ex product = 1;
    for (int i = 1; i <= 100; ++i)
        product *= x + i;
    const std::uint64_t nodes = tree_nodes(product);
    CHECK(nodes == 1 + 100 * 3); // the product, and each factor x + i: a sum of two
    // The product rule: 100 products of 99 factors. The estimate is at least the real size.
    CHECK(derivative_nodes(product, x) >= tree_nodes(product.diff(x)));
    CHECK(derivative_nodes(product, x) <= 2 * tree_nodes(product.diff(x)));
    CHECK(derivative_nodes(product, y) == 1);          // no y: the derivative is 0
    CHECK(derivative_nodes(product, x, 5000) <= 5001); // counted only up to the cap
    // Taken under a budget too small for it, the derivative is refused before it is built.
    WorkBudget budget(10000);
    CHECK_THROWS_AS(charged_diff(product, x), WorkBudgetExhausted);
}

TEST_CASE("work budget: a product of 999 factors is incorrect at once, with no mistake named "
          "and a note that says why, the same every time",
          "[budget]") {
    const std::string runaway = product_of_factors(999);
    for (int run = 0; run < 2; ++run) {
        Verdict v = check_derivative("x^2", runaway);
        CHECK(v.outcome == Outcome::incorrect);
        CHECK(v.message == "differs at x = -1.75: expected -3.5, the answer gives -4.69213e+2558");
        REQUIRE(v.parts.size() == 1);
        CHECK(v.parts[0].diagnosis.empty());
        CHECK(v.notes == std::vector<std::string>{
                             "no mistake is named: looking for one in this answer takes more "
                             "than 1,000,000 units of work (the checker's budget)"});
        // Between the two runs, a check that fills the diagnosis's caches.
        CHECK(check_derivative("x^2", "2x + 1").outcome == Outcome::incorrect);
    }
    // An ordinary wrong answer is diagnosed as before, with no such note.
    Verdict ordinary = check_derivative("x^3", "3x");
    CHECK(ordinary.outcome == Outcome::incorrect);
    CHECK_FALSE(has_note_starting(ordinary, "no mistake is named"));
}

TEST_CASE("work budget: an answer whose comparison takes more than the budget is refused as "
          "too costly to check, never graded",
          "[budget]") {
    // The derivative of the product, asked for in the answer: a million nodes.
    Verdict v = check_derivative("x^2", "diff(" + product_of_factors(999) + ", x)");
    CHECK(v.outcome == Outcome::invalid);
    CHECK(v.message == "too costly to check: comparing it with the expected expression takes "
                       "more than 2,000,000 units of work (the checker's budget, counted the "
                       "same on every machine); write it in a simpler form");
    // Under the budget, the same operator is read and judged.
    CHECK(check_derivative("x^2", "diff(x^2, x)").outcome == Outcome::correct);
    CHECK(check_derivative("x^3", "diff(" + product_of_factors(3) + ", x)").outcome ==
          Outcome::incorrect);
}
