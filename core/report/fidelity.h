// The fidelity report: TinySim's predicted latency for the MLPerf Tiny int8
// reference models on the NUCLEO-L4R5ZI profile (stm32l4r5) next to the
// published MLPerf Tiny results for that board (../shared/ANCHORS.md, from
// mlcommons/tiny_results_v0.5 ... v1.3), with cycles/MAC.
//
// Models: KWS, VWW and AD int8 as shipped in ../shared/third_party_models;
// IC quantized by TinySim's PTQ from the shipped float ResNet-8 with random
// calibration (100 uniform images in [0, 255], seed 1, min/max: the IC model
// takes raw pixel values). Emulated on `latency_samples` seeded random inputs
// (`tinysim infer --random` style, seeds 1..K), so the cycles are
// deterministic and can be asserted (tests/report/fidelity_test.cpp).
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/report/result_record.h"

namespace tinysim::report {

struct PublishedLatency {
  std::string submission;  // "v0.5 reference: TFLM 2.3.1 + CMSIS-NN"
  double latency_ms = 0;
};

struct FidelityRow {
  std::string benchmark;   // "IC", "KWS", "VWW", "AD"
  std::string model_file;  // file name in third_party_models (IC: the float parent)
  int64_t macs = 0;        // TinySim's count
  int64_t published_macs = 0;
  uint64_t cycles = 0, cycles_min = 0, cycles_max = 0;
  double cycles_per_mac = 0;
  double latency_ms = 0;   // TinySim, median cycles at the profile clock
  std::vector<PublishedLatency> published;
  double ratio_to_reference() const;  // TinySim / v0.5 reference (TFLM + CMSIS-NN)
  double ratio_to_best() const;       // TinySim / fastest published
};

// The published latencies (ms) and MAC counts per benchmark, from ANCHORS.md.
const std::vector<std::string>& published_submissions();
std::vector<PublishedLatency> published_latencies(const std::string& benchmark);
int64_t published_macs(const std::string& benchmark);

// Runs the four models through run_bench on `profile`. work_dir receives the
// PTQ'd IC model. Error if a model file is missing.
Result<std::vector<FidelityRow>> run_fidelity(const std::string& third_party_dir, const std::string& work_dir,
                                              const std::string& profile = "stm32l4r5", int latency_samples = 3,
                                              int jobs = 0);

// benchmarks/fidelity/fidelity.csv and the Markdown table of RESULTS.md.
std::string fidelity_csv(const std::vector<FidelityRow>& rows);
std::string fidelity_markdown(const std::vector<FidelityRow>& rows);

}  // namespace tinysim::report
