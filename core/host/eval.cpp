// Dispatch of one prepared op to its kernel.
#include "core/common/error.h"
#include "core/host/kernels.h"

namespace tinysim::kernels {
namespace {

template <class T>
T* ptr(void* const* tensors, int index) {
  return index < 0 ? nullptr : static_cast<T*>(tensors[index]);
}

}  // namespace

void eval_op(const PreparedOp& p, void* const* t) {
  const bool f32 = p.kernel == KernelType::Float32;
  const bool i8 = p.kernel == KernelType::Int8;
  switch (p.type) {
    case OpType::Conv2D:
      if (f32) conv2d_float(p, ptr<float>(t, p.input), ptr<float>(t, p.filter), ptr<float>(t, p.bias), ptr<float>(t, p.output));
      else if (i8) conv2d_int8(p, ptr<int8_t>(t, p.input), ptr<int8_t>(t, p.filter), ptr<int32_t>(t, p.bias), ptr<int8_t>(t, p.output));
      else conv2d_int16x8(p, ptr<int16_t>(t, p.input), ptr<int8_t>(t, p.filter), ptr<void>(t, p.bias), ptr<int16_t>(t, p.output));
      return;
    case OpType::DepthwiseConv2D:
      if (f32) depthwise_conv2d_float(p, ptr<float>(t, p.input), ptr<float>(t, p.filter), ptr<float>(t, p.bias), ptr<float>(t, p.output));
      else depthwise_conv2d_int8(p, ptr<int8_t>(t, p.input), ptr<int8_t>(t, p.filter), ptr<int32_t>(t, p.bias), ptr<int8_t>(t, p.output));
      return;
    case OpType::FullyConnected:
      if (f32) fully_connected_float(p, ptr<float>(t, p.input), ptr<float>(t, p.filter), ptr<float>(t, p.bias), ptr<float>(t, p.output));
      else fully_connected_int8(p, ptr<int8_t>(t, p.input), ptr<int8_t>(t, p.filter), ptr<int32_t>(t, p.bias), ptr<int8_t>(t, p.output));
      return;
    case OpType::AveragePool2D:
      if (f32) average_pool_float(p, ptr<float>(t, p.input), ptr<float>(t, p.output));
      else if (i8) average_pool_int8(p, ptr<int8_t>(t, p.input), ptr<int8_t>(t, p.output));
      else break;
      return;
    case OpType::MaxPool2D:
      if (f32) max_pool_float(p, ptr<float>(t, p.input), ptr<float>(t, p.output));
      else if (i8) max_pool_int8(p, ptr<int8_t>(t, p.input), ptr<int8_t>(t, p.output));
      else break;
      return;
    case OpType::Add:
      if (f32) add_float(p, ptr<float>(t, p.input), ptr<float>(t, p.input2), ptr<float>(t, p.output));
      else if (i8) add_int8(p, ptr<int8_t>(t, p.input), ptr<int8_t>(t, p.input2), ptr<int8_t>(t, p.output));
      else add_int16(p, ptr<int16_t>(t, p.input), ptr<int16_t>(t, p.input2), ptr<int16_t>(t, p.output));
      return;
    case OpType::Mul:
      if (f32) mul_float(p, ptr<float>(t, p.input), ptr<float>(t, p.input2), ptr<float>(t, p.output));
      else mul_int8(p, ptr<int8_t>(t, p.input), ptr<int8_t>(t, p.input2), ptr<int8_t>(t, p.output));
      return;
    case OpType::Softmax:
      if (f32) softmax_float(p, ptr<float>(t, p.input), ptr<float>(t, p.output));
      else softmax_int8(p, ptr<int8_t>(t, p.input), ptr<int8_t>(t, p.output));
      return;
    case OpType::Reshape: reshape(p, ptr<void>(t, p.input), ptr<void>(t, p.output)); return;
    case OpType::Pad: pad(p, ptr<void>(t, p.input), ptr<void>(t, p.output)); return;
    case OpType::Concatenation: {
      std::vector<const void*> ins;
      for (int i : p.inputs) ins.push_back(ptr<void>(t, i));
      concatenation(p, ins.data(), ptr<void>(t, p.output));
      return;
    }
    case OpType::Mean:
      if (f32) mean_float(p, ptr<float>(t, p.input), ptr<float>(t, p.output));
      else mean_int8(p, ptr<int8_t>(t, p.input), ptr<int8_t>(t, p.output));
      return;
    case OpType::Quantize:
      if (f32) quantize_float(p, ptr<float>(t, p.input), ptr<void>(t, p.output));
      else requantize(p, ptr<void>(t, p.input), ptr<void>(t, p.output));
      return;
    case OpType::Dequantize: dequantize(p, ptr<void>(t, p.input), ptr<float>(t, p.output)); return;
    case OpType::Relu:
      if (f32) relu_float(p, ptr<float>(t, p.input), ptr<float>(t, p.output));
      else relu_int8(p, ptr<int8_t>(t, p.input), ptr<int8_t>(t, p.output));
      return;
    case OpType::Relu6:
      if (f32) relu_float(p, ptr<float>(t, p.input), ptr<float>(t, p.output));
      else relu6_int8(p, ptr<int8_t>(t, p.input), ptr<int8_t>(t, p.output));
      return;
    case OpType::Logistic:
      if (f32) logistic_float(p, ptr<float>(t, p.input), ptr<float>(t, p.output));
      else logistic_int8(p, ptr<int8_t>(t, p.input), ptr<int8_t>(t, p.output));
      return;
    case OpType::Tanh:
      if (f32) tanh_float(p, ptr<float>(t, p.input), ptr<float>(t, p.output));
      else tanh_int8(p, ptr<int8_t>(t, p.input), ptr<int8_t>(t, p.output));
      return;
    case OpType::Unsupported: break;
  }
  throw Error("op " + std::to_string(p.op_index) + " (" + op_name(p.type) + ", " + kernel_type_name(p.kernel) +
              ") has no host kernel");
}

}  // namespace tinysim::kernels
