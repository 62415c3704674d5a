#include "core/target/plan_writer.h"

#include <algorithm>
#include <cstring>
#include <map>

#include "core/common/error.h"
#include "core/host/fixed_point.h"
#include "core/host/kernels.h"
#include "core/host/op_params.h"
#include "core/model/model_stats.h"
#include "mcu_models/runtime/include/tinysim_plan.h"

namespace tinysim::target {
namespace {

constexpr uint32_t kConstAlign = 16;

class Writer {
 public:
  Writer(const Model& model, const MemoryPlan& memory, uint32_t scratch_base)
      : model_(model), memory_(memory), scratch_base_(scratch_base) {}

  // Constants go to their own area after the records; records hold offsets
  // relative to its start (the header says where it is).
  uint32_t add_const(const void* data, size_t bytes) {
    align(consts_, kConstAlign);
    const uint32_t off = static_cast<uint32_t>(consts_.size());
    const auto* p = static_cast<const uint8_t*>(data);
    consts_.insert(consts_.end(), p, p + bytes);
    return off;
  }
  template <class T>
  uint32_t add_const(const std::vector<T>& v) { return add_const(v.data(), v.size() * sizeof(T)); }

  uint32_t tensor_const(int tensor) {
    auto it = tensor_consts_.find(tensor);
    if (it != tensor_consts_.end()) return it->second;
    const Tensor& t = model_.tensors[static_cast<size_t>(tensor)];
    const uint32_t off = add_const(t.data.data(), t.data.size());
    tensor_consts_[tensor] = off;
    return off;
  }

  ts_tensor tensor(int index, const Dims4& d, const PreparedOp& p) {
    ts_tensor t = tensor_descriptor_only(index, d, p);
    const Tensor& src = model_.tensors[static_cast<size_t>(index)];
    if (src.is_constant()) {
      t.location = TS_IN_PLAN;
      t.offset = tensor_const(index);
    } else {
      if (!memory_.in_arena(index))
        throw Error(model_.source, "tensor " + std::to_string(index) + " (" + src.name + ") has no arena slot",
                    "the memory planner left it out; report this model");
      t.location = TS_IN_ARENA;
      t.offset = static_cast<uint32_t>(memory_.offsets[static_cast<size_t>(index)]);
    }
    return t;
  }

  // The shape and type of a constant without storing its data (sparse weights).
  ts_tensor tensor_descriptor_only(int index, const Dims4& d, const PreparedOp& p) {
    ts_tensor t{};
    const Tensor& src = model_.tensors[static_cast<size_t>(index)];
    t.dtype = dtype_of(src.type, p);
    t.rank = static_cast<uint8_t>(src.shape.size());
    t.dims[0] = d.n;
    t.dims[1] = d.h;
    t.dims[2] = d.w;
    t.dims[3] = d.c;
    t.location = TS_IN_PLAN;
    t.offset = TS_NO_DATA;
    return t;
  }

  static uint8_t dtype_of(DType t, const PreparedOp& p) {
    switch (t) {
      case DType::Float32: return TS_F32;
      case DType::Int8: return TS_S8;
      case DType::Int16: return TS_S16;
      case DType::Int32: return TS_S32;
      case DType::UInt8: return TS_U8;
      default:
        throw Error("op " + std::to_string(p.op_index) + " (" + op_name(p.type) + "): tensor type " +
                    dtype_name(t) + " is not supported on the target");
    }
  }

  template <class Rec>
  void add_record(const Rec& rec) {
    align(records_, 4);
    record_offsets_.push_back(static_cast<uint32_t>(records_.size()));
    const auto* p = reinterpret_cast<const uint8_t*>(&rec);
    records_.insert(records_.end(), p, p + sizeof(Rec));
  }

  // Kernel scratch shares one area after the activations: ops run one at a time.
  uint32_t scratch(uint32_t bytes) {
    max_scratch_ = std::max(max_scratch_, (bytes + 15u) & ~15u);
    return scratch_base_;
  }

