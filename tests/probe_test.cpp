// The diagnosis's numeric probe (checker/probe.hpp): values at fixed generic points, told
// apart beyond rounding, moved off flat regions; and the readings of value lists.
#include "checker/probe.hpp"

#include "expr/parser.hpp"
#include "expr/symbols.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <set>
#include <vector>

using namespace chainrule;
using namespace chainrule::mistakes;
using GiNaC::ex;

namespace {

ex parse_in(const std::string& text, const std::vector<std::string>& variables) {
    return parse_scalar(text, ParseOptions::closed(variables));
}

std::size_t nonzero_count(const std::vector<long double>& values) {
    std::size_t count = 0;
    for (long double v : values)
        count += std::isfinite(v) && std::fabs(v) > 1e-12L ? 1 : 0;
    return count;
}

} // namespace

TEST_CASE("Probe: six generic points, the same whatever the symbols' order", "[probe]") {
    const ex x = variable("x"), y = variable("y");
    Probe probe({x, y});
    auto xs = probe.values(x);
    REQUIRE(xs);
    REQUIRE(xs->size() == Probe::point_count);
    std::set<long double> distinct(xs->begin(), xs->end());
    CHECK(distinct.size() == Probe::point_count);
    for (long double v : *xs) {
        CHECK(v != 0);              // never on the kink of relu(x) or |x|
        CHECK(std::fabs(v) < 2.7L); // in the box [-2.6, 2.6], shifted a little
    }
    auto ys = probe.values(y);
    REQUIRE(ys);
    for (std::size_t k = 0; k < xs->size(); ++k)
        CHECK((*xs)[k] != (*ys)[k]); // never on the diagonal x = y either

    // By name: the coordinates do not follow the order the symbols were given in.
    Probe reversed({y, x});
    CHECK(reversed.values(x + 2 * y) == probe.values(x + 2 * y));
    CHECK(Probe({x, y}).values(x * y) == probe.values(x * y));
}

TEST_CASE("Probe: values where defined, not finite where not", "[probe]") {
    const ex x = variable("x");
    Probe probe({x});
    auto constant = probe.values(ex(3));
    REQUIRE(constant);
    CHECK(*constant == std::vector<long double>(Probe::point_count, 3.0L));
    auto logs = probe.values(GiNaC::log(x));
    REQUIRE(logs);
    auto xs = *probe.values(x);
    for (std::size_t k = 0; k < xs.size(); ++k)
        CHECK(std::isfinite((*logs)[k]) == (xs[k] > 0));
    CHECK(nonzero_count(*logs) > 0);
}

TEST_CASE("Probe: different beyond rounding, or not", "[probe]") {
    const ex x = variable("x");
    Probe probe({x});
    // Equal, though its long-double value is nowhere near 1 where e^(100x) is huge.
    const ex one =
        GiNaC::pow(GiNaC::exp(50 * x) + 1, 2) - GiNaC::exp(100 * x) - 2 * GiNaC::exp(50 * x);
    CHECK_FALSE(probe.differ_beyond_rounding(one, 1));
    CHECK_FALSE(probe.differ_beyond_rounding(2 * x, x + x));
    CHECK(probe.differ_beyond_rounding(x * x, x * x + GiNaC::numeric(1, 1000)));
    CHECK(probe.differ_beyond_rounding(6 * x, 6 * x + 5));
}

TEST_CASE("Probe: focus_on moves the points off a flat derivative", "[probe]") {
    const ex x = variable("x");
    // max(x, 3)' is 0 on the whole first box: every point would see 0 there.
    const ex derivative = parse_in("max(x, 3)", {"x"}).diff(GiNaC::ex_to<GiNaC::symbol>(x));
    Probe probe({x});
    auto before = probe.values(derivative);
    REQUIRE(before);
    CHECK(nonzero_count(*before) == 0);
    probe.focus_on(derivative);
    auto after = probe.values(derivative);
    REQUIRE(after);
    CHECK(after->size() == Probe::point_count);
    CHECK(nonzero_count(*after) >= 2);
    CHECK(nonzero_count(*after) < Probe::point_count); // the flat region is still probed

    // A derivative of a fair size at the first points keeps them.
    Probe steady({x});
    const auto first = steady.values(x);
    steady.focus_on(6 * x + 5);
    CHECK(steady.values(x) == first);
}

TEST_CASE("Value lists: agreement, constant ratio, small fractions", "[probe]") {
    const long double nan = std::numeric_limits<long double>::quiet_NaN();
    CHECK(agreement({1, 2, nan}, {1, 2, 5}) == Agreement::agree);
    CHECK(agreement({1, 2}, {1, 2.001L}) == Agreement::differ);
    CHECK(agreement({1e9L, 2}, {1e9L + 1e-3L, 2}) == Agreement::agree); // relative
    CHECK(agreement({nan, nan}, {1, 2}) == Agreement::unknown);

    auto ratio = constant_ratio({2, 4, 6}, {1, 2, 3});
    REQUIRE(ratio);
    CHECK(*ratio == Approx(2.0));
    CHECK_FALSE(constant_ratio({2, 4, 7}, {1, 2, 3}));
    CHECK_FALSE(constant_ratio({2, nan}, {1, 2}));           // one usable point is not enough
    CHECK_FALSE(constant_ratio({2, 4, 1}, {1, 2, 0}));       // something over nothing
    CHECK(constant_ratio({2, 4, 0}, {1, 2, 0}).has_value()); // 0/0 is passed over

    auto third = rationalize(0.333333333333L);
    REQUIRE(third);
    CHECK(*third == GiNaC::numeric(1, 3));
    auto minus = rationalize(-2.5L);
    REQUIRE(minus);
    CHECK(*minus == GiNaC::numeric(-5, 2));
    CHECK_FALSE(rationalize(3.14159265358979L)); // π: no denominator up to 10000 is close
    CHECK_FALSE(rationalize(1e7L));
    CHECK_FALSE(rationalize(nan));
}
