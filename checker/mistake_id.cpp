#include "checker/mistake_id.hpp"

namespace chainrule {

namespace {

// The one table of names, in the enum's order.
constexpr std::array<std::string_view, all_mistake_ids.size()> names = {
    "constant_not_zero",
    "power_exponent_not_lowered",
    "power_coefficient_missing",
    "term_dropped",
    "product_rule_as_product",
    "chain_factor_missing",
    "other_variable_not_constant",
    "wrong_variable",
    "integrated_instead",
    "sign_error",
    "constant_factor",
    "sigmoid_derivative_form",
    "tanh_derivative_form",
    "softmax_index_confusion",
    "indicator_reversed",
    "leaky_slope_dropped",
    "two_slips",
    "structure",
};

} // namespace

std::string_view mistake_name(MistakeId id) {
    return names[static_cast<std::size_t>(id)];
}

std::optional<MistakeId> mistake_from_name(std::string_view name) {
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return all_mistake_ids[i];
    return std::nullopt;
}

} // namespace chainrule
