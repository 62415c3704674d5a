// Transfer learning: a loaded .tflite becomes a frozen feature extractor.
// An int8 model is first turned back into float (weights dequantized, int32
// biases scaled, QUANTIZE/DEQUANTIZE removed), the graph is cut at a named
// tensor or an op's output, and a new head is trained on top. The top K
// parameterised layers of the base can be unfrozen for a second, low
// learning-rate phase.
#pragma once

#include <string>
#include <vector>

#include "core/model/ir.h"
#include "core/train/model_builder.h"
#include "core/train/train_net.h"

namespace tinysim::train {

// Float copy of a float, hybrid or int8 model. Throws tinysim::Error for
// tensors that cannot be made float.
Model to_float_model(const Model& model);

// The tensor `cut_at` names: an op index ("7" = the output of op 7) or a
// tensor name. Throws tinysim::Error listing what is valid.
int resolve_cut(const Model& model, const std::string& cut_at);

// Keeps only the ops needed to compute `tensor`, which becomes the single
// output; unused tensors are dropped and indices renumbered.
Model cut_model(const Model& model, int tensor);

// Base (cut) + head layers + softmax. The base's parameters are frozen in
// the returned net except the top `unfreeze_top` parameterised ops, whose
// slots are listed in *top_slots (to unfreeze for the second phase).
struct TransferNet {
  Model model;
  std::vector<int> base_slots;  // parameter slots of the base, in op order
  std::vector<int> top_slots;   // the last unfreeze_top ops' slots
};
TransferNet build_transfer_model(const Model& base_float, const std::string& cut_at,
                                 const std::vector<LayerSpec>& head, int unfreeze_top, uint64_t seed,
                                 const std::string& what);

}  // namespace tinysim::train
