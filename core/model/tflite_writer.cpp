#include "core/model/tflite_writer.h"

#include <flatbuffers/flatbuffers.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <tuple>

#include "core/model/op_schema.h"
#include "core/model/tflite_ops.h"
#include "core/model/tflite_subset_generated.h"

namespace tinysim {
namespace {

namespace fb = flatbuffers;

[[noreturn]] void bad(const std::string& where, const std::string& problem) {
  throw Error(where, problem, "fix the graph before saving it");
}

void validate_tensor(const Tensor& t, size_t i, const std::string& where) {
  const std::string name = "tensor " + std::to_string(i);
  for (int32_t d : t.shape)
    if (d < 0) bad(where, name + " has a negative dimension");
  if (t.type == DType::Other && t.tflite_type < 0) bad(where, name + " has no TFLite element type");
  if (t.is_constant() && t.type != DType::Other && static_cast<int64_t>(t.data.size()) != t.num_bytes())
    bad(where, name + " constant data size does not match its shape");
  if (t.quant.present() && !t.quant.zero_point.empty() && t.quant.zero_point.size() != t.quant.scale.size())
    bad(where, name + " has mismatched scale and zero-point counts");
  if (!t.quant.per_channel()) return;
  const int qd = t.quant.quantized_dimension;
  if (qd < 0 || static_cast<size_t>(qd) >= t.shape.size() ||
      static_cast<size_t>(t.shape[static_cast<size_t>(qd)]) != t.quant.scale.size())
    bad(where, name + " per-channel scales do not match dimension " + std::to_string(qd));
}

void validate_indices(const std::vector<int>& v, int lowest, int n, const std::string& what, const std::string& where) {
  for (int idx : v)
    if (idx < lowest || idx >= n) bad(where, what + " index out of range");
}

void validate(const Model& m, const std::string& where) {
  const int n = static_cast<int>(m.tensors.size());
  for (size_t i = 0; i < m.tensors.size(); ++i) validate_tensor(m.tensors[i], i, where);
  for (size_t i = 0; i < m.ops.size(); ++i) {
    const Operator& op = m.ops[i];
    validate_indices(op.inputs, -1, n, "op " + std::to_string(i) + " input", where);
    validate_indices(op.outputs, 0, n, "op " + std::to_string(i) + " output", where);
    if (op.type == OpType::Custom && op.custom_code.empty())
      bad(where, "op " + std::to_string(i) + " is a custom op without a name");
  }
  validate_indices(m.inputs, 0, n, "model input", where);
  validate_indices(m.outputs, 0, n, "model output", where);
}

// Builtin options come from the op's registry entry; an op TinySim does not
// know is written without options (its custom options bytes are kept).
WrittenOptions write_options(fb::FlatBufferBuilder& b, const Operator& op) {
  const OpSchema* schema = find_op_schema(op);
  if (!schema || !schema->write_options) return {};
  return schema->write_options(b, op);
}

std::vector<uint8_t> serialize(const Model& m) {
  validate(m, m.source.empty() ? std::string("model") : m.source);
  fb::FlatBufferBuilder b(1 << 16);

  // Buffers: 0 is the empty sentinel every activation points at.
  std::vector<fb::Offset<tflite::Buffer>> buffers;
  buffers.push_back(tflite::CreateBuffer(b));
  std::vector<uint32_t> buffer_of(m.tensors.size(), 0);
  for (size_t i = 0; i < m.tensors.size(); ++i) {
    const Tensor& t = m.tensors[i];
    if (!t.is_constant()) continue;
    // Constants are read in place on the device; 16-byte alignment keeps
    // every element type (and SIMD loads) aligned.
    b.ForceVectorAlignment(t.data.size(), sizeof(uint8_t), 16);
    auto data = b.CreateVector(t.data);
    buffer_of[i] = static_cast<uint32_t>(buffers.size());
    buffers.push_back(tflite::CreateBuffer(b, data));
  }

  std::vector<fb::Offset<tflite::Tensor>> tensors;
  for (size_t i = 0; i < m.tensors.size(); ++i) {
    const Tensor& t = m.tensors[i];
    fb::Offset<tflite::QuantizationParameters> quant = 0;
    if (t.quant.present()) {
      std::vector<int64_t> zp = t.quant.zero_point;
      if (zp.empty()) zp.assign(t.quant.scale.size(), 0);
      quant = tflite::CreateQuantizationParameters(b, 0, 0, b.CreateVector(t.quant.scale), b.CreateVector(zp),
                                                   tflite::QuantizationDetails::NONE, 0, t.quant.quantized_dimension);
    }
    const int8_t type = t.type == DType::Other ? t.tflite_type : tflite_codes::tensor_type_from_dtype(t.type);
    tensors.push_back(tflite::CreateTensor(b, b.CreateVector(t.shape), static_cast<tflite::TensorType>(type),
                                           buffer_of[i], b.CreateString(t.name), quant, t.is_variable));
  }

  // Operator codes, one per distinct (code, custom name, version).
  std::map<std::tuple<int32_t, std::string, int>, uint32_t> code_index;
  std::vector<fb::Offset<tflite::OperatorCode>> opcodes;
  std::vector<fb::Offset<tflite::Operator>> ops;
  for (const Operator& op : m.ops) {
    const auto code = static_cast<int32_t>(op.type);
    const std::string custom = op.type == OpType::Custom ? op.custom_code : std::string();
    const int version = std::max(op.version, min_op_version(m, op));
    auto key = std::make_tuple(code, custom, version);
    auto it = code_index.find(key);
    if (it == code_index.end()) {
      const auto deprecated = static_cast<int8_t>(std::min<int32_t>(code, tflite_codes::kPlaceholderForGreaterOpCodes));
      opcodes.push_back(
          tflite::CreateOperatorCode(b, deprecated, custom.empty() ? 0 : b.CreateString(custom), version, code));
      it = code_index.emplace(key, static_cast<uint32_t>(opcodes.size() - 1)).first;
    }
    const WrittenOptions opt = write_options(b, op);
    std::vector<int32_t> ins(op.inputs.begin(), op.inputs.end());
    std::vector<int32_t> outs(op.outputs.begin(), op.outputs.end());
    fb::Offset<fb::Vector<uint8_t>> custom_options = 0;
    if (op.type == OpType::Custom && !op.custom_options.empty()) custom_options = b.CreateVector(op.custom_options);
    ops.push_back(tflite::CreateOperator(b, it->second, b.CreateVector(ins), b.CreateVector(outs), opt.type, opt.offset,
                                         custom_options));
  }

  std::vector<int32_t> ins(m.inputs.begin(), m.inputs.end());
  std::vector<int32_t> outs(m.outputs.begin(), m.outputs.end());
  auto subgraph = tflite::CreateSubGraph(b, b.CreateVector(tensors), b.CreateVector(ins), b.CreateVector(outs),
                                         b.CreateVector(ops), b.CreateString("main"));
  std::vector<fb::Offset<tflite::SubGraph>> subgraphs{subgraph};
  auto root = tflite::CreateModel(b, 3, b.CreateVector(opcodes), b.CreateVector(subgraphs),
                                  b.CreateString(m.description), b.CreateVector(buffers));
  tflite::FinishModelBuffer(b, root);
  return {b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize()};
}

}  // namespace

int min_op_version(const Model& m, const Operator& op) {
  const OpSchema* schema = find_op_schema(op);
  if (!schema || !schema->min_version || op.inputs.empty() || op.outputs.empty()) return 1;
  return schema->min_version(m, op);
}

Result<std::vector<uint8_t>> serialize_tflite(const Model& model) {
  return capture([&] { return serialize(model); });
}

Result<bool> save_tflite(const Model& model, const std::string& path) {
  return capture([&]() -> bool {
    const std::vector<uint8_t> bytes = serialize(model);
    namespace fs = std::filesystem;
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string tmpl = (dir / ("." + target.filename().string() + ".tmp.XXXXXX")).string();
    const int fd = mkstemp(tmpl.data());
    if (fd < 0)
      throw Error(path, std::string("cannot create a temporary file beside it: ") + std::strerror(errno),
                  "check that the folder exists and is writable");
    ::fchmod(fd, 0644);  // mkstemp creates 0600; a model file is not secret
    size_t done = 0;
    bool ok = true;
    while (ok && done < bytes.size()) {
      const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0)
        ok = false;
      else
        done += static_cast<size_t>(n);
    }
    const int saved_errno = errno;
    if (ok && ::fsync(fd) != 0) ok = false;
    if (::close(fd) != 0) ok = false;
    if (!ok) {
      std::remove(tmpl.c_str());
      throw Error(path, std::string("cannot write the model: ") + std::strerror(saved_errno),
                  "check free disk space and permissions");
    }
    std::error_code ec;
    fs::rename(tmpl, target, ec);
    if (ec) {
      std::remove(tmpl.c_str());
      throw Error(path, "cannot move the written model into place: " + ec.message(),
                  "check that the destination is writable and not a directory");
    }
    return true;
  });
}

}  // namespace tinysim
