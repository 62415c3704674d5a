#include "core/train/train_kernels.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace tinysim::train {

void padded_output(int in, int k, int stride, int dilation, Padding padding, int& out, int& pad_before) {
  const int eff_k = (k - 1) * dilation + 1;
  if (padding == Padding::Same) {
    out = (in + stride - 1) / stride;
  } else {
    out = in >= eff_k ? (in - eff_k) / stride + 1 : 0;
  }
  const int total = std::max((out - 1) * stride + eff_k - in, 0);
  pad_before = padding == Padding::Same ? total / 2 : 0;
}

ConvGeom make_geom(int batch, int in_h, int in_w, int in_c, int k_h, int k_w, int out_c,
                   const OpOptions& o) {
  ConvGeom g;
  g.batch = batch;
  g.in_h = in_h;
  g.in_w = in_w;
  g.in_c = in_c;
  g.k_h = k_h;
  g.k_w = k_w;
  g.out_c = out_c;
  g.stride_h = o.stride_h;
  g.stride_w = o.stride_w;
  g.dil_h = o.dilation_h;
  g.dil_w = o.dilation_w;
  g.depth_multiplier = o.depth_multiplier;
  padded_output(in_h, k_h, g.stride_h, g.dil_h, o.padding, g.out_h, g.pad_top);
  padded_output(in_w, k_w, g.stride_w, g.dil_w, o.padding, g.out_w, g.pad_left);
  return g;
}

namespace {

template <class T>
using RowMat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <class T>
using MapRow = Eigen::Map<RowMat<T>>;
template <class T>
using CMapRow = Eigen::Map<const RowMat<T>>;

// Rows: one per output pixel (batch-major, NHWC order); columns: the filter
// taps in OHWI order (ky, kx, c), zero where the tap falls in the padding.
template <class T>
void im2col(const ConvGeom& g, const T* x, T* col) {
  const int64_t K = int64_t(g.k_h) * g.k_w * g.in_c;
  int64_t r = 0;
  for (int b = 0; b < g.batch; ++b)
    for (int oy = 0; oy < g.out_h; ++oy)
      for (int ox = 0; ox < g.out_w; ++ox, ++r) {
        T* row = col + r * K;
        for (int ky = 0; ky < g.k_h; ++ky) {
          const int iy = oy * g.stride_h - g.pad_top + ky * g.dil_h;
          for (int kx = 0; kx < g.k_w; ++kx) {
            const int ix = ox * g.stride_w - g.pad_left + kx * g.dil_w;
            T* dst = row + (int64_t(ky) * g.k_w + kx) * g.in_c;
            if (iy < 0 || iy >= g.in_h || ix < 0 || ix >= g.in_w) {
              std::fill(dst, dst + g.in_c, T(0));
            } else {
              const T* src = x + ((int64_t(b) * g.in_h + iy) * g.in_w + ix) * g.in_c;
              std::copy(src, src + g.in_c, dst);
            }
          }
        }
      }
}

template <class T>
void col2im_add(const ConvGeom& g, const T* col, T* dx) {
  const int64_t K = int64_t(g.k_h) * g.k_w * g.in_c;
  int64_t r = 0;
  for (int b = 0; b < g.batch; ++b)
    for (int oy = 0; oy < g.out_h; ++oy)
      for (int ox = 0; ox < g.out_w; ++ox, ++r) {
        const T* row = col + r * K;
        for (int ky = 0; ky < g.k_h; ++ky) {
          const int iy = oy * g.stride_h - g.pad_top + ky * g.dil_h;
          if (iy < 0 || iy >= g.in_h) continue;
          for (int kx = 0; kx < g.k_w; ++kx) {
            const int ix = ox * g.stride_w - g.pad_left + kx * g.dil_w;
            if (ix < 0 || ix >= g.in_w) continue;
            const T* src = row + (int64_t(ky) * g.k_w + kx) * g.in_c;
            T* dst = dx + ((int64_t(b) * g.in_h + iy) * g.in_w + ix) * g.in_c;
            for (int c = 0; c < g.in_c; ++c) dst[c] += src[c];
          }
        }
      }
}

}  // namespace

template <class T>
void conv2d_forward(const ConvGeom& g, const T* x, const T* w, const T* bias, T* y) {
  const int64_t rows = int64_t(g.batch) * g.out_h * g.out_w;
  const int64_t K = int64_t(g.k_h) * g.k_w * g.in_c;
  std::vector<T> col(rows * K);
  im2col(g, x, col.data());
  MapRow<T> Y(y, rows, g.out_c);
  Y.noalias() = CMapRow<T>(col.data(), rows, K) * CMapRow<T>(w, g.out_c, K).transpose();
  if (bias) Y.rowwise() += Eigen::Map<const Eigen::Matrix<T, 1, Eigen::Dynamic>>(bias, g.out_c);
}

