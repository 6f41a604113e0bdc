#pragma once
// Internal to checker/ (docs/architecture.md): other layers do not include this header.
#include <ginac/ginac.h>

#include <vector>

namespace chainrule {

/// e rewritten into primitives for a symbolic proof: sigmoid, tanh, sinh, cosh as
/// exponentials; relu, leaky_relu, max, min, abs and every indicator in terms of one step
/// function H(w) = (w > 0) whose argument w has a fixed sign convention (H(−w) = 1 − H(w)
/// almost everywhere); exp(a + b) as exp(a)·exp(b) and exp(k·u) as exp(u)^k, so that
/// normal() can see e^z·e^(−z) = 1.
GiNaC::ex canonical_form(const GiNaC::ex& e);

/// The arguments w of the step functions H(w) in a canonical form: the kinks and region
/// boundaries are where w = 0. Sorted and without repeats.
std::vector<GiNaC::ex> region_boundaries(const GiNaC::ex& canonical);

/// True when e has a function whose derivative exists only almost everywhere.
bool has_non_smooth(const GiNaC::ex& e);

/// True when expanding e is cheap: no integer power above a small bound of a sum.
bool cheap_to_expand(const GiNaC::ex& e);

/// True when normal() on e is cheap: expanding it is (cheap_to_expand), and the exponentials
/// it has are related by small rational factors only. normal() writes exp(a) and exp(k·a)
/// as powers of one symbol, so exp(−10^38·x) beside exp(x) would be a polynomial of degree
/// 10^38.
bool cheap_to_normalize(const GiNaC::ex& e);

/// True when e is a polynomial (with rational coefficients) in its symbols: no functions, no
/// symbolic or fractional powers.
bool is_polynomial(const GiNaC::ex& e);

} // namespace chainrule
