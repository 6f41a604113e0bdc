#include "checker/mistake_text.hpp"

#include "expr/printer.hpp"

namespace chainrule::mistakes {

using GiNaC::ex;
using GiNaC::numeric;

namespace {
// While candidates are built for the cache, their messages name expressions by reference
// (see DeferredTexts): most candidates never match, and printing is most of their cost.
std::vector<ex>* deferred_texts = nullptr;
// While a diagnosis for a hidden-answer mode is written: whether an expression must not be
// shown (it equals the answer, or a whole entry of it). Such an expression is printed between
// \x03 and \x04, and redacted() takes out the clause that holds it.
const std::function<bool(const ex&)>* hidden_check = nullptr;
} // namespace

bool hiding_answer() {
    return hidden_check != nullptr;
}

HiddenTexts::HiddenTexts(const std::function<bool(const ex&)>* is_hidden)
    : previous_(hidden_check) {
    hidden_check = is_hidden;
}

HiddenTexts::~HiddenTexts() {
    hidden_check = previous_;
}

DeferredTexts::DeferredTexts(std::vector<ex>& texts) : previous_(deferred_texts) {
    deferred_texts = &texts;
}

DeferredTexts::~DeferredTexts() {
    deferred_texts = previous_;
}

std::string shown_text(const ex& e) {
    std::string printed = print(e, Notation::unicode);
    if (hidden_check && (*hidden_check)(e)) return "\x03" + printed + "\x04";
    return printed;
}

std::string text(const ex& e) {
    if (deferred_texts) {
        deferred_texts->push_back(e);
        return "\x01" + std::to_string(deferred_texts->size() - 1) + "\x02";
    }
    return shown_text(e);
}

std::string redacted(std::string message) {
    for (std::size_t at = message.find('\x03'); at != std::string::npos;
         at = message.find('\x03')) {
        std::size_t end = message.find('\x04', at);
        if (end == std::string::npos) end = message.size() - 1;
        // Inside a parenthesis: the parenthesis goes ("the term 3x² (6x) is missing").
        int depth = 0;
        std::size_t open = std::string::npos;
        for (std::size_t i = at; i-- > 0;) {
            if (message[i] == ')') ++depth;
            if (message[i] == '(' && depth-- == 0) {
                open = i;
                break;
            }
        }
        std::size_t close = open == std::string::npos ? std::string::npos : message.find(')', end);
        if (open != std::string::npos && close != std::string::npos) {
            if (open > 0 && message[open - 1] == ' ') --open;
            message.erase(open, close + 1 - open);
            continue;
        }
        // Else the clause goes, from the last ": " or ", " before it to the end.
        std::size_t cut = message.rfind(": ", at);
        std::size_t comma = message.rfind(", ", at);
        if (comma != std::string::npos && (cut == std::string::npos || comma > cut)) cut = comma;
        message.erase(cut == std::string::npos ? at : cut);
    }
    return message;
}

std::string factor_text(const numeric& r) {
    std::string out = text(r);
    if (r.is_integer()) return out + " times the derivative (an extra factor of " + out + ")";
    if (r.numer().is_equal(1) || r.numer().is_equal(-1))
        return out + " times the derivative (a factor of " + text(numeric(1) / r) + " is missing)";
    return out + " times the derivative";
}

DeferredOrder::DeferredOrder(const std::vector<ex>& texts)
    : texts_(texts), printed_(texts.size()) {}

const std::string& DeferredOrder::printed(std::size_t k) {
    static const std::string none;
    if (k >= texts_.size()) return none;
    if (!printed_[k]) printed_[k] = shown_text(texts_[k]);
    return *printed_[k];
}

bool DeferredOrder::less(const std::string& a, const std::string& b) {
    // A message read as printed_message writes it: its bytes, a reference as its text.
    struct Cursor {
        const std::string& raw;
        std::size_t at = 0;
        const std::string* inside = nullptr; ///< the printed reference being read
        std::size_t inside_at = 0;
    };
    auto next = [this](Cursor& c) -> int { // the next byte, -1 at the end
        while (true) {
            if (c.inside) {
                if (c.inside_at < c.inside->size())
                    return static_cast<unsigned char>((*c.inside)[c.inside_at++]);
                c.inside = nullptr;
            }
            if (c.at >= c.raw.size()) return -1;
            const std::size_t end =
                c.raw[c.at] == '\x01' ? c.raw.find('\x02', c.at) : std::string::npos;
            if (end == std::string::npos) return static_cast<unsigned char>(c.raw[c.at++]);
            c.inside = &printed(std::stoul(c.raw.substr(c.at + 1, end - c.at - 1)));
            c.inside_at = 0;
            c.at = end + 1;
        }
    };
    Cursor p{a}, q{b};
    while (true) {
        const int x = next(p), y = next(q);
        if (x != y) return x < y;
        if (x < 0) return false;
    }
}

std::string printed_message(const std::string& message, const std::vector<ex>& texts) {
    std::string out;
    for (std::size_t i = 0; i < message.size(); ++i) {
        std::size_t end = message[i] == '\x01' ? message.find('\x02', i) : std::string::npos;
        if (end == std::string::npos) {
            out += message[i];
            continue;
        }
        std::size_t k = std::stoul(message.substr(i + 1, end - i - 1));
        out += k < texts.size() ? shown_text(texts[k]) : "";
        i = end;
    }
    return out;
}

} // namespace chainrule::mistakes
