#pragma once
#include <cstddef>
#include <string_view>

namespace chainrule {

/// Damerau-Levenshtein distance (insertions, deletions, substitutions and adjacent
/// transpositions, each 1) between two byte strings: the one measure behind every "did you
/// mean" of the program.
std::size_t edit_distance(std::string_view a, std::string_view b);

} // namespace chainrule
