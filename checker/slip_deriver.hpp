#pragma once
// Internal to checker/: the deriver. Differentiates a function with known slips applied: one
// slip at one place of the tree (or two at places neither of which holds the other), or the
// same slip at every place it can happen, every other part differentiated right. For a slip
// at one place it can also give the wrong derivative's values at the probe's points without
// building it: the derivative is linear along the path from the slipped node to the root.
#include "checker/probe.hpp"
#include "checker/slip_rules.hpp"

#include <ginac/ginac.h>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace chainrule::mistakes {

/// Differentiates with respect to x under the slip rules. Keeps memos keyed by the nodes of
/// the function it is given: the function must outlive the Deriver.
class Deriver {
  public:
    Deriver(const Rules& rules, const GiNaC::symbol& x) : rules_(rules), x_(x) {}

    /// One slip at one place of the function's tree.
    struct Site {
        Path path;
        MistakeId id;
        std::string message;
        GiNaC::ex derivative;            ///< of the node at path, under the mistaken rule
        std::optional<GiNaC::ex> change; ///< derivative minus the node's right one, when known
    };

    /// The values at the probe's points of the derivative of f with the one slip of the site,
    /// from the right derivative's values: nothing when a value cannot be worked out.
    std::optional<std::vector<long double>> single_values(const GiNaC::ex& f, const Site& site,
                                                          const Probe& probe,
                                                          const std::vector<long double>& right);

    /// The derivative of f with the one slip of the site.
    GiNaC::ex single(const GiNaC::ex& f, const Site& site);

    /// The derivative of f with the slips at the given places (none a prefix of another).
    GiNaC::ex with_slips(const GiNaC::ex& f, std::vector<std::pair<Path, GiNaC::ex>> targets);

    /// The derivative of f with the slip `id` at every place the rules make it; `applied`
    /// says at how many places it was made.
    GiNaC::ex global(const GiNaC::ex& f, MistakeId id, std::size_t& applied);

    /// Appends the one-slip sites of e (at `here` in the function's tree) to out, in preorder,
    /// until out holds `cap`.
    void sites(const GiNaC::ex& e, Path& here, std::vector<Site>& out, std::size_t cap);

  private:
    GiNaC::ex correct_diff(const GiNaC::ex& e);
    std::optional<std::vector<long double>> path_factor(const GiNaC::ex& e, std::size_t i,
                                                        const Probe& probe);
    std::optional<std::vector<long double>> node_values(const GiNaC::ex& e, const Probe& probe);
    GiNaC::ex d(const GiNaC::ex& e, Path& here);
    GiNaC::ex child(const GiNaC::ex& e, std::size_t i, Path& here);
    GiNaC::ex structural(const GiNaC::ex& e, Path& here);

    const Rules& rules_;
    const GiNaC::symbol& x_;
    bool global_ = false;
    std::vector<std::pair<Path, GiNaC::ex>> targets_;
    std::unordered_map<const GiNaC::basic*, std::pair<GiNaC::ex, GiNaC::ex>> diff_memo_;
    std::map<std::pair<const GiNaC::basic*, std::size_t>, std::optional<std::vector<long double>>>
        factor_memo_;
    std::unordered_map<const GiNaC::basic*, std::optional<std::vector<long double>>> value_memo_;
    std::vector<GiNaC::ex> kept_; ///< the nodes the memos name, kept alive
    std::optional<MistakeId> id_;
    std::size_t applied_ = 0;
    std::map<GiNaC::ex, GiNaC::ex, GiNaC::ex_is_less> cache_;
};

} // namespace chainrule::mistakes
