#pragma once
// A budget of work for one check, counted, never timed: what decides that an answer is too
// costly to check is the work it needs (nodes compiled and evaluated, the size of a
// derivative taken), so the verdict is the same on every machine and under any load. A time
// or memory limit around a check is only a safety net for what the budget does not count.
//
// A budget is opened by the code that owns the decision (the comparison of two expressions,
// the diagnosis of a wrong answer); work done inside it, however deep, is charged with
// charge_work. Work outside any budget is not counted.
#include <ginac/ginac.h>

#include <cstdint>

namespace chainrule {

/// Thrown by charge_work when the open budget is spent. Deliberately not a std::exception:
/// the checker's local fallbacks catch std::exception (a simplification that failed: let
/// sampling decide) and must not take a spent budget for one of them and go on. Only the
/// code that opened the budget (WorkBudget::owner) catches it, and turns it into a verdict.
struct WorkBudgetExhausted {
    std::uint64_t budget = 0; ///< the units the spent budget had
};

/// Charges `units` of work to the open budget; nothing when none is open. Throws
/// WorkBudgetExhausted when the budget's units are spent (and on every charge after that).
void charge_work(std::uint64_t units);

/// Opens a budget of `units` for the work until it is destroyed, unless one is open already:
/// then the work is charged to that one (a comparison inside a diagnosis counts against the
/// diagnosis). Budgets are per thread.
class WorkBudget {
  public:
    explicit WorkBudget(std::uint64_t units);
    ~WorkBudget();
    WorkBudget(const WorkBudget&) = delete;
    WorkBudget& operator=(const WorkBudget&) = delete;

    /// Whether this budget is the one open (it opened it), and so the one to catch
    /// WorkBudgetExhausted for.
    bool owner() const { return owner_; }
    /// The units charged so far to the open budget.
    std::uint64_t used() const;

  private:
    bool owner_ = false;
};

/// Work that is not the answer's: while it lives, nothing is charged. For what depends only on
/// the problem and is cached (a diagnosis's prepared candidates): charging it only when it is
/// not yet cached would make an answer's budget depend on what the process checked before.
class UnchargedWork {
  public:
    UnchargedWork();
    ~UnchargedWork();
    UnchargedWork(const UnchargedWork&) = delete;
    UnchargedWork& operator=(const UnchargedWork&) = delete;

  private:
    bool was_paused_;
};

/// Runs `work` under a budget of `units`. When this call opened the budget and it is spent,
/// returns on_exhausted(units) instead; when a budget was open already, an exhaustion goes on
/// to its owner.
template <class Work, class OnExhausted>
auto within_budget(std::uint64_t units, Work&& work, OnExhausted&& on_exhausted) {
    WorkBudget budget(units);
    if (!budget.owner()) return work();
    try {
        return work();
    } catch (const WorkBudgetExhausted& spent) {
        return on_exhausted(spent.budget);
    }
}

/// The number of nodes of e's tree (a subexpression used twice counts twice), counting at
/// most up to `cap`.
std::uint64_t tree_nodes(const GiNaC::ex& e, std::uint64_t cap = UINT64_MAX);

/// An estimate of the number of nodes of e.diff(x), from e's tree, without taking the
/// derivative (the product rule makes a product of n factors n products of n − 1), counting at
/// most up to `cap`.
std::uint64_t derivative_nodes(const GiNaC::ex& e, const GiNaC::symbol& x,
                               std::uint64_t cap = UINT64_MAX);

/// e.diff(x), its estimated size charged first: a derivative too large for the budget is
/// never taken.
GiNaC::ex charged_diff(const GiNaC::ex& e, const GiNaC::symbol& x);

} // namespace chainrule