template <class T>
void conv2d_backward(const ConvGeom& g, const T* x, const T* w, const T* dy, T* dx, T* dw, T* dbias) {
  const int64_t rows = int64_t(g.batch) * g.out_h * g.out_w;
  const int64_t K = int64_t(g.k_h) * g.k_w * g.in_c;
  CMapRow<T> DY(dy, rows, g.out_c);
  if (dbias) Eigen::Map<Eigen::Matrix<T, 1, Eigen::Dynamic>>(dbias, g.out_c) += DY.colwise().sum();
  std::vector<T> col(rows * K);
  if (dw) {
    im2col(g, x, col.data());
    MapRow<T>(dw, g.out_c, K).noalias() += DY.transpose() * CMapRow<T>(col.data(), rows, K);
  }
  if (dx) {
    MapRow<T>(col.data(), rows, K).noalias() = DY * CMapRow<T>(w, g.out_c, K);
    col2im_add(g, col.data(), dx);
  }
}

template <class T>
void depthwise_forward(const ConvGeom& g, const T* x, const T* w, const T* bias, T* y) {
  const int M = g.depth_multiplier, OC = g.out_c;
  for (int b = 0; b < g.batch; ++b)
    for (int oy = 0; oy < g.out_h; ++oy)
      for (int ox = 0; ox < g.out_w; ++ox) {
        T* out = y + ((int64_t(b) * g.out_h + oy) * g.out_w + ox) * OC;
        for (int oc = 0; oc < OC; ++oc) out[oc] = bias ? bias[oc] : T(0);
        for (int ky = 0; ky < g.k_h; ++ky) {
          const int iy = oy * g.stride_h - g.pad_top + ky * g.dil_h;
          if (iy < 0 || iy >= g.in_h) continue;
          for (int kx = 0; kx < g.k_w; ++kx) {
            const int ix = ox * g.stride_w - g.pad_left + kx * g.dil_w;
            if (ix < 0 || ix >= g.in_w) continue;
            const T* in = x + ((int64_t(b) * g.in_h + iy) * g.in_w + ix) * g.in_c;
            const T* wk = w + (int64_t(ky) * g.k_w + kx) * OC;
            for (int c = 0; c < g.in_c; ++c)
              for (int m = 0; m < M; ++m) out[c * M + m] += in[c] * wk[c * M + m];
          }
        }
      }
}

template <class T>
void depthwise_backward(const ConvGeom& g, const T* x, const T* w, const T* dy, T* dx, T* dw,
                        T* dbias) {
  const int M = g.depth_multiplier, OC = g.out_c;
  for (int b = 0; b < g.batch; ++b)
    for (int oy = 0; oy < g.out_h; ++oy)
      for (int ox = 0; ox < g.out_w; ++ox) {
        const T* d = dy + ((int64_t(b) * g.out_h + oy) * g.out_w + ox) * OC;
        if (dbias)
          for (int oc = 0; oc < OC; ++oc) dbias[oc] += d[oc];
        for (int ky = 0; ky < g.k_h; ++ky) {
          const int iy = oy * g.stride_h - g.pad_top + ky * g.dil_h;
          if (iy < 0 || iy >= g.in_h) continue;
          for (int kx = 0; kx < g.k_w; ++kx) {
            const int ix = ox * g.stride_w - g.pad_left + kx * g.dil_w;
            if (ix < 0 || ix >= g.in_w) continue;
            const int64_t in_off = ((int64_t(b) * g.in_h + iy) * g.in_w + ix) * g.in_c;
            const int64_t w_off = (int64_t(ky) * g.k_w + kx) * OC;
            for (int c = 0; c < g.in_c; ++c)
              for (int m = 0; m < M; ++m) {
                const int oc = c * M + m;
                if (dw) dw[w_off + oc] += x[in_off + c] * d[oc];
                if (dx) dx[in_off + c] += w[w_off + oc] * d[oc];
              }
          }
        }
      }
}

template <class T>
void fc_forward(int batch, int in, int out, const T* x, const T* w, const T* bias, T* y) {
  MapRow<T> Y(y, batch, out);
  Y.noalias() = CMapRow<T>(x, batch, in) * CMapRow<T>(w, out, in).transpose();
  if (bias) Y.rowwise() += Eigen::Map<const Eigen::Matrix<T, 1, Eigen::Dynamic>>(bias, out);
}

