#include "core/optimize/har_generator.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/common/error.h"
#include "core/optimize/seeded_rng.h"

namespace tinysim {
namespace {

using Vec3 = std::array<double, 3>;  // (anterior, vertical, lateral) of the thigh
using Mat3 = std::array<Vec3, 3>;

Mat3 rotation(double roll, double pitch, double yaw) {
  const double cr = std::cos(roll), sr = std::sin(roll), cp = std::cos(pitch), sp = std::sin(pitch),
               cy = std::cos(yaw), sy = std::sin(yaw);
  return {{{cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr},
           {sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr},
           {-sp, cp * sr, cp * cr}}};
}

Vec3 rotate(const Mat3& m, const Vec3& v) {
  return {m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2], m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
          m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2]};
}

// The accelerometer measures specific force: +1 g "up" at rest. Tilting the
// thigh forward by angle a (in the sagittal plane) moves that 1 g from the
// vertical axis towards the anterior axis.
Vec3 gravity_at_pitch(double a) { return {std::sin(a), std::cos(a), 0.0}; }

// Everything that stays the same for one person (and their phone in a pocket).
struct Subject {
  double walk_hz, run_hz;  // step frequency
  double vigour;           // scales gait accelerations
  double swing;            // thigh swing amplitude while walking (rad)
  double sit_angle;        // thigh pitch when seated (rad)
  Mat3 mount;              // phone orientation in the pocket
  Vec3 bias;               // accelerometer offset (g)
  double noise;            // white sensor noise (g, 1 sigma)
};

Subject make_subject(int id) {
  SeededRng r(SeededRng::mix(0x4841525355424A, static_cast<uint64_t>(id)));
  Subject s;
  s.walk_hz = r.uniform(1.55, 2.1);
  s.run_hz = r.uniform(2.5, 3.2);
  s.vigour = r.uniform(0.75, 1.3);
  s.swing = r.uniform(0.25, 0.45);
  s.sit_angle = r.uniform(1.25, 1.65);
  s.mount = rotation(r.uniform(-0.45, 0.45), r.uniform(-0.3, 0.3), r.uniform(-0.45, 0.45));
  s.bias = {r.normal(0, 0.02), r.normal(0, 0.02), r.normal(0, 0.02)};
  s.noise = r.uniform(0.01, 0.035);
  return s;
}

constexpr double kTwoPi = 2.0 * M_PI;

// Walking: thigh swings at stride frequency (half the step rate); the body
// bounces at step rate with harmonics.
Vec3 walking(const Subject& s, double t, double f, const std::array<double, 8>& ph, double vig) {
  const double a = s.swing * std::sin(M_PI * f * t + ph[0]) + 0.1;
  Vec3 g = gravity_at_pitch(a);
  g[0] += vig * (0.15 * std::sin(kTwoPi * f * t + ph[1]) + 0.06 * std::sin(2 * kTwoPi * f * t + ph[2]));
  g[1] += vig * (0.30 * std::sin(kTwoPi * f * t + ph[3]) + 0.12 * std::sin(2 * kTwoPi * f * t + ph[4]) +
                 0.05 * std::sin(3 * kTwoPi * f * t + ph[5]));
  g[2] += vig * 0.08 * std::sin(M_PI * f * t + ph[6]);
  return g;
}

// Running: a large thigh swing and foot-strike pulses; between strikes the
// runner is airborne, so the sensed force dips towards 0 g every step.
Vec3 running(const Subject& s, double t, double f, const std::array<double, 8>& ph, double vig) {
  const double a = 1.8 * s.swing * std::sin(M_PI * f * t + ph[0]) + 0.25;
  const double phase = std::fmod(f * t + ph[1] / kTwoPi, 1.0);
  const double contact = 0.38;  // fraction of a step with the foot on the ground
  double pulse = 0.0;
  if (phase < contact) pulse = std::pow(std::sin(M_PI * phase / contact), 2);
  // The average force over a step must be 1 g (the runner does not fly away):
  // the mean of sin^2 over the contact is 1/2, so the peak is 2/contact g.
  const double vertical = vig * (2.0 / contact) * pulse;
  // Gravity is carried by the pulses: the mean along the thigh stays 1 g.
  const Vec3 dir = gravity_at_pitch(a);
  Vec3 g{};
  for (int k = 0; k < 3; ++k) g[k] = dir[k] * (vertical + (1.0 - vig));
  g[0] += vig * 0.35 * std::sin(kTwoPi * f * t + ph[2]);
  g[2] += vig * 0.2 * std::sin(M_PI * f * t + ph[3]);
  return g;
}

}  // namespace

