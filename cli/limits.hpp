#pragma once
// Internal to cli/ (docs/architecture.md), as is all of cli/.
// Limits on the chainrule process itself, for subcommands that read one untrusted answer in
// the foreground (`check`): a CPU-time limit and an address-space limit, so that a runaway
// answer ends with a clear message instead of hanging a student's CI job.
#include <cstddef>

namespace chainrule {

/// The exit status a process ended by its CPU-time limit exits with (main sets it, since
/// exit statuses are decided there).
void set_limit_exit_status(int status);

/// Limits this process to `cpu_seconds` of CPU time (a profiling timer: when it fires, a
/// message naming the limit and `option` goes to standard error and the process exits with
/// the status of set_limit_exit_status) and `memory_mb` of address space (allocations past it
/// throw std::bad_alloc). 0 leaves a limit off. Sanitizer builds skip the address-space limit:
/// AddressSanitizer's shadow memory alone is larger.
void limit_process(double cpu_seconds, std::size_t memory_mb);

} // namespace chainrule
