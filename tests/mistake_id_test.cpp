// The mistake ids (checker/mistake_id.hpp): one table of names, each id's name unique, names
// and ids round-trip, and the names are the ones the JSON and the reports have always printed.
#include "checker/diagnosis.hpp"
#include "checker/mistake_id.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

using namespace chainrule;

TEST_CASE("Mistake ids: each has one unique name, and names round-trip", "[mistake_id]") {
    std::set<std::string_view> names;
    for (std::size_t i = 0; i < all_mistake_ids.size(); ++i) {
        const MistakeId id = all_mistake_ids[i];
        CHECK(static_cast<std::size_t>(id) == i); // the list follows the enum
        const std::string_view name = mistake_name(id);
        INFO(name);
        CHECK_FALSE(name.empty());
        CHECK(names.insert(name).second);
        auto back = mistake_from_name(name);
        REQUIRE(back);
        CHECK(*back == id);
    }
    CHECK(names.size() == all_mistake_ids.size());
    CHECK_FALSE(mistake_from_name("authored"));
    CHECK_FALSE(mistake_from_name("Sign_error"));
    CHECK_FALSE(mistake_from_name(""));
}

TEST_CASE("Mistake ids: the strings of the JSON and the reports", "[mistake_id]") {
    // These bytes are in every report.json and golden file: they never change.
    CHECK(mistake_name(MistakeId::constant_not_zero) == "constant_not_zero");
    CHECK(mistake_name(MistakeId::chain_factor_missing) == "chain_factor_missing");
    CHECK(mistake_name(MistakeId::two_slips) == "two_slips");
    CHECK(mistake_name(MistakeId::structure) == "structure");
    CHECK(mistake_ids() ==
          std::vector<std::string>{
              "constant_not_zero", "power_exponent_not_lowered", "power_coefficient_missing",
              "term_dropped", "product_rule_as_product", "chain_factor_missing",
              "other_variable_not_constant", "wrong_variable", "integrated_instead", "sign_error",
              "constant_factor", "sigmoid_derivative_form", "tanh_derivative_form",
              "softmax_index_confusion", "indicator_reversed", "leaky_slope_dropped"});
}
