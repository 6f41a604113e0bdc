#include "generator/problem.hpp"

namespace chainrule {

const char* to_string(AskKind ask) {
    switch (ask) {
    case AskKind::derivative:
        return "derivative";
    case AskKind::partial:
        return "partial";
    case AskKind::partials:
        return "partials";
    case AskKind::gradient:
        return "gradient";
    case AskKind::jacobian:
        return "jacobian";
    }
    return "derivative";
}

bool parse_ask_kind(const std::string& text, AskKind& out) {
    for (AskKind kind : {AskKind::derivative, AskKind::partial, AskKind::partials,
                         AskKind::gradient, AskKind::jacobian})
        if (text == to_string(kind)) {
            out = kind;
            return true;
        }
    return false;
}

std::map<std::string, GiNaC::ex> Problem::let_map() const {
    return std::map<std::string, GiNaC::ex>(lets.begin(), lets.end());
}

} // namespace chainrule
