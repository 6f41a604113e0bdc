#include "checker/differentiate.hpp"

#include "expr/errors.hpp"
#include "expr/printer.hpp"
#include "expr/symbols.hpp"

namespace chainrule {

ExprValue differentiate(const DerivativeRequest& request) {
    const ExprValue& f = request.function;
    if (request.wrt.empty()) throw InputError("no variable to differentiate with respect to");
    if (f.shape == Shape::matrix)
        throw InputError("cannot differentiate " + describe_shape(f) +
                         ": give a scalar or a vector function");
    std::vector<GiNaC::ex> entries;
    for (std::size_t i = 0; i < f.entries.size(); ++i)
        for (const auto& name : request.wrt) entries.push_back(f.entries[i].diff(variable(name)));
    if (f.is_scalar() && request.wrt.size() == 1) return ExprValue(entries.front());
    if (f.is_scalar() || request.wrt.size() == 1) return ExprValue::vector(std::move(entries));
    return ExprValue::matrix(f.rows, request.wrt.size(), std::move(entries));
}

std::vector<std::string> derivative_labels(const DerivativeRequest& request) {
    const ExprValue& f = request.function;
    std::vector<std::string> labels;
    if (f.is_scalar() && request.wrt.size() == 1) return {""};
    for (std::size_t i = 0; i < f.entries.size(); ++i)
        for (const auto& name : request.wrt) {
            std::string x = print_name(name, Notation::unicode);
            if (f.is_scalar())
                labels.push_back("∂/∂" + x);
            else
                labels.push_back("∂f" + std::to_string(i + 1) + "/∂" + x);
        }
    return labels;
}

} // namespace chainrule
