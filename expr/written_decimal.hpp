#pragma once
// A decimal as the instructor wrote it (0.03, 0.044715), kept through a worked solution: a
// GiNaC constant named by its digits, whose value is the exact rational (3/100). GiNaC does
// not merge it with other numbers, so 3·0.03 is not turned into 9/100 and a sum with it is not
// put over a common denominator; the printers write its name.

#include <ginac/ginac.h>

#include <string>
#include <string_view>

namespace chainrule {

/// n written as a decimal when it is one exactly (3/50 is "0.06", −1/2 is "-0.5"); "" for an
/// integer or a rational whose decimal does not end within 12 places (1/3).
std::string exact_decimal(const GiNaC::numeric& n);

/// The decimal `value` (not an integer) as a constant named by exact_decimal(|value|), negated
/// when value is negative; the same constant every time for the same value. value itself
/// when it is no such decimal, or when too many distinct decimals were made already.
GiNaC::ex written_decimal(const GiNaC::numeric& value);

/// Whether e is a constant made by written_decimal.
bool is_written_decimal(const GiNaC::ex& e);

/// The most decimal places of a written decimal in e (2 for 0.03 in leaky_relu(z, 0.03)), 0
/// when it has none: what a DecimalsShown for e's question opens with.
int written_decimal_places(const GiNaC::ex& e);

/// e with every written decimal replaced by its exact value (0.03 → 3/100).
GiNaC::ex exact_decimals(const GiNaC::ex& e);

/// Whether e contains a written decimal.
bool has_written_decimal(const GiNaC::ex& e);

/// e with every number that is a decimal of at most `places` places (9/100 with 2) made a
/// written decimal (0.09); exponents stay as they are (x^(1/2) is still √x).
GiNaC::ex as_written_decimals(const GiNaC::ex& e, int places);

/// While it lives, print() writes every number of at most `places` decimal places as that
/// decimal (as_written_decimals): for a question given with decimals on the command line, whose
/// expected answer and mistakes then read 0.09, not 9/100. The printed value is exact; only
/// printing changes, never what is computed (the checker's orderings by printed text open a
/// DecimalsShown(0) of their own).
class DecimalsShown {
  public:
    explicit DecimalsShown(int places);
    ~DecimalsShown();
    DecimalsShown(const DecimalsShown&) = delete;
    DecimalsShown& operator=(const DecimalsShown&) = delete;
    /// The places in force, 0 when none.
    static int places();

  private:
    int previous_;
};

/// The most places after the point of a decimal in text (2 for "leaky_relu(3*z, 0.03)"), 0
/// when it has none.
int decimal_places(std::string_view text);

} // namespace chainrule