  std::vector<uint8_t> finish(uint32_t flags, const std::vector<PlannedIo>& ins, const std::vector<PlannedIo>& outs,
                              uint32_t arena_bytes) {
    std::vector<uint8_t> blob(sizeof(ts_plan_header));
    ts_plan_header h{};
    h.magic = TS_PLAN_MAGIC;
    h.version = TS_PLAN_VERSION;
    h.header_bytes = sizeof(ts_plan_header);
    h.num_ops = static_cast<uint32_t>(record_offsets_.size());
    h.num_inputs = static_cast<uint32_t>(ins.size());
    h.num_outputs = static_cast<uint32_t>(outs.size());
    h.arena_bytes = arena_bytes;
    h.flags = flags;
    h.io_offset = static_cast<uint32_t>(blob.size());
    for (const auto* list : {&ins, &outs})
      for (const PlannedIo& io : *list) {
        ts_io r{io.arena_offset, io.bytes, 0};
        append(blob, &r, sizeof r);
      }
    h.ops_offset = static_cast<uint32_t>(blob.size());
    const uint32_t records_base = h.ops_offset + 4 * h.num_ops;
    for (uint32_t off : record_offsets_) {
      const uint32_t abs = records_base + off;
      append(blob, &abs, 4);
    }
    align(records_, kConstAlign);
    const uint32_t consts_base = static_cast<uint32_t>(((records_base + records_.size()) + kConstAlign - 1) &
                                                       ~size_t{kConstAlign - 1});
    h.consts_offset = consts_base;
    append(blob, records_.data(), records_.size());
    blob.resize(consts_base, 0);
    append(blob, consts_.data(), consts_.size());
    h.total_bytes = static_cast<uint32_t>(blob.size());
    std::memcpy(blob.data(), &h, sizeof h);
    return blob;
  }

  uint32_t const_bytes() const { return static_cast<uint32_t>(consts_.size()); }
  uint32_t max_scratch() const { return max_scratch_; }

 private:
  static void align(std::vector<uint8_t>& v, size_t a) { v.resize((v.size() + a - 1) / a * a, 0); }
  static void append(std::vector<uint8_t>& v, const void* p, size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    v.insert(v.end(), b, b + n);
  }

