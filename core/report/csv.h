// RFC 4180 CSV: fields holding a comma, quote, CR or LF are quoted with
// quotes doubled; lines end with "\n". The parser reads what the writer
// writes (and any RFC 4180 file), so reports can be checked by reading them
// back.
#pragma once

#include <string>
#include <vector>

namespace tinysim::report {

using CsvRow = std::vector<std::string>;

std::string csv_field(const std::string& value);
std::string csv_line(const CsvRow& fields);  // with trailing "\n"

// Throws tinysim::Error(name, ...) on an unterminated quoted field or a
// stray quote inside an unquoted field.
std::vector<CsvRow> parse_csv(const std::string& text, const std::string& name = "csv");

}  // namespace tinysim::report
