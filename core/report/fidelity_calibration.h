// Calibration of the Cortex-M4 cycle model against real boards: runs the
// firmware of the two calibration sets in ../shared and compares the cycles
// TinySim predicts with the ones measured on the board.
//   * Embench-IoT (embench_calibration/, MANIFEST.md): ELFs that print
//     "EMBENCH cycles=N verify=ok" (DWT_CYCCNT of the measured region) on the
//     STM32F4-Discovery profile beside them (16 MHz, 0 wait states); board
//     cycles in board_cycles.json.
//   * MLPerf Tiny (mlperf_calibration/, MANIFEST.md): OctoML's microTVM
//     builds for the NUCLEO-L4R5ZI that print "run0_cycles=N", run on the
//     stm32l4r5 profile; published latency (ms) in published_ms.json.
// error = (TinySim - board) / board.
#pragma once

#include <string>
#include <vector>

#include "core/common/error.h"

namespace tinysim::report {

struct CalibrationRow {
  std::string set;        // "embench" or "mlperf"
  std::string benchmark;  // "aha-mont64", "cmsis_nn_kws", ...
  uint64_t cycles = 0;    // TinySim, the firmware's own measured region
  double board = 0;       // board cycles (embench) or published ms (mlperf)
  double predicted = 0;   // same unit as board
  double error = 0;       // (predicted - board) / board
  std::string verify;     // embench: "ok" when the benchmark's own check passed
  uint64_t instructions = 0;  // whole run
};

struct CalibrationSummary {
  std::vector<CalibrationRow> rows;
  double embench_median_abs = 0, embench_worst_abs = 0;
  double mlperf_worst_abs = 0;
};

struct CalibrationOptions {
  std::string embench_dir, mlperf_dir;  // empty = <source>/../shared/{embench,mlperf}_calibration
  std::string timing_table;             // empty = the shipped cortex_m4.json
  std::string mlperf_profile = "stm32l4r5";
  bool embench = true, mlperf = true;
  int jobs = 2;                         // firmware run at the same time
};

// Error naming the file when a calibration set or a firmware line is missing.
Result<CalibrationSummary> run_calibration(const CalibrationOptions& options);

// The per-benchmark table with median and worst, as `tinysim fidelity` prints it.
std::string calibration_table(const CalibrationSummary& s);

}  // namespace tinysim::report