template <class T>
void fc_backward(int batch, int in, int out, const T* x, const T* w, const T* dy, T* dx, T* dw,
                 T* dbias) {
  CMapRow<T> DY(dy, batch, out);
  if (dbias) Eigen::Map<Eigen::Matrix<T, 1, Eigen::Dynamic>>(dbias, out) += DY.colwise().sum();
  if (dw) MapRow<T>(dw, out, in).noalias() += DY.transpose() * CMapRow<T>(x, batch, in);
  if (dx) MapRow<T>(dx, batch, in).noalias() += DY * CMapRow<T>(w, out, in);
}

namespace {
// Calls f(out_index, in_index) for every in-bounds tap of every output.
template <class F>
void for_each_pool_tap(const ConvGeom& g, F&& f) {
  for (int b = 0; b < g.batch; ++b)
    for (int oy = 0; oy < g.out_h; ++oy)
      for (int ox = 0; ox < g.out_w; ++ox)
        for (int c = 0; c < g.in_c; ++c) {
          const int64_t o = ((int64_t(b) * g.out_h + oy) * g.out_w + ox) * g.in_c + c;
          for (int ky = 0; ky < g.k_h; ++ky) {
            const int iy = oy * g.stride_h - g.pad_top + ky;
            if (iy < 0 || iy >= g.in_h) continue;
            for (int kx = 0; kx < g.k_w; ++kx) {
              const int ix = ox * g.stride_w - g.pad_left + kx;
              if (ix < 0 || ix >= g.in_w) continue;
              f(o, ((int64_t(b) * g.in_h + iy) * g.in_w + ix) * g.in_c + c);
            }
          }
        }
}
template <class T>
std::vector<T> pool_counts(const ConvGeom& g) {
  std::vector<T> n(int64_t(g.batch) * g.out_h * g.out_w * g.in_c, T(0));
  for_each_pool_tap(g, [&](int64_t o, int64_t) { n[o] += T(1); });
  return n;
}
}  // namespace

template <class T>
void avgpool_forward(const ConvGeom& g, const T* x, T* y) {
  const int64_t n_out = int64_t(g.batch) * g.out_h * g.out_w * g.in_c;
  std::fill(y, y + n_out, T(0));
  for_each_pool_tap(g, [&](int64_t o, int64_t i) { y[o] += x[i]; });
  const auto n = pool_counts<T>(g);
  for (int64_t o = 0; o < n_out; ++o) y[o] = n[o] > 0 ? y[o] / n[o] : T(0);
}

template <class T>
void avgpool_backward(const ConvGeom& g, const T* dy, T* dx) {
  const auto n = pool_counts<T>(g);
  for_each_pool_tap(g, [&](int64_t o, int64_t i) { dx[i] += dy[o] / n[o]; });
}

template <class T>
void maxpool_forward(const ConvGeom& g, const T* x, T* y) {
  const int64_t n_out = int64_t(g.batch) * g.out_h * g.out_w * g.in_c;
  std::fill(y, y + n_out, -std::numeric_limits<T>::infinity());
  for_each_pool_tap(g, [&](int64_t o, int64_t i) { y[o] = std::max(y[o], x[i]); });
}

template <class T>
void maxpool_backward(const ConvGeom& g, const T* x, const T* dy, T* dx) {
  const int64_t n_out = int64_t(g.batch) * g.out_h * g.out_w * g.in_c;
  std::vector<int64_t> arg(n_out, -1);
  std::vector<T> best(n_out, -std::numeric_limits<T>::infinity());
  for_each_pool_tap(g, [&](int64_t o, int64_t i) {
    if (arg[o] < 0 || x[i] > best[o]) {
      best[o] = x[i];
      arg[o] = i;
    }
  });
  for (int64_t o = 0; o < n_out; ++o)
    if (arg[o] >= 0) dx[arg[o]] += dy[o];
}

namespace {
template <class F>
void for_each_mean(const int d[4], const bool reduce[4], F&& f) {
  int od[4];
  for (int k = 0; k < 4; ++k) od[k] = reduce[k] ? 1 : d[k];
  for (int a = 0; a < d[0]; ++a)
    for (int b = 0; b < d[1]; ++b)
      for (int c = 0; c < d[2]; ++c)
        for (int e = 0; e < d[3]; ++e) {
          const int i[4] = {a, b, c, e};
          int o[4];
          for (int k = 0; k < 4; ++k) o[k] = reduce[k] ? 0 : i[k];
          const int64_t in = ((int64_t(a) * d[1] + b) * d[2] + c) * d[3] + e;
          const int64_t out = ((int64_t(o[0]) * od[1] + o[1]) * od[2] + o[2]) * od[3] + o[3];
          f(out, in);
        }
}
}  // namespace

