#include "core/model/tflite_reader.h"

#include <flatbuffers/flatbuffers.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include "core/model/graph_check.h"
#include "core/model/hybrid_weights.h"
#include "core/model/op_schema.h"
#include "core/model/tflite_ops.h"
#include "core/model/tflite_subset_generated.h"

namespace tinysim {
namespace {

// TinySim's kernels index tensors with 32-bit byte offsets.
constexpr int64_t kMaxTensorBytes = int64_t{1} << 31;
constexpr size_t kMaxRank = 8;
constexpr const char* kReexport = "re-export the model with the TFLite converter";
constexpr const char* kDamaged = "the file is damaged; re-export the model with the TFLite converter";

std::string printable(const uint8_t* p, size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    const char c = static_cast<char>(p[i]);
    if (p[i] >= 0x20 && p[i] < 0x7f && c != '\'') {
      s += c;
    } else {
      static const char* hex = "0123456789abcdef";
      s += "\\x";
      s += hex[p[i] >> 4];
      s += hex[p[i] & 15];
    }
  }
  return s;
}

std::string shape_str(const std::vector<int32_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

class Reader {
 public:
  explicit Reader(std::string name) : name_(std::move(name)) {}

  Model read(const uint8_t* data, size_t size) {
    check_envelope(data, size);
    const tflite::Model* fb = tflite::GetModel(data);
    Model model;
    model.source = name_;
    if (fb->version() != 3)
      fail("unsupported TFLite schema version " + std::to_string(fb->version()) + " (TinySim reads version 3)",
           kReexport);
    model.schema_version = static_cast<int>(fb->version());
    if (fb->description()) model.description = fb->description()->str();
    if (!fb->subgraphs() || fb->subgraphs()->size() == 0) fail("the model has no subgraph", kReexport);
    // TinySim runs single-graph models; extra subgraphs (control flow) are
    // reached only through ops it reports as unsupported.
    const tflite::SubGraph* sg = fb->subgraphs()->Get(0);

    read_tensors(*fb, *sg, model);
    read_ops(*fb, *sg, model);
    model.inputs = read_graph_io(sg->inputs(), "input", model.tensors.size());
    model.outputs = read_graph_io(sg->outputs(), "output", model.tensors.size());
    model.warnings = warnings_;
    check_graph(model);  // inputs, outputs, ops, usable quantization, dataflow order

    const int hybrid = dequantize_hybrid_weights(model);
    if (hybrid > 0) {
      model.description += (model.description.empty() ? "" : "; ");
      model.description +=
          "hybrid model: " + std::to_string(hybrid) + " int8 weight tensor(s) dequantized to float32 at load";
    }
    return model;
  }

 private:
  [[noreturn]] void fail(const std::string& problem, const std::string& fix) const { throw Error(name_, problem, fix); }

  void check_envelope(const uint8_t* data, size_t size) const {
    if (size == 0)
      fail("empty file (0 bytes), not a TFLite model", "export the model again; the file was not written completely");
    if (size < 8)
      fail("too short to be a TFLite flatbuffer (" + std::to_string(size) + " bytes)",
           "export the model with the TFLite converter");
    if (size >= FLATBUFFERS_MAX_BUFFER_SIZE)
      fail("file too large for a flatbuffer (" + std::to_string(size) + " bytes)", "use a model smaller than 2 GiB");
    if (!flatbuffers::BufferHasIdentifier(data, tflite::ModelIdentifier()))
      fail("not a TFLite flatbuffer (identifier '" + printable(data + 4, 4) + "', expected 'TFL3')",
           "export the model with the TFLite converter");
    // Depth 64 covers the schema's nesting with room to spare; the table cap
    // bounds verification time on hostile input.
    flatbuffers::Verifier verifier(data, size, /*max_depth=*/64, /*max_tables=*/4'000'000);
    if (!tflite::VerifyModelBuffer(verifier))
      fail("truncated or corrupt TFLite flatbuffer, rejected by the flatbuffers verifier", kDamaged);
  }

  std::string tensor_label(size_t i, const std::string& name) const {
    return "tensor " + std::to_string(i) + (name.empty() ? "" : " ('" + name + "')");
  }

  // Shape with rank and overflow checks; returns the tensor's byte size.
  int64_t read_shape(const tflite::Tensor& ft, Tensor& t, const std::string& label) const {
    if (ft.shape()) {
      if (ft.shape()->size() > kMaxRank)
        fail(label + " has rank " + std::to_string(ft.shape()->size()) + " (at most 8 supported)", kReexport);
      t.shape.assign(ft.shape()->begin(), ft.shape()->end());
    }
    int64_t elements = 1;
    for (int32_t d : t.shape) {
      if (d < 0) fail(label + " has a negative dimension in shape " + shape_str(t.shape), kDamaged);
      elements *= d;  // stays below 2^31 * 2^31: checked every step
      if (elements > kMaxTensorBytes)
        fail(label + " shape " + shape_str(t.shape) + " overflows (more than 2^31 elements)", kDamaged);
    }
    const int64_t bytes = elements * static_cast<int64_t>(dtype_size(t.type));
    if (bytes > kMaxTensorBytes)
      fail(label + " shape " + shape_str(t.shape) + " needs " + std::to_string(bytes) +
               " bytes, more than the 2 GiB TinySim supports",
           kDamaged);

    return bytes;
  }

  // The tensor's constant data, if its buffer has any (must match its size).
  void read_constant(const flatbuffers::Vector<flatbuffers::Offset<tflite::Buffer>>* buffers, size_t n_buffers,
                     uint32_t b, int64_t bytes, Tensor& t, const std::string& label) const {
    if (b >= n_buffers && !(b == 0 && n_buffers == 0))
      fail(label + " refers to buffer " + std::to_string(b) + ", but the file has only " + std::to_string(n_buffers) +
               " buffers",
           kDamaged);
    if (b < n_buffers) {
      const auto* data = buffers->Get(b)->data();
      if (data && data->size() > 0) {
        if (t.type != DType::Other && static_cast<int64_t>(data->size()) != bytes)
          fail(label + " has " + std::to_string(data->size()) + " bytes of constant data, but its shape " +
                   shape_str(t.shape) + " of " + dtype_name(t.type) + " needs " + std::to_string(bytes),
               kDamaged);
        t.data.assign(data->begin(), data->end());
      }
    }
  }

  void read_tensors(const tflite::Model& fb, const tflite::SubGraph& sg, Model& model) {
    const auto* buffers = fb.buffers();
    const size_t n_buffers = buffers ? buffers->size() : 0;
    const auto* tensors = sg.tensors();
    if (!tensors) return;
    model.tensors.reserve(tensors->size());
    for (flatbuffers::uoffset_t i = 0; i < tensors->size(); ++i) {
      const tflite::Tensor* ft = tensors->Get(i);
      Tensor t;
      if (ft->name()) t.name = ft->name()->str();
      const std::string label = tensor_label(i, t.name);
      t.type = tflite_codes::dtype_from_tensor_type(static_cast<int8_t>(ft->type()));
      if (t.type == DType::Other) t.tflite_type = static_cast<int8_t>(ft->type());
      t.is_variable = ft->is_variable();
      if (ft->sparsity())
        fail(label + " uses sparse storage, which TinySim does not support", "export the model without sparsity");

      const int64_t bytes = read_shape(*ft, t, label);

      read_quantization(ft->quantization(), t, label);

      read_constant(buffers, n_buffers, ft->buffer(), bytes, t, label);
      model.tensors.push_back(std::move(t));
    }
  }

  void read_quantization(const tflite::QuantizationParameters* q, Tensor& t, const std::string& label) {
    if (!q) return;
    if (q->scale()) t.quant.scale.assign(q->scale()->begin(), q->scale()->end());
    if (q->zero_point()) t.quant.zero_point.assign(q->zero_point()->begin(), q->zero_point()->end());
    t.quant.quantized_dimension = q->quantized_dimension();
    const size_t ns = t.quant.scale.size();
    if (ns == 0) {
      // Zero points without scales carry no quantization; drop them.
      t.quant.zero_point.clear();
      t.quant.quantized_dimension = 0;
      return;
    }
    if (t.quant.zero_point.empty()) t.quant.zero_point.assign(ns, 0);
    if (t.quant.zero_point.size() != ns)
      fail(label + " has " + std::to_string(ns) + " quantization scales but " +
               std::to_string(t.quant.zero_point.size()) + " zero points",
           kDamaged);
    for (float s : t.quant.scale)
      if (!std::isfinite(s) || s < 0) fail(label + " has an invalid quantization scale", kDamaged);
    const int qd = t.quant.quantized_dimension;
    if (ns == 1) {
      // Per-tensor quantization: TFLite and TFLite Micro never read
      // quantized_dimension then, and converters leave odd values in it
      // (TFLM's person-detection model has 3 on 1-D biases). Keep the value
      // so the file round-trips, but only warn.
      if (qd < 0 || (qd > 0 && static_cast<size_t>(qd) >= std::max<size_t>(t.shape.size(), 1)))
        warnings_.push_back(label + " has per-tensor quantization with quantized_dimension " + std::to_string(qd) +
                            " outside its rank " + std::to_string(t.shape.size()) + " (ignored, as TFLite does)");
      return;
    }
    if ((qd < 0 || static_cast<size_t>(qd) >= t.shape.size()) && t.shape.size() == 1 &&
        static_cast<size_t>(t.shape[0]) == ns) {
      // A 1-D tensor (a bias) has one axis its scales can follow. Converters
      // copy the filter's axis (3 for depthwise) onto biases, and TFLite
      // Micro never reads a bias's quantization, so this is harmless.
      warnings_.push_back(label + " has " + std::to_string(ns) + " per-channel scales with quantized_dimension " +
                          std::to_string(qd) + " on a 1-D tensor (read as dimension 0, as TFLite Micro does)");
      t.quant.quantized_dimension = 0;
      return;
    }
    if (qd < 0 || static_cast<size_t>(qd) >= t.shape.size())
      fail(label + " quantized_dimension " + std::to_string(qd) + " is outside its rank " +
               std::to_string(t.shape.size()),
           kDamaged);
    if (static_cast<size_t>(t.shape[static_cast<size_t>(qd)]) != ns)
      fail(label + " has " + std::to_string(ns) + " per-channel scales but dimension " + std::to_string(qd) +
               " of shape " + shape_str(t.shape) + " has " + std::to_string(t.shape[static_cast<size_t>(qd)]),
           kDamaged);
  }

  std::vector<int> read_graph_io(const flatbuffers::Vector<int32_t>* v, const char* what, size_t n_tensors) const {
    std::vector<int> out;
    if (!v) return out;
    for (int32_t idx : *v) {
      if (idx < 0 || static_cast<size_t>(idx) >= n_tensors)
        fail(std::string("model ") + what + " refers to tensor " + std::to_string(idx) + ", but there are only " +
                 std::to_string(n_tensors) + " tensors",
             kDamaged);
      out.push_back(idx);
    }
    return out;
  }

  // Tensor indices of an op's inputs or outputs; `lowest` is -1 where an
  // optional operand may be absent.
  std::vector<int> read_operands(const flatbuffers::Vector<int32_t>* v, int32_t lowest, const std::string& label,
                                 const char* what, size_t n_tensors) const {
    std::vector<int> out;
    if (!v) return out;
    for (int32_t idx : *v) {
      if (idx < lowest || idx >= static_cast<int32_t>(n_tensors))
        fail(label + " " + what + " refers to tensor " + std::to_string(idx) + ", but there are only " +
                 std::to_string(n_tensors) + " tensors",
             kDamaged);
      out.push_back(idx);
    }
    return out;
  }

  void read_ops(const tflite::Model& fb, const tflite::SubGraph& sg, Model& model) const {
    const auto* opcodes = fb.operator_codes();
    const size_t n_codes = opcodes ? opcodes->size() : 0;
    const auto* ops = sg.operators();
    if (!ops) return;
    const size_t n_tensors = model.tensors.size();
    for (flatbuffers::uoffset_t i = 0; i < ops->size(); ++i) {
      const tflite::Operator* fop = ops->Get(i);
      const std::string where = "op " + std::to_string(i);
      if (fop->opcode_index() >= n_codes)
        fail(where + " uses operator code " + std::to_string(fop->opcode_index()) + ", but the file has only " +
                 std::to_string(n_codes),
             kDamaged);
      const tflite::OperatorCode* oc = opcodes->Get(fop->opcode_index());
      // TFLite stores small codes in the int8 field and larger ones in the
      // int32 field; the effective code is the larger of the two.
      const int32_t code = std::max<int32_t>(oc->deprecated_builtin_code(), oc->builtin_code());
      Operator op;
      op.version = oc->version();
      op.type = static_cast<OpType>(code);
      if (op.type == OpType::Custom) {
        op.custom_code = oc->custom_code() ? oc->custom_code()->str() : std::string();
        if (fop->custom_options())
          op.custom_options.assign(fop->custom_options()->begin(), fop->custom_options()->end());
      }
      const std::string label = where + " " + op_label(op);

      op.inputs = read_operands(fop->inputs(), -1, label, "input", n_tensors);
      op.outputs = read_operands(fop->outputs(), 0, label, "output", n_tensors);
      // Ops TinySim does not know are kept as they are, to be shown and
      // reported; known ones are checked and their options parsed.
      if (const OpSchema* schema = find_op_schema(op)) {
        check_arity(*schema, op, label);
        if (schema->read_options) {
          OptionsReader r(*fop, op, model, label);
          schema->read_options(r);
        }
      }
      model.ops.push_back(std::move(op));
    }
  }

  void check_arity(const OpSchema& schema, const Operator& op, const std::string& label) const {
    const size_t min_in = static_cast<size_t>(schema.min_inputs);
    const size_t max_in =
        schema.max_inputs < 0 ? std::numeric_limits<size_t>::max() : static_cast<size_t>(schema.max_inputs);
    if (op.inputs.size() < min_in || op.inputs.size() > max_in ||
        (schema.num_outputs >= 0 ? op.outputs.size() != static_cast<size_t>(schema.num_outputs) : op.outputs.empty()))
      fail(label + " has " + std::to_string(op.inputs.size()) + " inputs and " + std::to_string(op.outputs.size()) +
               " outputs, which does not match the operator",
           kDamaged);
    // Only optional slots beyond the required ones may be absent (-1).
    for (size_t k = 0; k < min_in; ++k)
      if (op.inputs[k] < 0) fail(label + " is missing required input " + std::to_string(k), kDamaged);
  }

  std::string name_;
  std::vector<std::string> warnings_;
};

}  // namespace

Result<Model> parse_tflite(const uint8_t* data, size_t size, const std::string& name) {
  return capture([&]() -> Model {
    if (size > 0 && data == nullptr) throw Error(name, "no data", "pass the model bytes");
    // Flatbuffers reads scalars in place, so the buffer must be aligned like
    // the file offsets assume; copy when the caller's pointer is not.
    if (reinterpret_cast<uintptr_t>(data) % 16 != 0) {
      std::vector<uint8_t> copy(data, data + size);
      return Reader(name).read(copy.data(), copy.size());
    }
    return Reader(name).read(data, size);
  });
}

Result<Model> load_tflite(const std::string& path) {
  return capture([&]() -> Model {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
      throw Error(path, "is a directory, not a model file", "pass the path of a .tflite file");
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw Error(path, "cannot open the file", "check the path and the file permissions");
    const std::streamoff len = in.tellg();
    if (len < 0) throw Error(path, "cannot read the file (is it a directory?)", "pass the path of a .tflite file");
    if (static_cast<uint64_t>(len) >= FLATBUFFERS_MAX_BUFFER_SIZE)
      throw Error(path, "file too large for a flatbuffer (" + std::to_string(len) + " bytes)",
                  "use a model smaller than 2 GiB");
    std::vector<uint8_t> bytes(static_cast<size_t>(len));
    in.seekg(0);
    if (len > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), len))
      throw Error(path, "cannot read the file", "check that the file is readable");
    return parse_tflite(bytes.data(), bytes.size(), path).take();
  });
}

}  // namespace tinysim
