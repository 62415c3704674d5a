// The readable table `tinysim bench` prints at the end: one line per
// (model, variant, profile), accuracy in percent, bytes with KiB beside them.
#pragma once

#include <string>
#include <vector>

#include "core/report/result_record.h"

namespace tinysim::report {

// "123456 (120.6 KiB)"
std::string bytes_with_kib(uint64_t bytes);
std::string format_table(const std::vector<ResultRecord>& records);

}  // namespace tinysim::report
