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
/// ELU(u, α): u for u > 0, α(e^u − 1) for u ≤ 0. A call of it is made only where a function is
/// shown as the instructor wrote it (ParseOptions::decimals_as_written: the statement and the
/// worked solution); what is graded has it written out (elu_in_indicators).
DECLARE_FUNCTION_2P(elu)
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

/// True when e is a call of one of the non-smooth functions (max, min, relu, leaky_relu, elu,
/// indicators, abs), whose derivative is defined only almost everywhere.
bool is_non_smooth_call(const GiNaC::ex& e);

/// ELU(u, α) in the indicators the checker knows: u(u > 0) + α(e^u − 1)(0 ≥ u).
GiNaC::ex elu_in_indicators(const GiNaC::ex& u, const GiNaC::ex& alpha);

/// Whether e holds a call of elu.
bool has_elu_call(const GiNaC::ex& e);

/// e with every call of elu replaced by elu_in_indicators.
GiNaC::ex elu_calls_in_indicators(const GiNaC::ex& e);

/// True when e holds an unevaluated derivative anywhere.
bool has_unevaluated_derivative(const GiNaC::ex& e);

/// e with every unevaluated derivative d/dx(u) replaced by the derivative of u.
GiNaC::ex evaluate_derivatives(const GiNaC::ex& e);

} // namespace chainrule
