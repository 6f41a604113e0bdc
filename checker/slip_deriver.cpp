// The deriver: a differentiation that applies slips (checker/slip_rules.hpp) at chosen places
// of the function's tree, or at every place, and the other parts right.
#include "checker/slip_deriver.hpp"

#include "expr/node_kind.hpp"

#include <algorithm>

namespace chainrule::mistakes {

using GiNaC::ex;
using GiNaC::ex_to;

/// The values at the probe's points of the derivative of f with the one slip of the site,
/// from the right derivative's values: nothing when a value cannot be worked out.
std::optional<std::vector<long double>>
Deriver::single_values(const ex& f, const Site& site, const Probe& probe,
                       const std::vector<long double>& right) {
    std::vector<long double> factor(right.size(), 1.0L);
    ex node = f;
    for (std::size_t i : site.path) {
        auto coefficient = path_factor(node, i, probe);
        if (!coefficient) return std::nullopt;
        for (std::size_t k = 0; k < factor.size(); ++k)
            factor[k] *= (*coefficient)[k];
        node = node.op(i);
    }
    std::vector<long double> out(right.size());
    if (site.change) {
        // The change at the node, small, instead of both whole derivatives of the node.
        auto change = probe.values(*site.change);
        if (!change) return std::nullopt;
        for (std::size_t k = 0; k < out.size(); ++k)
            out[k] = right[k] + factor[k] * (*change)[k];
        return out;
    }
    auto slipped = probe.values(site.derivative);
    auto correct = node_values(node, probe);
    if (!slipped || !correct) return std::nullopt;
    for (std::size_t k = 0; k < out.size(); ++k)
        out[k] = right[k] + factor[k] * ((*slipped)[k] - (*correct)[k]);
    return out;
}

/// The derivative of f with the one slip of the site.
ex Deriver::single(const ex& f, const Site& site) {
    return with_slips(f, {{site.path, site.derivative}});
}

/// The derivative of f with the slips at the given places (none a prefix of another).
ex Deriver::with_slips(const ex& f, std::vector<std::pair<Path, ex>> targets) {
    global_ = false;
    targets_ = std::move(targets);
    Path here;
    return d(f, here);
}

ex Deriver::global(const ex& f, MistakeId id, std::size_t& applied) {
    global_ = true;
    id_ = id;
    applied_ = 0;
    cache_.clear();
    Path here;
    ex result = d(f, here);
    applied = applied_;
    return result;
}

void Deriver::sites(const ex& e, Path& here, std::vector<Site>& out, std::size_t cap) {
    if (!e.has(x_) || out.size() >= cap) return;
    DFun correct = [&](const ex& c) { return correct_diff(c); };
    auto variants = rules_.variants(e, correct);
    for (auto& variant : variants)
        out.push_back({here, std::move(variant.id), std::move(variant.message),
                       std::move(variant.derivative), std::move(variant.change)});
    if (!is_kind(e, NodeKind::add) && !is_kind(e, NodeKind::mul) && !is_kind(e, NodeKind::power) &&
        !is_kind(e, NodeKind::function))
        return;
    for (std::size_t i = 0; i < e.nops(); ++i) {
        here.push_back(i);
        sites(e.op(i), here, out, cap);
        here.pop_back();
    }
}

// The right derivative of a subtree of the function, worked out once: every one-slip
// candidate differs from it on one path only, and takes the rest of the tree as it is.
// Keyed by node address: the function, and with it every node, outlives the Deriver.
ex Deriver::correct_diff(const ex& e) {
    const GiNaC::basic* node = &ex_to<GiNaC::basic>(e);
    auto found = diff_memo_.find(node);
    if (found != diff_memo_.end()) return found->second.second;
    ex result = e.diff(x_);
    diff_memo_.emplace(node, std::make_pair(e, result));
    return result;
}

// The factor by which the derivative of child i of e enters e's derivative (structural()
// below, which is linear in each child's derivative), at the probe's points.
std::optional<std::vector<long double>> Deriver::path_factor(const ex& e, std::size_t i,
                                                             const Probe& probe) {
    auto key = std::make_pair(&ex_to<GiNaC::basic>(e), i);
    auto found = factor_memo_.find(key);
    if (found != factor_memo_.end()) return found->second;
    ex factor;
    if (is_kind(e, NodeKind::add)) {
        factor = 1;
    } else if (is_kind(e, NodeKind::mul)) {
        factor = 1;
        for (std::size_t j = 0; j < e.nops(); ++j)
            if (j != i) factor *= e.op(j);
    } else if (is_kind(e, NodeKind::power)) {
        const ex b = e.op(0), p = e.op(1);
        if (i == 0)
            factor = p.has(x_) ? e * p / b : p * GiNaC::pow(b, p - 1);
        else
            factor = e * GiNaC::log(b);
    } else if (is_kind(e, NodeKind::function)) {
        factor = partial(e, i);
    } else {
        return std::nullopt;
    }
    auto values = probe.values(factor);
    kept_.push_back(e);
    factor_memo_.emplace(key, values);
    return values;
}

std::optional<std::vector<long double>> Deriver::node_values(const ex& e, const Probe& probe) {
    const GiNaC::basic* node = &ex_to<GiNaC::basic>(e);
    auto found = value_memo_.find(node);
    if (found != value_memo_.end()) return found->second;
    auto values = probe.values(correct_diff(e));
    kept_.push_back(e);
    value_memo_.emplace(node, values);
    return values;
}

ex Deriver::d(const ex& e, Path& here) {
    if (!e.has(x_)) return 0;
    if (!global_) {
        bool prefix = false;
        for (const auto& [path, derivative] : targets_) {
            if (here.size() > path.size() || !std::equal(here.begin(), here.end(), path.begin()))
                continue;
            if (here.size() == path.size()) return derivative;
            prefix = true;
        }
        if (!prefix) return correct_diff(e);
    } else {
        if (auto it = cache_.find(e); it != cache_.end()) return it->second;
        DFun mistaken = [&](const ex& c) {
            Path none;
            return d(c, none);
        };
        auto variants = rules_.variants(e, mistaken, id_);
        if (!variants.empty()) {
            ++applied_;
            cache_[e] = variants.front().derivative;
            return variants.front().derivative;
        }
    }
    ex result = structural(e, here);
    if (global_) cache_[e] = result;
    return result;
}

ex Deriver::child(const ex& e, std::size_t i, Path& here) {
    here.push_back(i);
    ex result = d(e.op(i), here);
    here.pop_back();
    return result;
}

ex Deriver::structural(const ex& e, Path& here) {
    if (e.is_equal(x_)) return 1;
    if (is_kind(e, NodeKind::add)) {
        ex sum = 0;
        for (std::size_t i = 0; i < e.nops(); ++i)
            sum += child(e, i, here);
        return sum;
    }
    if (is_kind(e, NodeKind::mul)) {
        ex sum = 0;
        for (std::size_t i = 0; i < e.nops(); ++i) {
            if (!e.op(i).has(x_)) continue;
            ex term = child(e, i, here);
            for (std::size_t j = 0; j < e.nops(); ++j)
                if (j != i) term *= e.op(j);
            sum += term;
        }
        return sum;
    }
    if (is_kind(e, NodeKind::power)) {
        const ex b = e.op(0), p = e.op(1);
        if (!p.has(x_)) return p * GiNaC::pow(b, p - 1) * child(e, 0, here);
        if (!b.has(x_)) return e * GiNaC::log(b) * child(e, 1, here);
        return e * (child(e, 1, here) * GiNaC::log(b) + p * child(e, 0, here) / b);
    }
    if (is_kind(e, NodeKind::function)) {
        ex sum = 0;
        for (std::size_t i = 0; i < e.nops(); ++i)
            if (e.op(i).has(x_)) sum += partial(e, i) * child(e, i, here);
        return sum;
    }
    return e.diff(x_);
}

} // namespace chainrule::mistakes