  const Model& model_;
  const MemoryPlan& memory_;
  std::vector<uint8_t> records_, consts_;
  std::vector<uint32_t> record_offsets_;
  uint32_t scratch_base_ = 0;
  std::map<int, uint32_t> tensor_consts_;
  uint32_t max_scratch_ = 0;
};

[[noreturn]] void unsupported(const Model& m, const PreparedOp& p, const std::string& what) {
  throw Error(m.source,
              "op " + std::to_string(p.op_index) + " (" + op_name(p.type) + ", " + kernel_type_name(p.kernel) +
                  "): " + what + " is not supported by the Cortex-M4 runtime",
              "run it with --backend host, or use an int8/float32 variant of the model");
}

ts_quant quant_of(Writer& w, const PreparedOp& p) {
  // ts_requant.h's fast form assumes this; TFLite's QuantizeMultiplier never makes it
  for (int32_t m : p.output_multiplier)
    if (m == INT32_MIN)
      throw Error("op " + std::to_string(p.op_index) + " (" + op_name(p.type) +
                  "): output multiplier INT32_MIN is not supported by the Cortex-M4 runtime");
  ts_quant q{};
  q.multiplier_offset = w.add_const(p.output_multiplier);
  q.shift_offset = w.add_const(p.output_shift);
  q.per_channel = p.output_multiplier.size() > 1 ? 1 : 0;
  q.input_offset = p.input_offset;
  q.output_offset = p.output_offset;
  q.act_min = p.act_min;
  q.act_max = p.act_max;
  return q;
}

ts_geometry geometry_of(const PreparedOp& p) {
  ts_geometry g{};
  g.stride_w = p.stride_w;
  g.stride_h = p.stride_h;
  g.dilation_w = p.dilation_w;
  g.dilation_h = p.dilation_h;
  g.pad_w = p.pad_w;
  g.pad_h = p.pad_h;
  g.filter_w = p.filter_w;
  g.filter_h = p.filter_h;
  g.depth_multiplier = p.depth_multiplier;
  return g;
}

// bias + input_offset * sum(weights of the channel), with int32 wrap-around:
// lets the DSP kernels multiply raw int8 values (see conv2d_s8.c).
std::vector<int32_t> folded_bias(const Model& m, const PreparedOp& p, int channels, int per_channel_stride,
                                 int channel_stride, int count) {
  const Tensor& f = m.tensors[static_cast<size_t>(p.filter)];
  const int8_t* w = f.as<int8_t>();
  const int32_t* bias = p.bias >= 0 ? m.tensors[static_cast<size_t>(p.bias)].as<int32_t>() : nullptr;
  std::vector<int32_t> out(static_cast<size_t>(channels));
  for (int c = 0; c < channels; ++c) {
    int32_t sum = 0;
    for (int k = 0; k < count; ++k) sum += w[int64_t{c} * channel_stride + int64_t{k} * per_channel_stride];
    out[static_cast<size_t>(c)] = ts_add_wrap(bias ? bias[c] : 0, static_cast<int32_t>(
                                                  static_cast<uint32_t>(p.input_offset) * static_cast<uint32_t>(sum)));
  }
  return out;
}

// Bitmap + non-zero values of a [rows][K] int8 weight matrix (ts_sparse_header).
// Returns the constant offset of the header.
uint32_t add_sparse(Writer& w, const int8_t* weights, int rows, int K, uint64_t& stored_bytes) {
  const int words = (K + 31) / 32;
  std::vector<uint32_t> bitmap(size_t(rows) * size_t(words), 0);
  std::vector<int8_t> values;
  for (int r = 0; r < rows; ++r)
    for (int k = 0; k < K; ++k) {
      const int8_t v = weights[int64_t{r} * K + k];
      if (v == 0) continue;
      bitmap[size_t(r) * size_t(words) + size_t(k / 32)] |= 1u << (k % 32);
      values.push_back(v);
    }
  ts_sparse_header h{};
  h.words_per_row = uint32_t(words);
  h.rows = uint32_t(rows);
  h.nonzeros = uint32_t(values.size());
  h.values_offset = values.empty() ? 0 : w.add_const(values);
  std::vector<uint8_t> blob(sizeof h + bitmap.size() * 4);
  std::memcpy(blob.data(), &h, sizeof h);
  std::memcpy(blob.data() + sizeof h, bitmap.data(), bitmap.size() * 4);
  stored_bytes += blob.size() + values.size();
  return w.add_const(blob.data(), blob.size());
}

double zero_fraction(const Tensor& t) {
  if (t.data.empty()) return 0;
  size_t zeros = 0;
  for (uint8_t b : t.data) zeros += b == 0;
  return double(zeros) / double(t.data.size());
}

bool use_sparse(const Model& m, const PreparedOp& p, const PlanOptions& o) {
  if (p.kernel != KernelType::Int8 || p.filter_offset != 0 || p.filter < 0) return false;
  if (!(o.sparse_threshold > 0 && o.sparse_threshold <= 1)) return false;
  const Tensor& f = m.tensors[size_t(p.filter)];
  return f.is_constant() && zero_fraction(f) >= o.sparse_threshold;
}

// A 256-entry int8 table: the host kernel applied to every int8 value.
template <class Fn>
std::vector<int8_t> int8_table(const PreparedOp& p, Fn kernel) {
  PreparedOp q = p;
  q.flat_size = 256;
  q.input_shape = Dims4{1, 1, 1, 256};
  q.output_shape = q.input_shape;
  q.broadcast = false;
  std::vector<int8_t> in(256), out(256);
  for (int i = 0; i < 256; ++i) in[static_cast<size_t>(i)] = static_cast<int8_t>(i - 128);
  kernel(q, in.data(), out.data());
  return out;
}

// QUANTIZE (float -> int8) and DEQUANTIZE (int8 -> float) share one record.
ts_op_quant quant_record(Writer& w, const ts_op_common& c, uint16_t kind, const PreparedOp& p) {
  ts_op_quant r{};
  r.c = c;
  r.c.kind = kind;
  r.input = w.tensor(p.input, p.input_shape, p);
  r.output = w.tensor(p.output, p.output_shape, p);
  r.scale = p.quant_scale;
  r.zero_point = p.quant_zero_point;
  r.count = static_cast<int32_t>(p.flat_size);
  return r;
}

}  // namespace

PlanBlob build_plan(const Model& model, const MemoryPlan& memory, const PlanOptions& options) {
  PlanBlob blob;
  blob.activation_bytes = static_cast<uint32_t>((memory.arena_bytes + 15) & ~int64_t{15});
  Writer w(model, memory, blob.activation_bytes);
  const ModelStats stats = model_stats(model);

  for (int i = 0; i < static_cast<int>(model.ops.size()); ++i) {
    const PreparedOp p = prepare_op(model, i);
    const bool s8 = p.kernel == KernelType::Int8;
    const bool f32 = p.kernel == KernelType::Float32;
    const bool s16 = p.kernel == KernelType::Int16x8 || p.kernel == KernelType::Int16;
    const bool layout_op = p.type == OpType::Reshape || p.type == OpType::Pad || p.type == OpType::Concatenation;
    if (s16 && !(p.type == OpType::Conv2D || p.type == OpType::Add || layout_op))
      unsupported(model, p, "this int16 op");
    if (!s8 && !f32 && !s16) unsupported(model, p, "this kernel type");
    PlannedLayer layer{i, op_name(p.type), stats.ops[static_cast<size_t>(i)].macs, false};
    uint64_t sparse_stored = 0;  // bytes of this op's sparse weights (bitmap + values)
    ts_op_common c{};
    c.op_index = static_cast<uint32_t>(i);

    switch (p.type) {
      case OpType::Conv2D:
      case OpType::DepthwiseConv2D: {
        const bool dw = p.type == OpType::DepthwiseConv2D;
        if (!dw && p.groups != 1) unsupported(model, p, "grouped convolution");
        ts_op_conv r{};
        r.c = c;
        if (s16 && dw) unsupported(model, p, "int16x8 DEPTHWISE_CONV_2D");
        r.c.kind = static_cast<uint16_t>(dw ? (s8 ? TS_OP_DWCONV_S8 : TS_OP_DWCONV_F32)
                                            : (s8 ? TS_OP_CONV_S8 : s16 ? TS_OP_CONV_S16 : TS_OP_CONV_F32));
        const bool sparse = !dw && use_sparse(model, p, options);
        r.input = w.tensor(p.input, p.input_shape, p);
        if (sparse) {
          r.filter = w.tensor_descriptor_only(p.filter, p.filter_shape, p);
        } else {
          r.filter = w.tensor(p.filter, p.filter_shape, p);
        }
        r.output = w.tensor(p.output, p.output_shape, p);
        r.bias_offset = p.bias >= 0 ? w.tensor_const(p.bias) : TS_NO_DATA;
        r.folded_bias_offset = TS_NO_DATA;
        r.scratch_offset = TS_NO_DATA;
        r.sparse_offset = TS_NO_DATA;
        r.g = geometry_of(p);
        r.f_act_min = p.act_min_f;
        r.f_act_max = p.act_max_f;
        if (s16) {
          r.q = quant_of(w, p);
          r.c.variant = p.bias_type == DType::Int64 ? 1 : 0;
        }
        if (s8) {
          r.q = quant_of(w, p);
          const Dims4& f = p.filter_shape;
          if (dw) {
            // 1HWO: channel oc at stride 1, taps at stride out_channels
            r.folded_bias_offset = w.add_const(folded_bias(model, p, f.c, f.c, 1, f.h * f.w));
            // packed int16 weight pairs [ceil(taps/2)][channels] + a row of zero points
            const uint32_t pairs = static_cast<uint32_t>((f.h * f.w + 1) / 2);
            r.scratch_bytes = pairs * static_cast<uint32_t>(f.c) * 4 + static_cast<uint32_t>(f.c);
            r.scratch_offset = w.scratch(r.scratch_bytes);
          } else {
            const int K = f.h * f.w * f.c;
            r.folded_bias_offset = w.add_const(folded_bias(model, p, f.n, 1, K, K));
            const uint32_t k_pad = static_cast<uint32_t>((K + 3) & ~3);
            if (sparse) {
              r.sparse_offset = add_sparse(w, model.tensors[size_t(p.filter)].as<int8_t>(), f.n, K, sparse_stored);
              r.scratch_bytes = 4 * k_pad; // four gathered pixels
              layer.sparse = true;
            } else {
              r.scratch_bytes = 2 * k_pad + 2 * static_cast<uint32_t>(K / 4) * 8;
            }
            r.scratch_offset = w.scratch(r.scratch_bytes);
          }
        }
        w.add_record(r);
        break;
      }
      case OpType::FullyConnected: {
        ts_op_fc r{};
        r.c = c;
        r.c.kind = static_cast<uint16_t>(s8 ? TS_OP_FC_S8 : TS_OP_FC_F32);
        const bool sparse = use_sparse(model, p, options);
        r.input = w.tensor(p.input, p.input_shape, p);
        r.filter = sparse ? w.tensor_descriptor_only(p.filter, p.filter_shape, p)
                          : w.tensor(p.filter, p.filter_shape, p);
        r.output = w.tensor(p.output, p.output_shape, p);
        r.bias_offset = p.bias >= 0 ? w.tensor_const(p.bias) : TS_NO_DATA;
        r.folded_bias_offset = TS_NO_DATA;
        r.scratch_offset = TS_NO_DATA;
        r.sparse_offset = TS_NO_DATA;
        r.batches = p.fc_batches;
        r.depth = p.fc_accum_depth;
        r.units = p.fc_output_depth;
        r.filter_offset = p.filter_offset;
        r.f_act_min = p.act_min_f;
        r.f_act_max = p.act_max_f;
        if (s8) {
          if (!model.tensors[static_cast<size_t>(p.filter)].is_constant())
            unsupported(model, p, "non-constant weights");
          r.q = quant_of(w, p);
          if (p.filter_offset == 0) {
            r.folded_bias_offset =
                w.add_const(folded_bias(model, p, p.fc_output_depth, 1, p.fc_accum_depth, p.fc_accum_depth));
            if (sparse) {
              r.sparse_offset = add_sparse(w, model.tensors[size_t(p.filter)].as<int8_t>(), p.fc_output_depth,
                                           p.fc_accum_depth, sparse_stored);
              layer.sparse = true;
            } else {
              r.scratch_bytes = static_cast<uint32_t>(p.fc_accum_depth / 4) * 8;
              r.scratch_offset = w.scratch(r.scratch_bytes);
            }
          }
        }
        w.add_record(r);
        break;
      }
      case OpType::AveragePool2D:
      case OpType::MaxPool2D: {
        const bool avg = p.type == OpType::AveragePool2D;
        ts_op_pool r{};
        r.c = c;
        r.c.kind = static_cast<uint16_t>(avg ? (s8 ? TS_OP_AVGPOOL_S8 : TS_OP_AVGPOOL_F32)
                                             : (s8 ? TS_OP_MAXPOOL_S8 : TS_OP_MAXPOOL_F32));
        r.input = w.tensor(p.input, p.input_shape, p);
        r.output = w.tensor(p.output, p.output_shape, p);
        r.g = geometry_of(p);
        r.act_min = p.act_min;
        r.act_max = p.act_max;
        r.f_act_min = p.act_min_f;
        r.f_act_max = p.act_max_f;
        w.add_record(r);
        break;
      }
      case OpType::Add:
      case OpType::Mul: {
        const bool add = p.type == OpType::Add;
        ts_op_binary r{};
        r.c = c;
        if (s16 && !add) unsupported(model, p, "int16 MUL");
        r.c.kind = static_cast<uint16_t>(add ? (s8 ? TS_OP_ADD_S8 : s16 ? TS_OP_ADD_S16 : TS_OP_ADD_F32)
                                             : (s8 ? TS_OP_MUL_S8 : TS_OP_MUL_F32));
        r.in1 = w.tensor(p.input, p.input_shape, p);
        r.in2 = w.tensor(p.input2, p.input2_shape, p);
        r.output = w.tensor(p.output, p.output_shape, p);
        r.input1_offset = p.input_offset;
        r.input2_offset = p.input2_offset;
        r.output_offset = p.output_offset;
        r.left_shift = p.left_shift;
        r.input1_multiplier = p.input1_multiplier;
        r.input1_shift = p.input1_shift;
        r.input2_multiplier = p.input2_multiplier;
        r.input2_shift = p.input2_shift;
        if (!f32) {
          r.output_multiplier = p.output_multiplier.at(0);
          r.output_shift = p.output_shift.at(0);
        }
        r.act_min = p.act_min;
        r.act_max = p.act_max;
        r.f_act_min = p.act_min_f;
        r.f_act_max = p.act_max_f;
        r.broadcast = p.broadcast ? 1 : 0;
        w.add_record(r);
        break;
      }
      case OpType::Softmax: {
        ts_op_softmax r{};
        r.c = c;
        r.c.kind = static_cast<uint16_t>(s8 ? TS_OP_SOFTMAX_S8 : TS_OP_SOFTMAX_F32);
        r.input = w.tensor(p.input, p.input_shape, p);
        r.output = w.tensor(p.output, p.output_shape, p);
        r.input_multiplier = p.input_multiplier;
        r.input_left_shift = p.input_left_shift;
        r.diff_min = p.diff_min;
        r.output_offset = -128;  // TFLite's int8 softmax output zero point
        r.beta = p.beta;
        r.exp_table_offset = TS_NO_DATA;
        if (s8) {
          // exp of (x - max) for the 256 possible differences, with the host's
          // arithmetic (kScaledDiffIntegerBits = 5)
          std::vector<int32_t> table(256);
          for (int d = 0; d < 256; ++d) {
            const int32_t scaled = ts_multiply_by_quantized_multiplier_greater_than_one(-d, p.input_multiplier,
                                                                                        p.input_left_shift);
            table[static_cast<size_t>(d)] = ts_exp_on_negative_values(scaled, 5);
          }
          r.exp_table_offset = w.add_const(table);
        }
        w.add_record(r);
        break;
      }
      case OpType::Mean: {
        ts_op_mean r{};
        r.c = c;
        r.c.kind = static_cast<uint16_t>(s8 ? TS_OP_MEAN_S8 : TS_OP_MEAN_F32);
        r.input = w.tensor(p.input, p.input_shape, p);
        r.output = w.tensor(p.output, p.output_shape, p);
        r.input_offset = -p.input_zero_point;
        r.output_offset = p.output_offset;
        if (s8) {
          r.multiplier = p.output_multiplier.at(0);
          r.shift = p.output_shift.at(0);
        }
        r.count = p.mean_count;
        r.act_min = p.act_min;
        r.act_max = p.act_max;
        w.add_record(r);
        break;
      }
      case OpType::Relu:
      case OpType::Relu6:
      case OpType::Logistic:
      case OpType::Tanh:
      case OpType::Quantize: {
        if (p.type == OpType::Quantize && p.input_type == DType::Float32) {
          if (p.output_type != DType::Int8) unsupported(model, p, "QUANTIZE to int16");
          w.add_record(quant_record(w, c, TS_OP_QUANTIZE_F32_S8, p));
          break;
        }
        if (f32) {
          ts_op_unary r{};
          r.c = c;
          r.c.kind = TS_OP_UNARY_F32;
          r.c.variant = static_cast<uint16_t>(p.type == OpType::Relu ? TS_UNARY_RELU
                                              : p.type == OpType::Relu6 ? TS_UNARY_RELU6
                                              : p.type == OpType::Logistic ? TS_UNARY_LOGISTIC
                                                                           : TS_UNARY_TANH);
          r.input = w.tensor(p.input, p.input_shape, p);
          r.output = w.tensor(p.output, p.output_shape, p);
          r.count = static_cast<int32_t>(p.flat_size);
          w.add_record(r);
          break;
        }
        if (p.input_type != DType::Int8 || p.output_type != DType::Int8) unsupported(model, p, "int16 activations");
        std::vector<int8_t> table;
        switch (p.type) {
          case OpType::Relu: table = int8_table(p, kernels::relu_int8); break;
          case OpType::Relu6: table = int8_table(p, kernels::relu6_int8); break;
          case OpType::Logistic: table = int8_table(p, kernels::logistic_int8); break;
          case OpType::Tanh: table = int8_table(p, kernels::tanh_int8); break;
          default:
            table = int8_table(p, [](const PreparedOp& q, const int8_t* in, int8_t* out) {
              kernels::requantize(q, in, out);
            });
        }
        ts_op_lut r{};
        r.c = c;
        r.c.kind = TS_OP_LUT_S8;
        r.input = w.tensor(p.input, p.input_shape, p);
        r.output = w.tensor(p.output, p.output_shape, p);
        r.table_offset = w.add_const(table);
        r.count = static_cast<uint32_t>(p.flat_size);
        w.add_record(r);
        break;
      }
      case OpType::Dequantize: {
        if (p.input_type != DType::Int8) unsupported(model, p, "DEQUANTIZE from int16");
        w.add_record(quant_record(w, c, TS_OP_DEQUANTIZE_S8_F32, p));
        break;
      }
      case OpType::Reshape: {
        ts_op_copy r{};
        r.c = c;
        r.c.kind = TS_OP_COPY;
        const Tensor& in = model.tensors[static_cast<size_t>(p.input)];
        r.input = w.tensor(p.input, to_dims4({static_cast<int32_t>(in.num_elements())}, "reshape"), p);
        r.output = w.tensor(p.output, to_dims4({static_cast<int32_t>(in.num_elements())}, "reshape"), p);
        r.bytes = static_cast<uint32_t>(in.num_bytes());
        w.add_record(r);
        break;
      }
      case OpType::Pad: {
        ts_op_pad r{};
        r.c = c;
        r.c.kind = TS_OP_PAD;
        r.input = w.tensor(p.input, p.input_shape, p);
        r.output = w.tensor(p.output, p.output_shape, p);
        for (int d = 0; d < 4; ++d) r.before[d] = p.pad_before[static_cast<size_t>(d)];
        r.elem_bytes = static_cast<uint32_t>(p.elem_bytes);
        if (f32) std::memcpy(&r.pad_value, &p.pad_value_f, 4);
        else if (p.elem_bytes == 1) r.pad_value = static_cast<uint8_t>(static_cast<int8_t>(p.pad_value_q));
        else r.pad_value = static_cast<uint16_t>(static_cast<int16_t>(p.pad_value_q));
        w.add_record(r);
        break;
      }
      case OpType::Concatenation: {
        if (p.inputs.size() > TS_CONCAT_MAX) unsupported(model, p, "more than 8 CONCATENATION inputs");
        ts_op_concat r{};
        r.c = c;
        r.c.kind = TS_OP_CONCAT;
        r.output = w.tensor(p.output, p.output_shape, p);
        for (size_t k = 0; k < p.inputs.size(); ++k) {
          const Tensor& t = model.tensors[static_cast<size_t>(p.inputs[k])];
          r.inputs[k] = w.tensor(p.inputs[k], to_dims4(t.shape, "concatenation input"), p);
        }
        r.num_inputs = static_cast<int32_t>(p.inputs.size());
        r.axis = p.concat_axis;
        r.elem_bytes = static_cast<uint32_t>(p.elem_bytes);
        w.add_record(r);
        break;
      }
      default: unsupported(model, p, "this op");
    }
    if (p.type == OpType::Conv2D || p.type == OpType::DepthwiseConv2D || p.type == OpType::FullyConnected) {
      const uint64_t wb = static_cast<uint64_t>(model.tensors[static_cast<size_t>(p.filter)].data.size());
      blob.dense_weight_bytes += wb;
      blob.stored_weight_bytes += layer.sparse ? sparse_stored : wb;
    }
    blob.layers.push_back(layer);
  }

  auto io = [&](int t) {
    if (!memory.in_arena(t))
      throw Error(model.source, "graph input/output tensor " + std::to_string(t) + " is not in the arena",
                  "constant graph outputs are not supported on the target");
    return PlannedIo{static_cast<uint32_t>(memory.offsets[static_cast<size_t>(t)]),
                     static_cast<uint32_t>(model.tensors[static_cast<size_t>(t)].num_bytes()), t};
  };
  for (int t : model.inputs) blob.inputs.push_back(io(t));
  for (int t : model.outputs) blob.outputs.push_back(io(t));

  blob.arena_bytes = blob.activation_bytes + w.max_scratch();
  blob.constant_bytes = w.const_bytes();
  blob.bytes = w.finish(options.flags, blob.inputs, blob.outputs, blob.arena_bytes);
  return blob;
}

}  // namespace tinysim::target
