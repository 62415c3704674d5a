// A real model with an op TinySim does not run, for the tests of how an
// unsupported op is shown and refused (inspect, infer, the plan writer, the
// GUI): TFLM's mnist_lstm_int8 from ../shared with its recurrent op
// relabelled BIDIRECTIONAL_SEQUENCE_LSTM, which TinySim does not implement
// (the shared models themselves become runnable as ops are added).
#pragma once

#include "build_paths.h"  // TINYSIM_SHARED_DIR

#include <unistd.h>

#include <filesystem>
#include <string>

#include "core/model/tflite_reader.h"
#include "core/model/tflite_writer.h"

namespace tinysim::fixtures {

inline constexpr const char* kUnsupportedOp = "BIDIRECTIONAL_SEQUENCE_LSTM";

// Writes the model to `file` and returns it; empty when the shared model is absent.
inline std::filesystem::path write_unsupported_model(const std::filesystem::path& file) {
  const std::filesystem::path src =
      std::filesystem::path(TINYSIM_SHARED_DIR) / "third_party_models" / "tflm_test_mnist_lstm_int8.tflite";
  if (!std::filesystem::exists(src)) return {};
  Model m = load_tflite(src.string()).take();
  m.ops[0].type = OpType::BidirectionalSequenceLstm;
  m.ops[0].options = {};
  save_tflite(m, file.string()).take();
  return file;
}

// A per-process file name for it in the temp directory.
inline std::filesystem::path unsupported_model_path(const std::string& tag) {
  return std::filesystem::temp_directory_path() /
         ("tinysim_" + tag + "_unsupported_" + std::to_string(::getpid()) + ".tflite");
}

}  // namespace tinysim::fixtures
