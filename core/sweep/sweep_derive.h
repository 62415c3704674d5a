// Makes the model files of derived sweep items: int8 PTQ of the use case's
// float model at one calibration point (as `tinysim quantize`), or magnitude
// pruning to one sparsity then int8 (as `tinysim prune --int8`). Each file is
// made once across every shard and machine that needs it: an exclusive
// flock on FILE.lock serializes the makers, the first writes the file
// atomically, the others find it. A killed maker leaves no file (and its
// lock dies with it), so the next shard makes it again.
#pragma once

#include "core/sweep/sweep_grid.h"

namespace tinysim::report {

// No-op for items that are files as given, or whose file exists already.
// Throws tinysim::Error naming the source model on failure.
void ensure_derived_model(const SweepPlan& plan, const SweepItem& item);

}  // namespace tinysim::report
