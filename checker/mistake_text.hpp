#pragma once
// Internal to checker/: how the diagnosis names expressions in its messages. While the
// candidates of a question are built, their messages name expressions by reference
// (DeferredTexts), since most never match and printing is most of their cost; while a
// diagnosis for a hidden-answer mode is written (HiddenTexts), an expression that must not be
// shown is marked, and redacted() takes out the clause that holds it.
#include <ginac/ginac.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace chainrule::mistakes {

/// An expression for a message (Unicode notation): a reference under DeferredTexts, marked
/// under HiddenTexts when it must not be shown.
std::string text(const GiNaC::ex& e);

/// The expression printed now (never deferred), marked under HiddenTexts when hidden.
std::string shown_text(const GiNaC::ex& e);

/// The message without the clauses (or parentheses) that hold a marked expression.
std::string redacted(std::string message);

/// A ratio r of an answer to the derivative, in words: "3 times the derivative (an extra
/// factor of 3)".
std::string factor_text(const GiNaC::numeric& r);

/// Defers the printing of text() into `texts` while it lives.
class DeferredTexts {
  public:
    explicit DeferredTexts(std::vector<GiNaC::ex>& texts);
    ~DeferredTexts();
    DeferredTexts(const DeferredTexts&) = delete;
    DeferredTexts& operator=(const DeferredTexts&) = delete;

  private:
    std::vector<GiNaC::ex>* previous_;
};

/// A message built under DeferredTexts, with its expressions printed (shown_text).
std::string printed_message(const std::string& message, const std::vector<GiNaC::ex>& texts);

/// Orders messages built under DeferredTexts as their printed texts (printed_message) order,
/// byte by byte, printing an expression only when a comparison reaches it, and each at most
/// once: most messages differ before their first expression, or share it.
class DeferredOrder {
  public:
    explicit DeferredOrder(const std::vector<GiNaC::ex>& texts);
    /// printed_message(a, texts) < printed_message(b, texts).
    bool less(const std::string& a, const std::string& b);

  private:
    const std::string& printed(std::size_t k);
    const std::vector<GiNaC::ex>& texts_;
    std::vector<std::optional<std::string>> printed_;
};

/// While it lives (with a check; none: nothing is hidden), text() and shown_text() mark the
/// expressions for which `is_hidden` holds: those equal to the answer or to a whole entry.
class HiddenTexts {
  public:
    explicit HiddenTexts(const std::function<bool(const GiNaC::ex&)>* is_hidden);
    ~HiddenTexts();
    HiddenTexts(const HiddenTexts&) = delete;
    HiddenTexts& operator=(const HiddenTexts&) = delete;

  private:
    const std::function<bool(const GiNaC::ex&)>* previous_;
};

/// Whether a HiddenTexts with a check is in force: a hidden-answer mode.
bool hiding_answer();

} // namespace chainrule::mistakes
