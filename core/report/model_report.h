// One report of a loaded model, the rows `tinysim inspect` prints and the
// GUI's Model tab shows: per op its label, version, operand tensors, MACs,
// params, weight bytes, live arena bytes and whether the host and the
// Cortex-M4 firmware run it (with the reason when not); totals, graph I/O
// and the reader's warnings. Both front-ends render this; neither recomputes.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/model/ir.h"

namespace tinysim {

struct ModelReportRow {
  int index = 0;
  std::string op;  // op_label: "CONV_2D", "CUSTOM:SignalWindow"
  int version = 1;
  std::vector<int> inputs, outputs;  // tensor indices (-1 = optional input left out)
  int64_t macs = 0, params = 0, weight_bytes = 0, live_bytes = 0;
  bool host = false, firmware = false;       // runs on the host kernels / the Cortex-M4 firmware
  std::string host_reason, firmware_reason;  // why not (one-line errors)
  // Options as "name" -> "value" (stride, padding, activation, ...), for the GUI's details.
  std::map<std::string, std::string> attributes;
};

struct ModelReport {
  std::vector<ModelReportRow> ops;
  int64_t total_macs = 0, total_params = 0, weight_bytes = 0, arena_bytes = 0;
  int arena_alignment = 16;
  std::vector<int> inputs, outputs;
  std::vector<std::string> warnings;
  // Ops a backend refuses, by label, with counts.
  std::map<std::string, int> unsupported_host, unsupported_firmware;

  bool runs_on_host() const { return unsupported_host.empty(); }
  bool runs_on_firmware() const { return unsupported_firmware.empty(); }
};

ModelReport model_report(const Model& model);

}  // namespace tinysim
