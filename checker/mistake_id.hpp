#pragma once
// The ids of the mistakes the diagnosis names: an enum for the code, and their text names in
// one table (checker/mistake_id.cpp), the strings that the JSON, the reports and the
// templates' `slip:` keys use.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace chainrule {

/// A named mistake of a derivative, in the order of mistake_ids(); then the two ids of
/// diagnoses that name no single slip.
enum class MistakeId {
    constant_not_zero,
    power_exponent_not_lowered,
    power_coefficient_missing,
    term_dropped,
    product_rule_as_product,
    chain_factor_missing,
    other_variable_not_constant,
    wrong_variable,
    integrated_instead,
    sign_error,
    constant_factor,
    sigmoid_derivative_form,
    tanh_derivative_form,
    softmax_index_confusion,
    indicator_reversed,
    leaky_slope_dropped,
    two_slips, ///< two slips that together explain the answer
    structure, ///< the fallback: no slip named, the difference described
};

/// Every MistakeId, in the enum's order.
inline constexpr std::array<MistakeId, 18> all_mistake_ids = {
    MistakeId::constant_not_zero,
    MistakeId::power_exponent_not_lowered,
    MistakeId::power_coefficient_missing,
    MistakeId::term_dropped,
    MistakeId::product_rule_as_product,
    MistakeId::chain_factor_missing,
    MistakeId::other_variable_not_constant,
    MistakeId::wrong_variable,
    MistakeId::integrated_instead,
    MistakeId::sign_error,
    MistakeId::constant_factor,
    MistakeId::sigmoid_derivative_form,
    MistakeId::tanh_derivative_form,
    MistakeId::softmax_index_confusion,
    MistakeId::indicator_reversed,
    MistakeId::leaky_slope_dropped,
    MistakeId::two_slips,
    MistakeId::structure,
};

/// The id's text name: "sign_error", "two_slips", "structure".
std::string_view mistake_name(MistakeId id);

/// The id of a text name; nothing for a name that is not one ("authored", a matrix id).
std::optional<MistakeId> mistake_from_name(std::string_view name);

} // namespace chainrule
