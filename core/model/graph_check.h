// Graph-level checks a model passes before anything prepares, plans or runs
// it, beyond what each op's own validation (core/ops/) can see: the model has
// inputs, outputs and ops; quantization parameters are usable (scale > 0,
// zero point inside its type's range); and the ops read only tensors that
// exist when they run (graph inputs, constants, variables or an earlier op's
// output), so a cycle or a reordered graph is refused instead of computing
// with uninitialised memory.
#pragma once

#include "core/model/ir.h"

namespace tinysim {

// Throws tinysim::Error("SOURCE: PROBLEM (FIX)") for the first problem found.
void check_graph(const Model& model);

}  // namespace tinysim
