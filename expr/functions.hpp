#pragma once
// The functions of the course that GiNaC does not have, registered as GiNaC functions so that
// they differentiate, evaluate and substitute like the built-in ones.
#include <ginac/ginac.h>

namespace chainrule {

/// Logistic sigmoid σ(u) = 1/(1 + e^(−u)), also written logsig.
DECLARE_FUNCTION_1P(sigmoid)
/// ReLU(u) = max(u, 0).
DECLARE_FUNCTION_1P(relu)
/// Leaky ReLU(u, α): u for u > 0, αu for u ≤ 0.
DECLARE_FUNCTION_2P(leaky_relu)
/// max(a, b); n-ary max is a nest of these.
DECLARE_FUNCTION_2P(maximum)
/// min(a, b); n-ary min is a nest of these.
DECLARE_FUNCTION_2P(minimum)
/// Indicator (a > b): 1 where it holds, 0 elsewhere. heaviside(u) is (u > 0).
DECLARE_FUNCTION_2P(ind_gt)
/// Indicator (a ≥ b): 1 where it holds, 0 elsewhere.
DECLARE_FUNCTION_2P(ind_ge)
/// Unevaluated derivative d/dx(e), the way a student writes a step of a derivation.
DECLARE_FUNCTION_2P(deriv)

/// True when e is a call of one of the non-smooth functions (max, min, relu, leaky_relu,
/// indicators, abs), whose derivative is defined only almost everywhere.
bool is_non_smooth_call(const GiNaC::ex& e);

/// True when e holds an unevaluated derivative anywhere.
bool has_unevaluated_derivative(const GiNaC::ex& e);

/// e with every unevaluated derivative d/dx(u) replaced by the derivative of u.
GiNaC::ex evaluate_derivatives(const GiNaC::ex& e);

} // namespace chainrule
