#pragma once
// Template parameters: their values and the numbers they stand for.
#include "generator/yaml_source.hpp"

#include <ginac/ginac.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace chainrule {

/// A value a parameter takes: an exact number, or a word (a choice such as `sigmoid`).
struct ParamValue {
    bool is_number = true;
    GiNaC::numeric number;
    std::string word; ///< the word, or the number as written

    /// A number.
    static ParamValue of(const GiNaC::numeric& number);
    /// A word.
    static ParamValue of(const std::string& word);

    /// The value as written: "3", "-0.05", "1/3", or the word.
    const std::string& text() const { return word; }
};

/// How a parameter's values are given.
enum class ParamKind { integer, decimal, choice };

/// A parameter of a template and the values it may take (constraints on it applied).
struct Parameter {
    std::string name;
    ParamKind kind = ParamKind::integer;
    std::vector<ParamValue> domain; ///< in increasing order for ranges; as written for choices
    Location where;                 ///< where it is declared
};

/// The values of a template's parameters, one per parameter, in the template's order.
using Assignment = std::vector<ParamValue>;

/// A number written exactly: "3", "-2", "0.05" (when the decimal terminates), else "1/3".
std::string exact_number_text(const GiNaC::numeric& value);

/// The exact rational number that text writes ("3", "-0.25", "1e-2", "1/4"), if it is one.
std::optional<GiNaC::numeric> parse_number(const std::string& text);

} // namespace chainrule
