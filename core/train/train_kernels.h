// Forward and backward passes of the trainable layers on a batch of NHWC
// activations, in TFLite's layouts (OHWI conv filters, 1HWO depthwise filters,
// OI fully-connected weights) so the trainer works directly on an IR model.
// Templated on the scalar so the gradient checks can run them in double;
// training instantiates float. Backward functions ACCUMULATE (+=) into the
// gradients they are given; a null gradient pointer is skipped.
#pragma once

#include <cstdint>

#include "core/model/ir.h"

namespace tinysim::train {

// Geometry of CONV_2D, DEPTHWISE_CONV_2D and the pools; padding follows
// TFLite (SAME: out = ceil(in / stride), the extra padding goes after).
struct ConvGeom {
  int batch = 1, in_h = 1, in_w = 1, in_c = 1;
  int out_h = 1, out_w = 1, out_c = 1;
  int k_h = 1, k_w = 1;
  int stride_h = 1, stride_w = 1, dil_h = 1, dil_w = 1;
  int pad_top = 0, pad_left = 0;
  int depth_multiplier = 1;  // depthwise only: out_c = in_c * depth_multiplier
};

// Output size and leading padding of one spatial dimension.
void padded_output(int in, int k, int stride, int dilation, Padding padding, int& out, int& pad_before);

ConvGeom make_geom(int batch, int in_h, int in_w, int in_c, int k_h, int k_w, int out_c,
                   const OpOptions& o);

template <class T>
void conv2d_forward(const ConvGeom& g, const T* x, const T* w, const T* bias, T* y);
template <class T>
void conv2d_backward(const ConvGeom& g, const T* x, const T* w, const T* dy, T* dx, T* dw, T* dbias);

template <class T>
void depthwise_forward(const ConvGeom& g, const T* x, const T* w, const T* bias, T* y);
template <class T>
void depthwise_backward(const ConvGeom& g, const T* x, const T* w, const T* dy, T* dx, T* dw,
                        T* dbias);

// x: [batch, in], w: [out, in], y: [batch, out].
template <class T>
void fc_forward(int batch, int in, int out, const T* x, const T* w, const T* bias, T* y);
template <class T>
void fc_backward(int batch, int in, int out, const T* x, const T* w, const T* dy, T* dx, T* dw,
                 T* dbias);

// Average pooling divides by the number of in-bounds taps (TFLite).
template <class T>
void avgpool_forward(const ConvGeom& g, const T* x, T* y);
template <class T>
void avgpool_backward(const ConvGeom& g, const T* dy, T* dx);
template <class T>
void maxpool_forward(const ConvGeom& g, const T* x, T* y);
// The gradient goes to the first maximum of each window, as TF does.
template <class T>
void maxpool_backward(const ConvGeom& g, const T* x, const T* dy, T* dx);

// MEAN over the axes flagged in reduce[0..3] of a 4-D [d0, d1, d2, d3] tensor.
template <class T>
void mean_forward(const int dims[4], const bool reduce[4], const T* x, T* y);
template <class T>
void mean_backward(const int dims[4], const bool reduce[4], const T* dy, T* dx);

// Fused or standalone activations, in place on y. The backward masks dy
// using the activation's OUTPUT (enough for ReLU, ReLU6, ReLU_N1_TO_1, tanh).
template <class T>
void activation_forward(Activation a, T* y, int64_t n);
template <class T>
void activation_backward(Activation a, const T* y, T* dy, int64_t n);

// Row-wise softmax of beta * z.
template <class T>
void softmax_rows(const T* z, T* p, int rows, int cols, T beta);

}  // namespace tinysim::train
