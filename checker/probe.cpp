#include "checker/probe.hpp"

#include "checker/numeric_eval.hpp"

#include <algorithm>
#include <cmath>

namespace chainrule::mistakes {

using GiNaC::ex;
using GiNaC::ex_to;
using GiNaC::is_a;
using GiNaC::numeric;

void sort_by_name(std::vector<ex>& symbols) {
    auto name = [](const ex& e) {
        return is_a<GiNaC::symbol>(e) ? ex_to<GiNaC::symbol>(e).get_name() : std::string();
    };
    std::stable_sort(symbols.begin(), symbols.end(),
                     [&](const ex& a, const ex& b) { return name(a) < name(b); });
}

Probe::Probe(std::vector<ex> symbols) : symbols_(std::move(symbols)) {
    sort_by_name(symbols_);
    // Generic points: irrational-looking coordinates of both signs, never on a kink such as
    // x = 0 or x = y, so a candidate is rejected only where it really differs.
    for (std::size_t k = 0; k < point_count; ++k)
        points_.push_back(pool_point(k, symbols_.size()));
}

std::vector<long double> Probe::pool_point(std::size_t k, std::size_t dimensions) {
    std::vector<long double> point;
    for (std::size_t j = 0; j < dimensions; ++j) {
        long double t = 0.7548776662L * static_cast<long double>(k + 1) +
                        0.5698402910L * static_cast<long double>(j + 1) +
                        0.1234567L * static_cast<long double>(k * j);
        t -= std::floor(t);
        // Beyond the first points, wider boxes too: max(x, 3)' is 0 on all of [-2.6, 2.6].
        const long double width = k < point_count ? 1 : 1 + 0.5L * static_cast<long double>(k % 4);
        point.push_back(width * (-2.6L + 5.2L * t) + 0.0137L);
    }
    return point;
}

void Probe::focus_on(const ex& e) {
    std::optional<CompiledExpression> compiled;
    try {
        compiled = CompiledExpression::compile(e, symbols_);
    } catch (const std::exception&) {
        return;
    }
    if (!compiled) return;
    // Most points where the derivative is of a size rounding cannot blur, in the pool's
    // order; the others where it is small or 0 (a flat region, such as where an indicator is
    // off), the largest first.
    constexpr std::size_t pool = 16 * point_count, flat_share = 2;
    // Most derivatives are of a fair size at most of the first points: nothing to move then.
    auto healthy_at = [&](const std::vector<long double>& point) {
        const long double v = std::fabs(compiled->evaluate(point));
        return std::isfinite(v) && v >= 1e-3L && v <= 1e6L;
    };
    if (static_cast<std::size_t>(std::count_if(points_.begin(), points_.end(), healthy_at)) >=
        point_count - flat_share)
        return;
    struct Scored {
        long double size;
        std::vector<long double> point;
    };
    std::vector<Scored> healthy, flat;
    for (std::size_t k = 0; k < pool; ++k) {
        auto point = pool_point(k, symbols_.size());
        const long double v = std::fabs(compiled->evaluate(point));
        if (!std::isfinite(v) || v > 1e6L) continue;
        (v >= 1e-3L ? healthy : flat).push_back({v, std::move(point)});
    }
    std::stable_sort(flat.begin(), flat.end(),
                     [](const Scored& a, const Scored& b) { return a.size > b.size; });
    const std::size_t from_flat = std::min(
        flat.size(), std::max(flat_share, point_count - std::min(healthy.size(), point_count)));
    const std::size_t from_healthy = std::min(healthy.size(), point_count - from_flat);
    if (from_healthy + from_flat < point_count) return; // too few defined points: as it was
    std::vector<std::vector<long double>> chosen;
    for (std::size_t i = 0; i < from_healthy; ++i)
        chosen.push_back(std::move(healthy[i].point));
    for (std::size_t i = 0; i < from_flat; ++i)
        chosen.push_back(std::move(flat[i].point));
    points_ = std::move(chosen);
}

std::optional<std::vector<long double>> Probe::values(const ex& e,
                                                      std::vector<long double>* errors) const {
    std::optional<CompiledExpression> compiled;
    try {
        compiled = CompiledExpression::compile(e, symbols_);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (!compiled) return std::nullopt;
    std::vector<long double> out;
    if (errors) errors->clear();
    for (const auto& point : points_) {
        if (errors) {
            long double error = 0;
            out.push_back(compiled->evaluate(point, error));
            errors->push_back(error);
        } else {
            out.push_back(compiled->evaluate(point));
        }
    }
    return out;
}

bool Probe::differ_beyond_rounding(const ex& a, const ex& b) const {
    std::optional<CompiledExpression> p, q;
    try {
        p = CompiledExpression::compile(a, symbols_);
        q = p ? CompiledExpression::compile(b, symbols_) : std::nullopt;
    } catch (const std::exception&) {
        return false;
    }
    if (!q) return false;
    for (const auto& point : points_) {
        // The error bounds only where the values differ at all: equal sides never need them.
        long double u = p->evaluate(point), v = q->evaluate(point);
        if (!std::isfinite(u) || !std::isfinite(v) ||
            !(std::fabs(u - v) > 1e-15L * std::max(std::fabs(u), std::fabs(v))))
            continue;
        long double u_error = 0, v_error = 0;
        p->evaluate(point, u_error);
        q->evaluate(point, v_error);
        const long double bound = 8 * (u_error + v_error);
        if (std::isfinite(bound) && std::fabs(u - v) > bound) return true;
    }
    return false;
}

namespace {

bool close(long double a, long double b, long double tolerance) {
    long double scale = std::max({1.0L, std::fabs(a), std::fabs(b)});
    return std::fabs(a - b) <= tolerance * scale;
}

} // namespace

Agreement agreement(const std::vector<long double>& a, const std::vector<long double>& b) {
    std::size_t compared = 0;
    for (std::size_t k = 0; k < a.size() && k < b.size(); ++k) {
        if (!std::isfinite(a[k]) || !std::isfinite(b[k])) continue;
        if (!close(a[k], b[k], 1e-8L)) return Agreement::differ;
        ++compared;
    }
    return compared == 0 ? Agreement::unknown : Agreement::agree;
}

std::optional<numeric> rationalize(long double value) {
    if (!std::isfinite(value) || std::fabs(value) > 1e6L) return std::nullopt;
    // Continued fraction, denominators up to 10000.
    long double x = value;
    long long h0 = 1, h1 = 0, k0 = 0, k1 = 1;
    for (int i = 0; i < 20; ++i) {
        long double a = std::floor(x);
        long long ai = static_cast<long long>(a);
        long long h2 = ai * h0 + h1, k2 = ai * k0 + k1;
        if (k2 > 10000) break;
        h1 = h0, h0 = h2, k1 = k0, k0 = k2;
        if (std::fabs(static_cast<long double>(h0) / static_cast<long double>(k0) - value) <=
            1e-9L * std::max(1.0L, std::fabs(value)))
            return numeric(h0, k0);
        long double fraction = x - a;
        if (fraction < 1e-15L) break;
        x = 1 / fraction;
    }
    return std::nullopt;
}

std::optional<long double> constant_ratio(const std::vector<long double>& numerator,
                                          const std::vector<long double>& denominator) {
    std::optional<long double> ratio;
    std::size_t seen = 0;
    for (std::size_t k = 0; k < numerator.size() && k < denominator.size(); ++k) {
        if (!std::isfinite(numerator[k]) || !std::isfinite(denominator[k])) continue;
        if (std::fabs(denominator[k]) < 1e-9L) {
            if (std::fabs(numerator[k]) > 1e-9L) return std::nullopt;
            continue;
        }
        long double r = numerator[k] / denominator[k];
        if (ratio && !close(*ratio, r, 1e-9L)) return std::nullopt;
        if (!ratio) ratio = r;
        ++seen;
    }
    if (seen < 2) return std::nullopt;
    return ratio;
}

} // namespace chainrule::mistakes
