#pragma once
// Prose in each notation: an instructor's text written for plain ASCII, Unicode or LaTeX.
#include "expr/printer.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace chainrule {

/// Prose in the given notation: unchanged for Unicode; Greek letters and symbols spelled out
/// for plain (α → alpha, · → *); escaped for LaTeX text mode, with known symbols in math
/// ($\alpha$) and other characters that pdflatex cannot set replaced by '?'.
std::string prose(const std::string& text, Notation notation);

/// The first character (0-based, in characters) of text that LaTeX text mode cannot set, if
/// any: prose(text, latex) would replace it.
std::optional<std::size_t> unsupported_in_latex(const std::string& text);

/// LaTeX source made safe for pdflatex: known non-ASCII symbols become \ensuremath{...}
/// (valid in text and in math), others '?'. ASCII is left alone.
std::string latex_safe(const std::string& source);

/// Mathematics inside prose: $...$ for LaTeX, unchanged otherwise.
std::string math(const std::string& formula, Notation notation);

/// A number written in ASCII ("-0.5", "1/3") in the notation: its minus sign is "−" (U+2212)
/// in Unicode, as the printers write it; plain and LaTeX keep "-".
std::string number_in(const std::string& number, Notation notation);

/// "x", "x and y", "x, y and z".
std::string join_words(const std::vector<std::string>& items, const std::string& last = " and ");

} // namespace chainrule
