#include "core/data/har_generator.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/common/error.h"
#include "core/data/seeded_rng.h"

namespace tinysim {
namespace {

using Vec3 = std::array<double, 3>;  // (anterior, vertical, lateral) of the thigh
using Mat3 = std::array<Vec3, 3>;

constexpr double kTwoPi = 2.0 * M_PI;

Mat3 rotation(double roll, double pitch, double yaw) {
  const double cr = std::cos(roll), sr = std::sin(roll), cp = std::cos(pitch), sp = std::sin(pitch),
               cy = std::cos(yaw), sy = std::sin(yaw);
  return {{{cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr},
           {sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr},
           {-sp, cp * sr, cp * cr}}};
}

Mat3 multiply(const Mat3& a, const Mat3& b) {
  Mat3 m{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) m[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
  return m;
}

Vec3 rotate(const Mat3& m, const Vec3& v) {
  return {m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2], m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
          m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2]};
}

// Rotation by angle a about the thigh's long (vertical) axis: how far the
// phone is turned inside the pocket.
Mat3 about_thigh(double a) {
  const double c = std::cos(a), s = std::sin(a);
  return {{{c, 0, s}, {0, 1, 0}, {-s, 0, c}}};
}

// The accelerometer measures specific force: +1 g "up" at rest. Tilting the
// thigh forward by angle a (in the sagittal plane) moves that 1 g from the
// vertical axis towards the anterior axis.
Vec3 gravity_at_pitch(double a) { return {std::sin(a), std::cos(a), 0.0}; }

Vec3 mix(const Vec3& a, const Vec3& b, double w) {  // w = weight of b
  return {a[0] + w * (b[0] - a[0]), a[1] + w * (b[1] - a[1]), a[2] + w * (b[2] - a[2])};
}

// 0 before t0, 1 after t0 + width, a smooth cosine ramp in between.
double ramp(double t, double t0, double width) {
  const double u = std::clamp((t - t0) / width, 0.0, 1.0);
  return 0.5 - 0.5 * std::cos(M_PI * u);
}

// Everything that stays the same for one person (and their phone in a pocket).
struct Subject {
  double walk_hz, run_hz;  // step frequency
  double vigour;           // scales gait accelerations
  double swing;            // thigh swing amplitude while walking (rad)
  double sit_angle;        // thigh pitch when seated (rad)
  double heel;             // heel-strike transient while walking (g)
  double contact;          // fraction of a running step on the ground
  Mat3 mount;              // phone orientation in the pocket
  Vec3 bias;               // accelerometer offset (g)
  double noise;            // white sensor noise (g, 1 sigma)
  double clock;            // sample clock error (relative)
};

Subject make_subject(int id) {
  SeededRng r(SeededRng::mix(0x4841525355424A, static_cast<uint64_t>(id)));
  Subject s;
  // Cadences overlap at the edges: brisk walkers reach 2.3 Hz, slow joggers
  // start at 2.2 Hz.
  s.walk_hz = r.uniform(1.5, 2.2);
  s.run_hz = r.uniform(2.3, 3.1);
  s.vigour = r.uniform(0.7, 1.35);
  s.swing = r.uniform(0.22, 0.48);
  s.sit_angle = r.uniform(1.15, 1.7);
  s.heel = r.uniform(0.1, 0.6);
  s.contact = r.uniform(0.36, 0.5);
  // The phone can go into the pocket either way up and turned any way
  // around the thigh, plus a tilt of the pocket itself.
  const bool upside_down = r.chance(0.5);
  const Mat3 tilt = rotation(r.uniform(-0.35, 0.35), 0.0, r.uniform(-0.35, 0.35));
  s.mount = multiply(tilt, multiply(rotation(upside_down ? M_PI : 0.0, 0.0, 0.0), about_thigh(r.uniform(-M_PI, M_PI))));
  s.bias = {r.normal(0, 0.04), r.normal(0, 0.04), r.normal(0, 0.04)};
  s.noise = r.uniform(0.01, 0.05);
  s.clock = r.uniform(-0.03, 0.03);
  return s;
}

// What varies from one recording (window) to the next.
struct Window {
  std::array<double, 8> ph;
  double vig, walk_f, run_f, contact;
  bool brisk_walk, slow_jog;
};

// Walking: thigh swings at stride frequency (half the step rate); the body
// bounces at step rate with harmonics; each heel strike adds a short pulse.
Vec3 walking(const Subject& s, double t, double f, const Window& w, double vig) {
  const std::array<double, 8>& ph = w.ph;
  const double a = s.swing * std::sin(M_PI * f * t + ph[0]) + 0.1;
  Vec3 g = gravity_at_pitch(a);
  g[0] += vig * (0.15 * std::sin(kTwoPi * f * t + ph[1]) + 0.06 * std::sin(2 * kTwoPi * f * t + ph[2]));
  g[1] += vig * (0.30 * std::sin(kTwoPi * f * t + ph[3]) + 0.12 * std::sin(2 * kTwoPi * f * t + ph[4]) +
                 0.05 * std::sin(3 * kTwoPi * f * t + ph[5]));
  g[2] += vig * 0.08 * std::sin(M_PI * f * t + ph[6]);
  const double phase = std::fmod(f * t + ph[7] / kTwoPi, 1.0);
  const double heel = (w.brisk_walk ? 2.0 : 1.0) * s.heel * vig * std::exp(-std::pow(phase / 0.035, 2));
  g[1] += heel;
  g[0] -= 0.4 * heel;
  return g;
}

// Running: a large thigh swing and foot-strike pulses; between strikes the
// runner is airborne, so the sensed force dips towards 0 g every step. A slow
// jog keeps the foot down longer (lower, wider pulses).
Vec3 running(const Subject& s, double t, double f, const Window& w, double vig) {
  const std::array<double, 8>& ph = w.ph;
  const double a = (w.slow_jog ? 1.3 : 1.8) * s.swing * std::sin(M_PI * f * t + ph[0]) + 0.25;
  const double phase = std::fmod(f * t + ph[1] / kTwoPi, 1.0);
  const double contact = w.contact;
  double pulse = 0.0;
  if (phase < contact) pulse = std::pow(std::sin(M_PI * phase / contact), 2);
  // The average force over a step must be 1 g (the runner does not fly away):
  // the mean of sin^2 over the contact is 1/2, so the peak is 2/contact g.
  const double vertical = vig * (2.0 / contact) * pulse;
  const Vec3 dir = gravity_at_pitch(a);
  Vec3 g{};
  for (int k = 0; k < 3; ++k) g[k] = dir[k] * (vertical + (1.0 - vig));
  g[0] += vig * 0.35 * std::sin(kTwoPi * f * t + ph[2]);
  g[2] += vig * 0.2 * std::sin(M_PI * f * t + ph[3]);
  return g;
}

Vec3 standing(double t, double sway_f, double sway_a) {
  return gravity_at_pitch(0.05 + sway_a * std::sin(kTwoPi * sway_f * t));
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
  const double window_s = static_cast<double>(kHarWindow) / kHarSampleRateHz;

  for (size_t w = 0; w < o.num_windows; ++w) {
    const int cls = static_cast<int>(w % 4);
    SeededRng r(SeededRng::mix(o.seed, w, 0x484152));
    const Subject& s = subjects[static_cast<size_t>(r.integer(0, o.num_subjects - 1))];
    Window win;
    for (double& p : win.ph) p = r.uniform(0, kTwoPi);
    // Re-seating of the phone between recordings.
    const Mat3 jitter = rotation(r.normal(0, 0.1), r.normal(0, 0.25), r.normal(0, 0.1));
    win.brisk_walk = r.chance(0.3);
    win.slow_jog = r.chance(0.3);
    win.vig = s.vigour * r.uniform(0.8, 1.2);
    win.walk_f = win.brisk_walk ? r.uniform(2.0, 2.4) : s.walk_hz * r.uniform(0.92, 1.08);
    win.run_f = win.slow_jog ? r.uniform(2.1, 2.45) : s.run_hz * r.uniform(0.92, 1.08);
    win.contact = win.slow_jog ? r.uniform(0.52, 0.65) : s.contact;
    const double walk_vig = win.vig * (win.brisk_walk ? r.uniform(1.2, 1.6) : 1.0);
    const double run_vig = win.vig * (win.slow_jog ? r.uniform(0.4, 0.65) : 1.0);
    const double sway_f = r.uniform(0.1, 0.5), sway_a = r.uniform(0.01, 0.05);

    // Transition at an edge of the window: the activity starts late or ends
    // early (standing, or walking before/after a run; getting up or sitting
    // down). The window's label is the activity that fills most of it.
    const bool edge = r.chance(0.35);
    const bool edge_at_start = r.chance(0.5);
    const double edge_len = r.uniform(0.2, 0.8);
    const double edge_ramp = r.uniform(0.15, 0.4);
    // Sitting: posture with slow sway, fidgets, leg bouncing, shifting.
    const double sit_angle = s.sit_angle + r.normal(0, 0.1);
    const int fidgets = r.integer(0, 3);
    std::array<double, 3> fidget_t{}, fidget_a{}, fidget_dir{}, fidget_w{};
    for (int k = 0; k < 3; ++k) {
      fidget_t[k] = r.uniform(0.1, 1.9);
      fidget_a[k] = r.uniform(0.05, 0.4);
      fidget_dir[k] = r.uniform(0, kTwoPi);
      fidget_w[k] = r.uniform(0.06, 0.2);
    }
    const bool bounce = r.chance(0.3);  // heel tapping / knee jiggle
    const double bounce_f = r.uniform(3.0, 6.0), bounce_a = r.uniform(0.05, 0.35);
    const double bounce_t0 = r.uniform(0.0, 1.2), bounce_t1 = bounce_t0 + r.uniform(0.5, 1.5);
    const double shift = r.chance(0.3) ? r.normal(0, 0.25) : 0.0;  // crossing legs, leaning
    const double shift_t = r.uniform(0.2, 1.6);
    // Fall timeline: before (standing, walking or sitting up), falling,
    // impact, after (lying still, moving, or trying to get up).
    const int before = r.integer(0, 2);
    const double t_fall = r.uniform(0.0, 1.2);
    const double severity = r.uniform(0.0, 1.0);  // 0: slumping/sliding down, 1: hard fall
    const double t_free = 0.2 + 0.25 * severity * r.uniform(0.6, 1.0) + r.uniform(0.0, 0.15);
    const double t_impact = t_fall + t_free;
    const double residual = 0.75 - 0.65 * severity + r.uniform(-0.05, 0.05);  // force left during the drop
    const double impact_peak = 1.6 + 4.4 * severity * r.uniform(0.7, 1.0);
    const double impact_width = r.uniform(0.06, 0.14);
    const double impact_tau = r.uniform(0.03, 0.08);
    const double impact_f = r.uniform(6.0, 16.0);
    const int lying_side = r.integer(0, 3);  // back, front, left, right
    Vec3 lying = lying_side == 0 ? Vec3{-1, 0.15, 0} : lying_side == 1 ? Vec3{1, 0.15, 0}
                 : lying_side == 2 ? Vec3{0.1, 0.15, 1} : Vec3{0.1, 0.15, -1};
    lying[1] += r.uniform(-0.1, 0.5);  // legs not flat (on stairs, against furniture)
    const double ln = std::sqrt(lying[0] * lying[0] + lying[1] * lying[1] + lying[2] * lying[2]);
    for (double& v : lying) v /= ln;
    const Vec3 impact_dir = {0.4 * lying[0] + r.normal(0, 0.25), 0.8 + r.normal(0, 0.25),
                             0.4 * lying[2] + r.normal(0, 0.25)};
    const int after = r.integer(0, 2);
    const double after_f = r.uniform(0.3, 1.5), after_a = r.uniform(0.1, 0.4);
    // Sensor: slow drift of the offset over the window, clock jitter.
    const Vec3 drift = {r.normal(0, 0.02), r.normal(0, 0.02), r.normal(0, 0.02)};
    const double rate = kHarSampleRateHz * (1.0 + s.clock + r.normal(0, 0.005));

    float* out = d.sample(w);
    for (int i = 0; i < kHarWindow; ++i) {
      const double t = std::max(0.0, static_cast<double>(i) / rate + r.normal(0, 0.002));
      // Share of the window's own activity at time t (1 away from an edge transition).
      double own = 1.0;
      if (edge && cls != 3)
        own = edge_at_start ? ramp(t, edge_len, edge_ramp) : 1.0 - ramp(t, window_s - edge_len - edge_ramp, edge_ramp);
      Vec3 f{};
      switch (cls) {
        case 0:
          f = mix(standing(t, sway_f, sway_a), walking(s, t, win.walk_f, win, walk_vig), own);
          break;
        case 1: {
          double pitch = sit_angle + sway_a * std::sin(kTwoPi * sway_f * t + win.ph[0]) + shift * ramp(t, shift_t, 0.3);
          // Sitting down / getting up: the thigh rotates between upright and seated.
          pitch = 0.05 + own * (pitch - 0.05);
          f = gravity_at_pitch(pitch);
          if (own < 1.0 && own > 0.0) f[1] += 0.25 * std::sin(M_PI * own) * std::cos(win.ph[2]);
          for (int k = 0; k < fidgets; ++k) {
            const double u = (t - fidget_t[k]) / fidget_w[k];
            const double bump = fidget_a[k] * std::exp(-u * u);
            f[0] += bump * std::cos(fidget_dir[k]);
            f[1] += 0.5 * bump * std::sin(2 * fidget_dir[k]);
            f[2] += bump * std::sin(fidget_dir[k]);
          }
          if (bounce && t > bounce_t0 && t < bounce_t1) {
            const double b = bounce_a * std::sin(kTwoPi * bounce_f * t + win.ph[3]);
            f[0] += 0.3 * b;
            f[1] += b;
          }
          break;
        }
        case 2: {
          // Edge transition of a run: walking into it or out of it.
          const Vec3 walk = walking(s, t, win.walk_f, win, walk_vig);
          f = own >= 1.0 ? running(s, t, win.run_f, win, run_vig) : mix(walk, running(s, t, win.run_f, win, run_vig), own);
          break;
        }
        case 3: {
          if (t < t_fall) {
            f = before == 0 ? standing(t, sway_f, sway_a)
                : before == 1 ? walking(s, t, win.walk_f, win, walk_vig)
                              : gravity_at_pitch(0.05 + 0.3 * std::sin(kTwoPi * sway_f * t));
          } else if (t < t_impact) {
            // The sensed force falls while the body rotates; a slump keeps
            // much of it (knees buckle, hands catch).
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
            Vec3 rest = lying;
            const double settle = ramp(u, 0.4, 0.3);
            if (after == 1) {  // rolling over, moving limbs
              rest = mix(lying, gravity_at_pitch(1.4 + 0.4 * std::sin(kTwoPi * after_f * u)), settle * 0.5);
              rest[2] += settle * after_a * std::sin(kTwoPi * after_f * u + win.ph[4]);
            } else if (after == 2) {  // pushing up to sit / kneel
              rest = mix(lying, gravity_at_pitch(1.0), settle * 0.7);
              rest[1] += settle * after_a * std::sin(kTwoPi * 2 * after_f * u + win.ph[5]);
            }
            for (int a = 0; a < 3; ++a) f[a] = rest[a] + spike * impact_dir[a];
          }
          break;
        }
      }
      f = rotate(s.mount, rotate(jitter, f));
      for (int a = 0; a < 3; ++a) {
        const double v = f[a] + s.bias[a] + drift[a] * t + r.normal(0, s.noise);
        // +-8 g sensor range, 12-bit output (1/256 g steps).
        out[i * kHarAxes + a] = static_cast<float>(std::round(std::clamp(v, -8.0, 8.0) * 256.0) / 256.0);
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
