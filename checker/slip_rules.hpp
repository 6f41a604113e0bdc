#pragma once
// Internal to checker/: the slip rules. At one node of a function's tree (a sum, a product, a
// power, a call), the derivatives that known mistaken rules give for that node, each with its
// mistake id and the words that name the slip (built with mistakes::text).
#include "checker/mistake_id.hpp"

#include <ginac/ginac.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace chainrule::mistakes {

/// A place in a function's tree: the child indices from the root.
using Path = std::vector<std::size_t>;
/// A differentiator with respect to the question's variable.
using DFun = std::function<GiNaC::ex(const GiNaC::ex&)>;

/// The derivative of one node under a mistaken rule.
struct Variant {
    MistakeId id;
    std::string message;
    GiNaC::ex derivative;
    /// derivative minus the node's right derivative, when the rule knows it as a small
    /// expression (a sum's slips: a term kept, dropped, or with its sign flipped).
    std::optional<GiNaC::ex> change;
};

/// The partial derivative of a function call with respect to its argument i, at the call's
/// own arguments: ∂f/∂u_i (u_1, ..., u_n).
GiNaC::ex partial(const GiNaC::ex& call, std::size_t i);

/// The mistaken rules for d/dx, x one of the question's variables (`others`: the rest).
class Rules {
  public:
    Rules(const GiNaC::symbol& x, const std::vector<GiNaC::ex>& others);

    /// The mistaken derivatives of node e (which depends on x), its children differentiated
    /// by d; only those with the given id when `only` holds one.
    std::vector<Variant> variants(const GiNaC::ex& e, const DFun& d,
                                  const std::optional<MistakeId>& only = std::nullopt) const;

  private:
    const GiNaC::symbol& x_;
    const std::vector<GiNaC::ex>& others_;
    std::string wrt_; ///< "d/dx", or "∂/∂x" when there are other variables
};

} // namespace chainrule::mistakes
