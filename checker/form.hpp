#pragma once
// Form requirements: whether a right answer is also written the way the problem asks,
// decided on the answer as typed (expr/syntax.hpp), before GiNaC's canonical form hides it.
//
// The forms, precisely (function arguments, denominators and exponents are left as written
// unless said otherwise):
// - expanded: no product in which a sum of non-constant terms is multiplied by anything
//   (`2(x + 1)`, `(x + 1)(x − 1)`, `−(x + 1)`), and no power with an integer exponent ≥ 2 of a
//   sum or a product (`(x + 1)²`, `(2x)²`). Dividing by a sum is allowed: `(x + 1)/(x − 1)`.
// - factored: nothing is left to factor out. A sum (the whole answer, or a factor or base of
//   one) is factored when GiNaC's factor() finds in it no non-constant factor and no common
//   integer factor other than ±1, non-polynomial parts (exp(x), σ(z)) counting as
//   variables: `2(x + 1)³` and `6x + 5` are factored; `6x + 6`, `x² + 2x + 1` and
//   `x·eˣ + eˣ` are not. Named values (S1) count as variables.
// - simplified: everywhere, including function arguments: no unevaluated derivative; no like
//   terms left uncollected in a sum (`3x + 2x`, `x − x`, `2 + 3`, terms differing only in
//   their number factor); no equal factors left uncollected (`x·x`); no power with exponent 1
//   or 0 (`x^1`); no factor 1 or 0 (`1·x`, `x/1`, `0·x`), no term 0 (`0 + x`); no two numbers
//   left to multiply (`2·3x`); no double minus.
#include "expr/syntax.hpp"

#include <optional>
#include <string>
#include <vector>

namespace chainrule {

/// A requirement on how an answer is written.
enum class AnswerForm { none, simplified, expanded, factored };

/// "simplified", "expanded", "factored" ("" for none).
const char* to_string(AnswerForm form);

/// The form named by text (exactly one of the names); false when text names none.
bool parse_answer_form(const std::string& text, AnswerForm& out);

/// The names of the forms, for messages and did-you-mean: simplified, expanded, factored.
const std::vector<std::string>& answer_form_names();

/// The verdict on the form of a right answer.
struct FormVerdict {
    AnswerForm required = AnswerForm::none;
    bool satisfied = true;
    std::string reason; ///< when not satisfied: what in the answer is not in the form (Unicode)
};

/// Whether an answer as typed is in the form. A vector or matrix is in the form when every
/// entry is; the reason names the first entry that is not.
FormVerdict check_form(const Syntax& answer, AnswerForm form);

/// The message for a right answer in the wrong form:
/// "equivalent, but the answer must be expanded: «2(x + 1)» is a product ...".
std::string form_message(const FormVerdict& verdict);

} // namespace chainrule