template <class T>
void mean_forward(const int dims[4], const bool reduce[4], const T* x, T* y) {
  int64_t n_out = 1, count = 1;
  for (int k = 0; k < 4; ++k) (reduce[k] ? count : n_out) *= dims[k];
  std::fill(y, y + n_out, T(0));
  for_each_mean(dims, reduce, [&](int64_t o, int64_t i) { y[o] += x[i]; });
  for (int64_t o = 0; o < n_out; ++o) y[o] /= T(count);
}

template <class T>
void mean_backward(const int dims[4], const bool reduce[4], const T* dy, T* dx) {
  int64_t count = 1;
  for (int k = 0; k < 4; ++k)
    if (reduce[k]) count *= dims[k];
  for_each_mean(dims, reduce, [&](int64_t o, int64_t i) { dx[i] += dy[o] / T(count); });
}

template <class T>
void activation_forward(Activation a, T* y, int64_t n) {
  switch (a) {
    case Activation::None: return;
    case Activation::Relu:
      for (int64_t i = 0; i < n; ++i) y[i] = std::max(y[i], T(0));
      return;
    case Activation::Relu6:
      for (int64_t i = 0; i < n; ++i) y[i] = std::clamp(y[i], T(0), T(6));
      return;
    case Activation::ReluN1To1:
      for (int64_t i = 0; i < n; ++i) y[i] = std::clamp(y[i], T(-1), T(1));
      return;
    case Activation::Tanh:
      for (int64_t i = 0; i < n; ++i) y[i] = std::tanh(y[i]);
      return;
    case Activation::SignBit: break;
  }
  for (int64_t i = 0; i < n; ++i) y[i] = y[i] < T(0) ? T(1) : T(0);
}

template <class T>
void activation_backward(Activation a, const T* y, T* dy, int64_t n) {
  switch (a) {
    case Activation::None: return;
    case Activation::Relu:
      for (int64_t i = 0; i < n; ++i)
        if (!(y[i] > T(0))) dy[i] = T(0);
      return;
    case Activation::Relu6:
      for (int64_t i = 0; i < n; ++i)
        if (!(y[i] > T(0) && y[i] < T(6))) dy[i] = T(0);
      return;
    case Activation::ReluN1To1:
      for (int64_t i = 0; i < n; ++i)
        if (!(y[i] > T(-1) && y[i] < T(1))) dy[i] = T(0);
      return;
    case Activation::Tanh:
      for (int64_t i = 0; i < n; ++i) dy[i] *= T(1) - y[i] * y[i];
      return;
    case Activation::SignBit: break;
  }
  for (int64_t i = 0; i < n; ++i) dy[i] = T(0);
}

template <class T>
void softmax_rows(const T* z, T* p, int rows, int cols, T beta) {
  for (int r = 0; r < rows; ++r) {
    const T* zr = z + int64_t(r) * cols;
    T* pr = p + int64_t(r) * cols;
    T mx = *std::max_element(zr, zr + cols);
    T sum = 0;
    for (int c = 0; c < cols; ++c) sum += pr[c] = std::exp(beta * (zr[c] - mx));
    for (int c = 0; c < cols; ++c) pr[c] /= sum;
  }
}

#define TINYSIM_INSTANTIATE(T)                                                                  \
  template void conv2d_forward<T>(const ConvGeom&, const T*, const T*, const T*, T*);          \
  template void conv2d_backward<T>(const ConvGeom&, const T*, const T*, const T*, T*, T*, T*); \
  template void depthwise_forward<T>(const ConvGeom&, const T*, const T*, const T*, T*);       \
  template void depthwise_backward<T>(const ConvGeom&, const T*, const T*, const T*, T*, T*,   \
                                      T*);                                                     \
  template void fc_forward<T>(int, int, int, const T*, const T*, const T*, T*);               \
  template void fc_backward<T>(int, int, int, const T*, const T*, const T*, T*, T*, T*);      \
  template void avgpool_forward<T>(const ConvGeom&, const T*, T*);                            \
  template void avgpool_backward<T>(const ConvGeom&, const T*, T*);                           \
  template void maxpool_forward<T>(const ConvGeom&, const T*, T*);                            \
  template void maxpool_backward<T>(const ConvGeom&, const T*, const T*, T*);                 \
  template void mean_forward<T>(const int[4], const bool[4], const T*, T*);                   \
  template void mean_backward<T>(const int[4], const bool[4], const T*, T*);                  \
  template void activation_forward<T>(Activation, T*, int64_t);                               \
  template void activation_backward<T>(Activation, const T*, T*, int64_t);                    \
  template void softmax_rows<T>(const T*, T*, int, int, T);

TINYSIM_INSTANTIATE(float)
TINYSIM_INSTANTIATE(double)

}  // namespace tinysim::train