Dataset generate_har(const HarOptions& o) {
  if (o.num_subjects <= 0) throw Error("har", "num_subjects must be positive");
  Dataset d;
  d.name = "har";
  d.sample_shape = {1, kHarWindow, kHarAxes};
  d.num_classes = 4;
  d.class_names = {"walking", "sitting", "running", "fall"};
  d.x.resize(o.num_windows * kHarWindow * kHarAxes);
  d.y.resize(o.num_windows);
  std::vector<Subject> subjects;
  for (int i = 0; i < o.num_subjects; ++i) subjects.push_back(make_subject(o.first_subject + i));

  for (size_t w = 0; w < o.num_windows; ++w) {
    const int cls = static_cast<int>(w % 4);
    SeededRng r(SeededRng::mix(o.seed, w, 0x484152));
    const Subject& s = subjects[static_cast<size_t>(r.integer(0, o.num_subjects - 1))];
    std::array<double, 8> ph;
    for (double& p : ph) p = r.uniform(0, kTwoPi);
    // Small re-seating of the phone between recordings.
    const Mat3 jitter = rotation(r.normal(0, 0.06), r.normal(0, 0.06), r.normal(0, 0.06));
    const double vig = s.vigour * r.uniform(0.85, 1.15);
    const double walk_f = s.walk_hz * r.uniform(0.93, 1.07);
    const double run_f = s.run_hz * r.uniform(0.93, 1.07);
    // Sitting: posture with slow sway and perhaps one fidget.
    const double sway_f = r.uniform(0.1, 0.5), sway_a = r.uniform(0.01, 0.05);
    const bool fidget = r.chance(0.35);
    const double fidget_t = r.uniform(0.2, 1.7), fidget_a = r.uniform(0.05, 0.2);
    const double sit_angle = s.sit_angle + r.normal(0, 0.08);
    // Fall timeline: upright (standing or walking), free fall, impact, lying.
    const bool walking_before = r.chance(0.5);
    const double t_fall = r.uniform(0.2, 0.85);
    const double t_free = r.uniform(0.25, 0.45);
    const double t_impact = t_fall + t_free;
    const double residual = r.uniform(0.05, 0.35);  // drag/limb motion during the dip
    const double impact_peak = r.uniform(2.5, 6.0);
    const double impact_width = r.uniform(0.06, 0.1);
    const double impact_tau = r.uniform(0.03, 0.06);
    const double impact_f = r.uniform(8.0, 16.0);
    const int lying_side = r.integer(0, 3);  // back, front, left, right
    const Vec3 lying = lying_side == 0 ? Vec3{-1, 0.15, 0} : lying_side == 1 ? Vec3{1, 0.15, 0}
                       : lying_side == 2 ? Vec3{0.1, 0.15, 1} : Vec3{0.1, 0.15, -1};
    const Vec3 impact_dir = {0.4 * lying[0] + r.normal(0, 0.2), 0.8 + r.normal(0, 0.2), 0.4 * lying[2] + r.normal(0, 0.2)};

    float* out = d.sample(w);
    for (int i = 0; i < kHarWindow; ++i) {
      const double t = static_cast<double>(i) / kHarSampleRateHz;
      Vec3 f{};
      switch (cls) {
        case 0: f = walking(s, t, walk_f, ph, vig); break;
        case 1: {
          f = gravity_at_pitch(sit_angle + sway_a * std::sin(kTwoPi * sway_f * t + ph[0]));
          if (fidget) {
            const double u = (t - fidget_t) / 0.12;
            const double bump = fidget_a * std::exp(-u * u);
            f[0] += bump * std::cos(ph[1]);
            f[2] += bump * std::sin(ph[1]);
          }
          break;
        }
        case 2: f = running(s, t, run_f, ph, vig); break;
        case 3: {
          if (t < t_fall) {
            f = walking_before ? walking(s, t, walk_f, ph, vig) : gravity_at_pitch(0.05 + sway_a * std::sin(kTwoPi * sway_f * t));
          } else if (t < t_impact) {
            // The sensed force falls towards ~0 g while the body rotates.
            const double u = (t - t_fall) / t_free;
            const double k = std::clamp(u * 2.5, 0.0, 1.0);
            const Vec3 up = gravity_at_pitch(0.05 + 1.2 * u * (lying[0] < 0 ? -1 : 1));
            for (int a = 0; a < 3; ++a) f[a] = up[a] * ((1.0 - k) + k * residual);
          } else {
            const double u = t - t_impact;
            // Ground contact: a half-sine force pulse, then a damped rebound.
            const double spike = u < impact_width
                                     ? impact_peak * std::sin(M_PI * u / impact_width)
                                     : -0.3 * impact_peak * std::exp(-(u - impact_width) / impact_tau) *
                                           std::sin(kTwoPi * impact_f * (u - impact_width));
            const double n = std::sqrt(lying[0] * lying[0] + lying[1] * lying[1] + lying[2] * lying[2]);
            for (int a = 0; a < 3; ++a) f[a] = lying[a] / n + spike * impact_dir[a];
          }
          break;
        }
      }
      f = rotate(s.mount, rotate(jitter, f));
      for (int a = 0; a < 3; ++a) {
        const double v = f[a] + s.bias[a] + r.normal(0, s.noise);
        out[i * kHarAxes + a] = static_cast<float>(std::clamp(v, -8.0, 8.0));  // +-8 g sensor range
      }
    }
    d.y[w] = cls;
  }
  return d;
}

Dataset har_split(const std::string& split, size_t n) {
  HarOptions o;
  if (split == "train") {
    o.seed = 11; o.first_subject = 0; o.num_subjects = 24; o.num_windows = n ? n : 4000;
  } else if (split == "calib") {
    o.seed = 13; o.first_subject = 0; o.num_subjects = 24; o.num_windows = n ? n : 400;
  } else if (split == "test") {
    o.seed = 17; o.first_subject = 100; o.num_subjects = 8; o.num_windows = n ? n : 1000;
  } else {
    throw Error("har", "unknown split '" + split + "'", "use train, test or calib");
  }
  Dataset d = generate_har(o);
  d.name = "har";
  return d;
}

}  // namespace tinysim
