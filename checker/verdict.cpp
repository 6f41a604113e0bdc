#include "checker/verdict.hpp"

namespace chainrule {

const char* to_string(Outcome outcome) {
    switch (outcome) {
    case Outcome::correct: return "correct";
    case Outcome::incorrect: return "incorrect";
    case Outcome::invalid: return "invalid";
    }
    return "invalid";
}

const char* to_string(Method method) {
    switch (method) {
    case Method::symbolic: return "symbolic";
    case Method::sampling: return "sampling";
    case Method::none: return "none";
    }
    return "none";
}

} // namespace chainrule
